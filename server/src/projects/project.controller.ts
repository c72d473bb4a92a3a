import { Body, Controller, HttpCode, Param, Post, Patch } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { assertInScope } from '../auth/scope';
import { CommandAnswer, CommandService, Submission } from '../commands/command.service';
import { ProjectCommand, ProjectState, projectDecider } from '../domain/project.decider';
import { notFound, rejected } from '../domain/errors';
import { IdempotencyKey } from '../http/submission';
import { parseBody, withoutRevision } from '../http/validation';

export const projectStream = (id: string) => `project-${id}`;

/** Only a project in the actor's task forces or regions may be changed by a supervisor. */
export const projectGuard = (actor: AuthenticatedActor) => (state: ProjectState) => {
  if (state.status === 'none') throw notFound('project_not_found', '项目不存在');
  assertInScope(actor, { taskForceId: state.taskForceId, regionId: state.regionId });
};

@Controller('api/projects')
@Roles('admin', 'supervisor')
export class ProjectController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async register(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [body, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.registerProject, raw));
    const submission: Submission = { actor, idempotencyKey, expectedRevision };
    const { id: given, ...data } = body;
    assertInScope(actor, { taskForceId: data.taskForceId, regionId: data.regionId });
    if (!(await this.commands.exists(`taskforce-${data.taskForceId}`))) throw rejected('unknown_task_force', `产业专班 ${data.taskForceId} 不存在`);
    if (!(await this.commands.exists(`region-${data.regionId}`))) throw rejected('unknown_region', `属地 ${data.regionId} 不存在`);
    const id = this.commands.newId('p', given, submission);
    return this.commands.submit<ProjectState, ProjectCommand>(
      id,
      projectStream(id),
      projectDecider,
      { type: 'RegisterProject', data: { projectId: id, ...data } },
      submission,
      undefined,
      data.stageOn,
    );
  }

  @Patch(':id')
  async amend(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [changes, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.amendProject, raw));
    return this.run(id, { type: 'AmendProject', data: changes }, { actor, idempotencyKey: key, expectedRevision });
  }

  @Post(':id/stage')
  @HttpCode(201)
  async stage(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.advanceStage, raw));
    return this.run(id, { type: 'AdvanceStage', data }, { actor, idempotencyKey: key, expectedRevision }, data.on);
  }

  @Post(':id/progress')
  @HttpCode(201)
  async progress(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.reportProgress, raw));
    return this.run(id, { type: 'ReportProgress', data }, { actor, idempotencyKey: key, expectedRevision });
  }

  @Post(':id/stalled')
  @HttpCode(201)
  async stalled(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.markStalled, raw));
    return this.run(id, { type: 'MarkStalled', data }, { actor, idempotencyKey: key, expectedRevision }, data.on);
  }

  @Post(':id/revitalized')
  @HttpCode(201)
  async revitalized(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.revitalize, raw));
    return this.run(id, { type: 'Revitalize', data }, { actor, idempotencyKey: key, expectedRevision }, data.on);
  }

  @Post(':id/terminated')
  @HttpCode(201)
  async terminated(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.terminate, raw));
    return this.run(id, { type: 'Terminate', data }, { actor, idempotencyKey: key, expectedRevision }, data.on);
  }

  @Post(':id/leader')
  @HttpCode(201)
  async leader(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() key?: string) {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.assignLeader, raw));
    const on = data.on ?? this.commands.today();
    return this.run(id, { type: 'AssignLeader', data: { leaderId: data.leaderId, on } }, { actor, idempotencyKey: key, expectedRevision }, on);
  }

  private run(id: string, command: Omit<ProjectCommand, 'meta'>, submission: Submission, occurredOn?: string): Promise<CommandAnswer> {
    return this.commands.submit<ProjectState, ProjectCommand>(
      id,
      projectStream(id),
      projectDecider,
      command,
      submission,
      projectGuard(submission.actor),
      occurredOn,
    );
  }
}
