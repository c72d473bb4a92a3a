import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer, CommandService, Submission } from '../commands/command.service';
import { notFound, rejected } from '../domain/errors';
import { RedFlagCommand, RedFlagState, TaskForceCommand, TaskForceState, redFlagDecider, taskForceDecider } from '../domain/task-force.decider';
import { IdempotencyKey } from '../http/submission';
import { parseBody, withoutRevision } from '../http/validation';

export const taskForceStream = (id: string) => `taskforce-${id}`;

/** Task forces and the monthly 流动红旗 are the leadership's: admin only. */
@Controller('api/taskforces')
@Roles('admin')
export class TaskForceController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async form(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [{ id: given, ...data }, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.formTaskForce, raw));
    const submission: Submission = { actor, idempotencyKey, expectedRevision };
    const id = this.commands.newId('tf', given, submission);
    return this.commands.submit<TaskForceState, TaskForceCommand>(id, taskForceStream(id), taskForceDecider, {
      type: 'FormTaskForce',
      data: { taskForceId: id, ...data },
    }, submission);
  }

  @Patch(':id')
  async amend(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string) {
    const [changes, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.amendTaskForce, raw));
    return this.commands.submit<TaskForceState, TaskForceCommand>(
      id,
      taskForceStream(id),
      taskForceDecider,
      { type: 'AmendTaskForce', data: changes },
      { actor, idempotencyKey, expectedRevision },
    );
  }

  @Post(':id/red-flag')
  @HttpCode(201)
  async redFlag(@Param('id') id: string, @Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string) {
    const [body, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.awardRedFlag, raw));
    const { month } = body;
    if (!(await this.commands.exists(taskForceStream(id)))) throw notFound('task_force_not_found', `专班 ${id} 不存在`);
    // The review meeting's date, by default today; the decider refuses a month that has not begun by then.
    const on = body.on ?? this.commands.today();
    if (on > this.commands.today()) throw rejected('date_in_future', `日期 ${on} 晚于今天`);
    return this.commands.submit<RedFlagState, RedFlagCommand>(
      id,
      `redflag-${month}`,
      redFlagDecider,
      { type: 'AwardRedFlag', data: { taskForceId: id, month, on } },
      { actor, idempotencyKey, expectedRevision },
      undefined,
      on,
    );
  }
}
