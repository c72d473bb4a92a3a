import type { DomainEvent, EventData, EventOf } from '../catalogue/events';
import { monthOf } from '../dates';
import type { Command, Decider } from './decider';
import { notInFuture, rejected } from './errors';

/** One 流动红旗 a month: the stream redflag-<YYYY-MM> holds at most one award. */
export type RedFlagAggregate = { status: 'none' } | { status: 'awarded'; taskForceId: string };
export type RedFlagCommand = Command<'AwardRedFlag', EventData<'RedFlagAwarded'>>;

export const redFlagDecider: Decider<RedFlagAggregate, RedFlagCommand, EventOf<'RedFlagAwarded'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: RedFlagAggregate, event: DomainEvent) =>
    event.type === 'RedFlagAwarded' ? { status: 'awarded', taskForceId: event.data.taskForceId } : state,
  decide: (command, state) => {
    const { taskForceId, month, on } = command.data;
    // `on` is the review meeting's date: not after today, and the month must have begun by then.
    notInFuture(on, command.meta.today);
    if (state.status === 'awarded') {
      throw rejected('red_flag_awarded', `${month} 的流动红旗已授予专班 ${state.taskForceId}，每月只评一次`);
    }
    if (month > monthOf(on)) throw rejected('month_in_future', `不能提前评定 ${month} 的流动红旗`);
    return [{ type: 'RedFlagAwarded', data: { taskForceId, month, on } }];
  },
};
