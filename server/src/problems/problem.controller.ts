import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  COMMAND_BODIES,
  PROBLEM_TRANSITIONS,
  type ProblemCommand,
  type ProblemTransition,
  assertInScope,
  notFound,
  problemDecider,
  projectDecider,
  streams,
} from '@battlemap/events';
import type { ZodType } from 'zod';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer } from '../commands/command-handler';
import { CommandService } from '../commands/command.service';
import { loadState } from '../commands/load-state';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { parseCommand } from '../http/validation';

@Controller('api/problems')
@Roles('admin', 'supervisor')
export class ProblemController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async raise(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [{ id: given, raisedOn, ...data }, submission] = parseCommand(COMMAND_BODIES.raiseProblem, raw, actor, key);
    const scope = data.projectId ? await this.projectScope(data.projectId) : { regionId: data.regionId, taskForceId: data.taskForceId };
    // Without a place there is no scope to check: the decider refuses the problem as unplaced.
    if (scope.regionId || scope.taskForceId) assertInScope(actor, scope);
    const id = this.commands.newId('q', given, submission);
    const on = raisedOn ?? this.commands.today();
    return this.commands.submit(
      streams.problem(id),
      problemDecider,
      { type: 'RaiseProblem', data: { problemId: id, ...data, ...scope, raisedOn: on } },
      { ...submission, occurredOn: on },
    );
  }

  @Post(':id/:transition')
  @HttpCode(201)
  async transition(
    @Param('id') id: string,
    @Param('transition') transition: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    if (!Object.hasOwn(PROBLEM_TRANSITIONS, transition)) throw notFound('not_found', '没有这个地址');
    const { body, command: type } = PROBLEM_TRANSITIONS[transition as ProblemTransition];
    const schema = COMMAND_BODIES[body] as unknown as ZodType<{ on?: string; expectedRevision?: number }>;
    const [data, submission] = parseCommand(schema, raw, actor, key);
    const on = data.on ?? this.commands.today();
    const command = { type, data: { ...data, on } } as Omit<ProblemCommand, 'meta'>;
    return this.commands.submit(streams.problem(id), problemDecider, command, {
      ...submission,
      occurredOn: on,
      guard: (state) => {
        if (state.status === 'none') throw notFound('problem_not_found', '问题不存在');
        assertInScope(actor, { regionId: state.regionId, taskForceId: state.taskForceId });
      },
    });
  }

  /** A problem on a project belongs to the project's region and task force. */
  private async projectScope(projectId: string): Promise<{ regionId: string; taskForceId: string; projectId: string }> {
    const { state } = await loadState(this.commands.store, streams.project(projectId), projectDecider);
    if (state.status === 'none') throw notFound('project_not_found', `项目 ${projectId} 不存在`);
    return { projectId, regionId: state.regionId, taskForceId: state.taskForceId };
  }
}
