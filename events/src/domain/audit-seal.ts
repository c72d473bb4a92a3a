import type { DomainEvent, EventData, EventOf } from '../catalogue/events';
import { monthOf } from '../dates';
import type { Command, Decider } from './decider';
import { rejected } from './errors';

/**
 * The monthly audit seal (audit-seal-<YYYY-MM>): written once, after the month has ended. Several
 * nodes may try at once; the stream's expected revision lets exactly one through.
 */
export type AuditSealAggregate = { status: 'none' } | { status: 'sealed'; position: string };
export type AuditSealCommand = Command<'SealAuditMonth', EventData<'AuditSealed'>>;

export const auditSealDecider: Decider<AuditSealAggregate, AuditSealCommand, EventOf<'AuditSealed'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: AuditSealAggregate, event: DomainEvent) =>
    event.type === 'AuditSealed' ? { status: 'sealed', position: event.data.position } : state,
  decide: (command, state) => {
    const { month } = command.data;
    if (state.status === 'sealed') throw rejected('month_sealed', `${month} 已封存（位置 ${state.position}），每月只封存一次`);
    if (month >= monthOf(command.meta.today)) throw rejected('month_not_over', `${month} 尚未结束，不能封存`);
    return [{ type: 'AuditSealed', data: command.data }];
  },
};
