import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { assertInScope } from '../auth/scope';
import { CommandAnswer, CommandService } from '../commands/command.service';
import { notFound, rejected } from '../domain/errors';
import { IndicatorCommand, IndicatorState, indicatorDecider, indicatorStream } from '../domain/indicator.decider';
import { IdempotencyKey } from '../http/submission';
import { ValidationError, parseBody, withoutRevision } from '../http/validation';

/** Economic indicators: targets by admins, monthly reports by supervisors of that region too. */
@Controller('api/indicators')
@Roles('admin', 'supervisor')
export class IndicatorController {
  constructor(private readonly commands: CommandService) {}

  @Post()
  @HttpCode(201)
  async setTarget(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor, @IdempotencyKey() idempotencyKey?: string): Promise<CommandAnswer> {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.setIndicatorTarget, raw));
    assertInScope(actor, { regionId: data.regionId });
    if (!(await this.commands.exists(`region-${data.regionId}`))) throw rejected('unknown_region', `属地 ${data.regionId} 不存在`);
    const stream = indicatorStream(data.regionId, data.metric, data.year);
    return this.commands.submit<IndicatorState, IndicatorCommand>(
      stream.slice('indicator-'.length),
      stream,
      indicatorDecider,
      { type: 'SetIndicatorTarget', data },
      { actor, idempotencyKey, expectedRevision },
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
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<CommandAnswer> {
    const [data, expectedRevision] = withoutRevision(parseBody(COMMAND_BODIES.reportIndicator, raw));
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText)) throw new ValidationError([{ field: 'year', code: 'invalid_year', message: '年度：应为年份，如 2026' }]);
    assertInScope(actor, { regionId });
    const stream = indicatorStream(regionId, metric, year);
    return this.commands.submit<IndicatorState, IndicatorCommand>(
      stream.slice('indicator-'.length),
      stream,
      indicatorDecider,
      { type: 'ReportIndicator', data: { regionId, metric, year, ...data } },
      { actor, idempotencyKey, expectedRevision },
      (state) => {
        if (state.status === 'none') throw notFound('indicator_not_found', `指标 ${regionId}/${metric}/${year} 尚未设定目标`);
      },
    );
  }
}
