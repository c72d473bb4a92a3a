import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import type { ZodType } from 'zod';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { assertInScope } from '../auth/scope';
import { CommandAnswer, CommandService, Submission } from '../commands/command.service';
import { notFound, rejected } from '../domain/errors';
import { ProblemCommand, ProblemState, problemDecider } from '../domain/problem.decider';
import { projectDecider } from '../domain/project.decider';
import { IdempotencyKey } from '../http/submission';
import { parseBody, withoutRevision } from '../http/validation';
import { projectStream } from '../projects/project.controller';
import { toDomainEvent } from '../commands/command-handler';

export const problemStream = (id: string) => `problem-${id}`;

const TRANSITIONS = {
  assign: ['assignProblem', 'AssignProblem'],
  escalate: ['escalateProblem', 'EscalateProblem'],
  resolve: ['resolveProblem', 'ResolveProblem'],
  close: ['closeProblem', 'CloseProblem'],
  reopen: ['reopenProblem', 'ReopenProblem'],
} as const;

@Controller('api/problems')
@Roles('admin', 'supervisor')
export class ProblemController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async raise(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [body, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.raiseProblem, raw));
    const { id: given, raisedOn, ...data } = body;
    const scope = data.projectId ? await this.projectScope(data.projectId) : { regionId: data.regionId, taskForceId: data.taskForceId };
    if (!scope.regionId && !scope.taskForceId) {
      throw rejected('problem_unplaced', '请指明问题所属的项目、属地或产业专班');
    }
    assertInScope(actor, scope);
    const submission: Submission = { actor, idempotencyKey, expectedRevision };
    const id = this.commands.newId('q', given, submission);
    const on = raisedOn ?? this.commands.today();
    return this.commands.submit<ProblemState, ProblemCommand>(
      id,
      problemStream(id),
      problemDecider,
      { type: 'RaiseProblem', data: { problemId: id, ...data, ...scope, raisedOn: on } },
      submission,
      undefined,
      on,
    );
  }

  @Post(':id/:transition')
  @HttpCode(201)
  async transition(
    @Param('id') id: string,
    @Param('transition') transition: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<CommandAnswer> {
    if (!Object.prototype.hasOwnProperty.call(TRANSITIONS, transition)) throw notFound('not_found', '没有这个地址');
    const [bodyName, type] = TRANSITIONS[transition as keyof typeof TRANSITIONS];
    const schema = COMMAND_BODIES[bodyName] as unknown as ZodType<{ on?: string; expectedRevision?: number }>;
    const [data, expectedRevision] = withoutRevision(parseBody(schema, raw));
    const on = data.on ?? this.commands.today();
    const command = { type, data: { ...data, on } } as Omit<ProblemCommand, 'meta'>;
    return this.commands.submit<ProblemState, ProblemCommand>(
      id,
      problemStream(id),
      problemDecider,
      command,
      { actor, idempotencyKey, expectedRevision },
      (state) => {
        if (state.status === 'none') throw notFound('problem_not_found', '问题不存在');
        assertInScope(actor, { regionId: state.regionId, taskForceId: state.taskForceId });
      },
      on,
    );
  }

  /** A problem on a project belongs to the project's region and task force. */
  private async projectScope(projectId: string): Promise<{ regionId: string; taskForceId: string; projectId: string }> {
    const { events } = await this.commands.store.readStream(projectStream(projectId));
    const state = events.map(toDomainEvent).reduce(projectDecider.evolve, projectDecider.initialState());
    if (state.status === 'none') throw notFound('project_not_found', `项目 ${projectId} 不存在`);
    return { projectId, regionId: state.regionId, taskForceId: state.taskForceId };
  }
}

