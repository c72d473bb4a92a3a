import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { COMMAND_BODIES, lightRulesDecider, regionDecider, streams } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer } from '../commands/command-handler';
import { CommandService } from '../commands/command.service';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { parseCommand } from '../http/validation';

/** Regions and the versioned light rules: configuration as events, so a replay uses what was in force. */
@Controller('api')
@Roles('admin')
export class SettingsController {
  constructor(private readonly commands: CommandService) {}

  @Post('regions')
  @HttpCode(201)
  async defineRegion(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [{ id, ...data }, submission] = parseCommand(COMMAND_BODIES.defineRegion, raw, actor, key);
    return this.commands.submit(streams.region(id), regionDecider, { type: 'DefineRegion', data: { regionId: id, ...data } }, submission);
  }

  @Post('light-rules')
  @HttpCode(201)
  async adoptLightRules(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [data, submission] = parseCommand(COMMAND_BODIES.adoptLightRules, raw, actor, key);
    return this.commands.submit(
      streams.lightRules(),
      lightRulesDecider,
      { type: 'AdoptLightRules', data },
      { ...submission, occurredOn: data.effectiveFrom },
    );
  }
}
