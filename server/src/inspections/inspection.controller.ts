import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  COMMAND_BODIES,
  assertInScope,
  inspectionDecider,
  inspectionProblemId,
  notFound,
  projectDecider,
  streams,
} from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer } from '../commands/command-handler';
import { CommandService } from '../commands/command.service';
import { loadState } from '../commands/load-state';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { parseCommand } from '../http/validation';

@Controller('api/inspections')
@Roles('admin', 'supervisor')
export class InspectionController {
  constructor(private readonly commands: CommandService) {}

  /** The problems it raises are recorded in the inspection's own event; a reactor opens their streams. */
  @Post()
  @HttpCode(201)
  async record(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [{ id: given, problems = [], ...data }, submission] = parseCommand(COMMAND_BODIES.recordInspection, raw, actor, key);
    const { state: project } = await loadState(this.commands.store, streams.project(data.projectId), projectDecider);
    if (project.status === 'none') throw notFound('project_not_found', `项目 ${data.projectId} 不存在`);
    assertInScope(actor, { regionId: project.regionId, taskForceId: project.taskForceId });
    const id = this.commands.newId('i', given, submission);
    const raised = problems.map((p, i) => ({ problemId: inspectionProblemId(id, i + 1), ...p }));
    return this.commands.submit(
      streams.inspection(id),
      inspectionDecider,
      { type: 'RecordInspection', data: { inspectionId: id, ...data, problems: raised } },
      { ...submission, occurredOn: data.on },
    );
  }
}
