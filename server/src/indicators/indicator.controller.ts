import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { COMMAND_BODIES, assertInScope, indicatorDecider, rejected, streams } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { CommandAnswer } from '../commands/command-handler';
import { CommandService } from '../commands/command.service';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { ValidationError, parseCommand } from '../http/validation';

/** Economic indicators: targets by admins, monthly reports by supervisors of that region too. */
@Controller('api/indicators')
@Roles('admin', 'supervisor')
export class IndicatorController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async setTarget(
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [data, submission] = parseCommand(COMMAND_BODIES.setIndicatorTarget, raw, actor, key);
    assertInScope(actor, { regionId: data.regionId });
    if (!(await this.commands.exists(streams.region(data.regionId)))) throw rejected('unknown_region', `属地 ${data.regionId} 不存在`);
    return this.commands.submit(
      streams.indicator(data.regionId, data.metric, data.year),
      indicatorDecider,
      { type: 'SetIndicatorTarget', data },
      submission,
    );
  }

  @Post(':regionId/:metric/:year/report')
  @HttpCode(201)
  async report(
    @Param('regionId') regionId: string,
    @Param('metric') metric: string,
    @Param('year') yearText: string,
    @Body() raw: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<CommandAnswer> {
    const [data, submission] = parseCommand(COMMAND_BODIES.reportIndicator, raw, actor, key);
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText)) throw new ValidationError([{ field: 'year', code: 'invalid_year', message: '年度：应为年份，如 2026' }]);
    assertInScope(actor, { regionId });
    const command = { type: 'ReportIndicator' as const, data: { regionId, metric, year, ...data } };
    return this.commands.submit(streams.indicator(regionId, metric, year), indicatorDecider, command, submission);
  }
}
