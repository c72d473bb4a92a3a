import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { assertInScope } from '../auth/scope';
import { CommandAnswer, CommandService, Submission } from '../commands/command.service';
import { toDomainEvent } from '../commands/command-handler';
import { notFound } from '../domain/errors';
import { InspectionCommand, InspectionState, inspectionDecider, inspectionProblemId } from '../domain/inspection.decider';
import { projectDecider } from '../domain/project.decider';
import { IdempotencyKey } from '../http/submission';
import { parseBody, withoutRevision } from '../http/validation';
import { projectStream } from '../projects/project.controller';

export const inspectionStream = (id: string) => `inspection-${id}`;

@Controller('api/inspections')
@Roles('admin', 'supervisor')
export class InspectionController {
  constructor(private readonly commands: CommandService) {}

  /** The problems it raises are recorded in the inspection's own event; a reactor opens their streams. */
  @Post()
  @HttpCode(201)
  async record(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [body, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.recordInspection, raw));
    const { id: given, problems = [], ...data } = body;
    const { events } = await this.commands.store.readStream(projectStream(data.projectId));
    const project = events.map(toDomainEvent).reduce(projectDecider.evolve, projectDecider.initialState());
    if (project.status === 'none') throw notFound('project_not_found', `项目 ${data.projectId} 不存在`);
    assertInScope(actor, { regionId: project.regionId, taskForceId: project.taskForceId });
    const submission: Submission = { actor, idempotencyKey, expectedRevision };
    const id = this.commands.newId('i', given, submission);
    return this.commands.submit<InspectionState, InspectionCommand>(
      id,
      inspectionStream(id),
      inspectionDecider,
      {
        type: 'RecordInspection',
        data: { inspectionId: id, ...data, problems: problems.map((p, i) => ({ problemId: inspectionProblemId(id, i + 1), ...p })) },
      },
      submission,
      undefined,
      data.on,
    );
  }
}
