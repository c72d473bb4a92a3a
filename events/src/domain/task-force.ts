import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';
import { notFound, rejected } from './errors';

export type TaskForceAggregate = { status: 'none' } | { status: 'formed'; id: string; name: string };

export type TaskForceCommand =
  Command<'FormTaskForce', EventData<'TaskForceFormed'>> | Command<'AmendTaskForce', EventData<'TaskForceAmended'>['changes']>;

export const taskForceDecider: Decider<TaskForceAggregate, TaskForceCommand, EventOf<'TaskForceFormed' | 'TaskForceAmended'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: TaskForceAggregate, event: DomainEvent): TaskForceAggregate => {
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
