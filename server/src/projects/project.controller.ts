import { Body, Controller, HttpCode, Param, Post, Patch } from '@nestjs/common';
import {
  COMMAND_BODIES,
  type ProjectAggregate,
  type ProjectCommand,
  type ScopedActor,
  assertInScope,
  notFound,
  projectDecider,
  rejected,
  streams,
} from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer } from '../commands/command-handler';
import { CommandService, Submission } from '../commands/command.service';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { parseCommand } from '../http/validation';

/** Only a project in the actor's task forces or regions may be changed by a supervisor. */
const projectGuard = (actor: ScopedActor) => (state: ProjectAggregate) => {
  if (state.status === 'none') throw notFound('project_not_found', '项目不存在');
  assertInScope(actor, { taskForceId: state.taskForceId, regionId: state.regionId });
};

@Controller('api/projects')
@Roles('admin', 'supervisor')
export class ProjectController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async register(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [{ id: given, ...data }, submission] = parseCommand(COMMAND_BODIES.registerProject, raw, actor, key);
    assertInScope(actor, { taskForceId: data.taskForceId, regionId: data.regionId });
    if (!(await this.commands.exists(streams.taskForce(data.taskForceId))))
      throw rejected('unknown_task_force', `产业专班 ${data.taskForceId} 不存在`);
    if (!(await this.commands.exists(streams.region(data.regionId)))) throw rejected('unknown_region', `属地 ${data.regionId} 不存在`);
    const id = this.commands.newId('p', given, submission);
    return this.commands.submit(
      streams.project(id),
      projectDecider,
      { type: 'RegisterProject', data: { projectId: id, ...data } },
      {
        ...submission,
        occurredOn: data.stageOn,
      },
    );
  }

  @Patch(':id')
  async amend(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [changes, submission] = parseCommand(COMMAND_BODIES.amendProject, raw, actor, key);
    return this.run(id, { type: 'AmendProject', data: changes }, submission);
  }

  @Post(':id/stage')
  @HttpCode(201)
  async stage(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [data, submission] = parseCommand(COMMAND_BODIES.advanceStage, raw, actor, key);
    return this.run(id, { type: 'AdvanceStage', data }, submission, data.on);
  }

  @Post(':id/progress')
  @HttpCode(201)
  async progress(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [data, submission] = parseCommand(COMMAND_BODIES.reportProgress, raw, actor, key);
    return this.run(id, { type: 'ReportProgress', data }, submission);
  }

  @Post(':id/stalled')
  @HttpCode(201)
  async stalled(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [data, submission] = parseCommand(COMMAND_BODIES.markStalled, raw, actor, key);
    return this.run(id, { type: 'MarkStalled', data }, submission, data.on);
  }

  @Post(':id/revitalized')
  @HttpCode(201)
  async revitalized(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [data, submission] = parseCommand(COMMAND_BODIES.revitalize, raw, actor, key);
    return this.run(id, { type: 'Revitalize', data }, submission, data.on);
  }

  @Post(':id/terminated')
  @HttpCode(201)
  async terminated(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [data, submission] = parseCommand(COMMAND_BODIES.terminate, raw, actor, key);
    return this.run(id, { type: 'Terminate', data }, submission, data.on);
  }

  @Post(':id/leader')
  @HttpCode(201)
  async leader(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [data, submission] = parseCommand(COMMAND_BODIES.assignLeader, raw, actor, key);
    const on = data.on ?? this.commands.today();
    return this.run(id, { type: 'AssignLeader', data: { leaderId: data.leaderId, on } }, submission, on);
  }

  private run(id: string, command: Omit<ProjectCommand, 'meta'>, submission: Submission<AuthenticatedActor>, occurredOn?: string) {
    return this.commands.submit(streams.project(id), projectDecider, command, {
      ...submission,
      guard: projectGuard(submission.actor),
      occurredOn,
    });
  }
}
