import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer, CommandService } from '../commands/command.service';
import { IdempotencyKey } from '../http/submission';
import { parseBody, withoutRevision } from '../http/validation';
import { LightRulesCommand, LightRulesState, RegionCommand, RegionState, lightRulesDecider, regionDecider } from '../domain/settings.decider';

/** Regions and the versioned light rules: configuration as events, so a replay uses what was in force. */
@Controller('api')
@Roles('admin')
export class SettingsController {
  constructor(private readonly commands: CommandService) {}

  @Post('regions')
  @HttpCode(201)
  async defineRegion(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [{ id, ...data }, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.defineRegion, raw));
    return this.commands.submit<RegionState, RegionCommand>(id, `region-${id}`, regionDecider, {
      type: 'DefineRegion',
      data: { regionId: id, ...data },
    }, { actor, idempotencyKey, expectedRevision });
  }

  @Post('light-rules')
  @HttpCode(201)
  async adoptLightRules(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.adoptLightRules, raw));
    return this.commands.submit<LightRulesState, LightRulesCommand>('light-rules', 'config-light-rules', lightRulesDecider, {
      type: 'AdoptLightRules',
      data,
    }, { actor, idempotencyKey, expectedRevision }, undefined, data.effectiveFrom);
  }
}
