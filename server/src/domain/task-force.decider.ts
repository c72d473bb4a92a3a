import { assertNever, DomainEvent, EventData, EventOf } from '@battlemap/events';
import { Command, Decider } from './decider';
import { notFound, rejected } from './errors';

export type TaskForceState = { status: 'none' } | { status: 'formed'; id: string; name: string };

export type TaskForceCommand =
  | Command<'FormTaskForce', EventData<'TaskForceFormed'>>
  | Command<'AmendTaskForce', EventData<'TaskForceAmended'>['changes']>;

export const taskForceDecider: Decider<TaskForceState, TaskForceCommand, EventOf<'TaskForceFormed' | 'TaskForceAmended'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: TaskForceState, event: DomainEvent): TaskForceState => {
    if (event.type === 'TaskForceFormed') return { status: 'formed', id: event.data.taskForceId, name: event.data.name };
    if (event.type === 'TaskForceAmended' && state.status === 'formed') return { ...state, name: event.data.changes.name ?? state.name };
    return state;
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'FormTaskForce':
        if (state.status !== 'none') throw rejected('task_force_exists', `专班编号 ${command.data.taskForceId} 已存在`);
        return [{ type: 'TaskForceFormed', data: command.data }];
      case 'AmendTaskForce':
        if (state.status === 'none') throw notFound('task_force_not_found', '专班不存在');
        return [{ type: 'TaskForceAmended', data: { taskForceId: state.id, changes: command.data } }];
      default:
        return assertNever(command);
    }
  },
};

/** One 流动红旗 a month: the stream redflag-<YYYY-MM> holds at most one award. */
export type RedFlagState = { status: 'none' } | { status: 'awarded'; taskForceId: string };
export type RedFlagCommand = Command<'AwardRedFlag', EventData<'RedFlagAwarded'>>;

export const redFlagDecider: Decider<RedFlagState, RedFlagCommand, EventOf<'RedFlagAwarded'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: RedFlagState, event: DomainEvent) =>
    event.type === 'RedFlagAwarded' ? { status: 'awarded', taskForceId: event.data.taskForceId } : state,
  decide: (command, state) => {
    const { taskForceId, month, on } = command.data;
    if (state.status === 'awarded') {
      throw rejected('red_flag_awarded', `${month} 的流动红旗已授予专班 ${state.taskForceId}，每月只评一次`);
    }
    if (month > on.slice(0, 7)) throw rejected('month_in_future', `不能提前评定 ${month} 的流动红旗`);
    return [{ type: 'RedFlagAwarded', data: { taskForceId, month, on } }];
  },
};
