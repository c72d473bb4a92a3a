import type { DomainEvent, EventData, EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';
import { notInFuture, rejected } from './errors';

export type InspectionAggregate = { status: 'none' } | { status: 'recorded'; projectId: string };

export type InspectionCommand = Command<'RecordInspection', EventData<'InspectionRecorded'>>;

/** The id of the n-th problem an inspection raises (1-based): deterministic, so the reactor is idempotent. */
export const inspectionProblemId = (inspectionId: string, n: number) => `${inspectionId}-q${n}`;

export const inspectionDecider: Decider<InspectionAggregate, InspectionCommand, EventOf<'InspectionRecorded'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: InspectionAggregate, event: DomainEvent) =>
    event.type === 'InspectionRecorded' ? { status: 'recorded', projectId: event.data.projectId } : state,
  decide: (command, state) => {
    if (state.status !== 'none') throw rejected('inspection_exists', `督查记录 ${command.data.inspectionId} 已存在`);
    const { on, problems } = command.data;
    notInFuture(on, command.meta.today, '督查日期');
    const early = problems.find((p) => p.deadline < on);
    if (early) throw rejected('deadline_before_raised', `问题“${early.description.slice(0, 20)}”的办结时限早于督查日期`);
    return [{ type: 'InspectionRecorded', data: command.data }];
  },
};
