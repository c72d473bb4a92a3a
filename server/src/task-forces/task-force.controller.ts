import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { COMMAND_BODIES, notFound, redFlagDecider, streams, taskForceDecider } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer } from '../commands/command-handler';
import { CommandService } from '../commands/command.service';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { parseCommand } from '../http/validation';

/** Task forces and the monthly 流动红旗 are the leadership's: admin only. */
@Controller('api/taskforces')
@Roles('admin')
export class TaskForceController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async form(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [{ id: given, ...data }, submission] = parseCommand(COMMAND_BODIES.formTaskForce, raw, actor, key);
    const id = this.commands.newId('tf', given, submission);
    return this.commands.submit(
      streams.taskForce(id),
      taskForceDecider,
      { type: 'FormTaskForce', data: { taskForceId: id, ...data } },
      submission,
    );
  }

  @Patch(':id')
  async amend(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [changes, submission] = parseCommand(COMMAND_BODIES.amendTaskForce, raw, actor, key);
    return this.commands.submit(streams.taskForce(id), taskForceDecider, { type: 'AmendTaskForce', data: changes }, submission);
  }

  @Post(':id/red-flag')
  @HttpCode(201)
  async redFlag(
    @Param('id') id: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ) {
    const [{ month, on = this.commands.today() }, submission] = parseCommand(COMMAND_BODIES.awardRedFlag, raw, actor, key);
    if (!(await this.commands.exists(streams.taskForce(id)))) throw notFound('task_force_not_found', `专班 ${id} 不存在`);
    // `on` is the review meeting's date, by default today; the decider checks it against the month.
    return this.commands.submit(
      streams.redFlag(month),
      redFlagDecider,
      { type: 'AwardRedFlag', data: { taskForceId: id, month, on } },
      {
        ...submission,
        occurredOn: on,
      },
    );
  }
}
