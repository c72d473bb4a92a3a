import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import { monthOf } from '../dates';
import type { Command, Decider } from './decider';
import { notFound, rejected } from './errors';

export type IndicatorAggregate = { status: 'none' } | { status: 'targeted'; year: number; target: number };

export type IndicatorCommand =
  Command<'SetIndicatorTarget', EventData<'IndicatorTargetSet'>> | Command<'ReportIndicator', EventData<'IndicatorReported'>>;

export const indicatorDecider: Decider<IndicatorAggregate, IndicatorCommand, EventOf<'IndicatorTargetSet' | 'IndicatorReported'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: IndicatorAggregate, event: DomainEvent) =>
    event.type === 'IndicatorTargetSet' ? { status: 'targeted', year: event.data.year, target: event.data.target } : state,
  decide: (command, state) => {
    switch (command.type) {
      case 'SetIndicatorTarget':
        return [{ type: 'IndicatorTargetSet', data: command.data }];
      case 'ReportIndicator': {
        const { regionId, metric, year, month } = command.data;
        if (state.status === 'none')
          throw notFound('indicator_not_found', `指标 ${regionId}/${metric}/${year} 尚未设定目标，请先设定年度目标再填报`);
        if (!month.startsWith(`${year}-`)) throw rejected('month_outside_year', `月份 ${month} 不在 ${year} 年度内`);
        if (month > monthOf(command.meta.today)) throw rejected('month_in_future', `不能填报未来月份 ${month}`);
        return [{ type: 'IndicatorReported', data: command.data }];
      }
      default:
        return assertNever(command);
    }
  },
};
