import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import { monthOf } from '../dates';
import type { Command, Decider } from './decider';
import { rejected } from './errors';

export type IndicatorAggregate = { status: 'none' } | { status: 'targeted'; year: number; target: number };

export type IndicatorCommand =
  | Command<'SetIndicatorTarget', EventData<'IndicatorTargetSet'>>
  | Command<'ReportIndicator', EventData<'IndicatorReported'>>;

export const indicatorDecider: Decider<IndicatorAggregate, IndicatorCommand, EventOf<'IndicatorTargetSet' | 'IndicatorReported'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: IndicatorAggregate, event: DomainEvent) =>
    event.type === 'IndicatorTargetSet' ? { status: 'targeted', year: event.data.year, target: event.data.target } : state,
  decide: (command, state) => {
    switch (command.type) {
      case 'SetIndicatorTarget':
        return [{ type: 'IndicatorTargetSet', data: command.data }];
      case 'ReportIndicator': {
        const { year, month } = command.data;
        if (state.status === 'none') throw rejected('no_target', `请先设定 ${year} 年度目标，再填报月度数据`);
        if (!month.startsWith(`${year}-`)) throw rejected('month_outside_year', `月份 ${month} 不在 ${year} 年度内`);
        if (month > monthOf(command.meta.today)) throw rejected('month_in_future', `不能填报未来月份 ${month}`);
        return [{ type: 'IndicatorReported', data: command.data }];
      }
      default:
        return assertNever(command);
    }
  },
};
