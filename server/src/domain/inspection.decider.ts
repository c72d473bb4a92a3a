import { DomainEvent, EventData, EventOf } from '@battlemap/events';
import { Command, Decider } from './decider';
import { rejected } from './errors';

export type InspectionState = { status: 'none' } | { status: 'recorded'; projectId: string };

export type InspectionCommand = Command<'RecordInspection', EventData<'InspectionRecorded'>>;

/** The id of the n-th problem an inspection raises (1-based): deterministic, so the reactor is idempotent. */
export const inspectionProblemId = (inspectionId: string, n: number) => `${inspectionId}-q${n}`;

export const inspectionDecider: Decider<InspectionState, InspectionCommand, EventOf<'InspectionRecorded'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: InspectionState, event: DomainEvent) =>
    event.type === 'InspectionRecorded' ? { status: 'recorded', projectId: event.data.projectId } : state,
  decide: (command, state) => {
    if (state.status !== 'none') throw rejected('inspection_exists', `督查记录 ${command.data.inspectionId} 已存在`);
    const { on, problems } = command.data;
    if (on > command.meta.today) throw rejected('date_in_future', `督查日期 ${on} 晚于今天`);
    const early = problems.find((p) => p.deadline < on);
    if (early) throw rejected('deadline_before_raised', `问题“${early.description.slice(0, 20)}”的办结时限早于督查日期`);
    return [{ type: 'InspectionRecorded', data: command.data }];
  },
};
