import type { Stage } from '../board-view';
import { STAGE_LABELS } from '../board/labels';
import { STAGES } from '../catalogue/primitives';
import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import { monthOf } from '../dates';
import type { Command, Decider } from './decider';
import { notFound, notInFuture, rejected } from './errors';

interface KnownProject {
  id: string;
  name: string;
  stage: Stage;
  stageOn: string;
  registeredOn: string;
  taskForceId: string;
  regionId: string;
  stalled: boolean;
}

export type ProjectAggregate = { status: 'none' } | ({ status: 'active' } & KnownProject) | ({ status: 'terminated' } & KnownProject);

type Registered = EventData<'ProjectRegistered'>;
export type ProjectCommand =
  | Command<'RegisterProject', Registered>
  | Command<'AmendProject', EventData<'ProjectDetailsAmended'>['changes']>
  | Command<'AdvanceStage', { stage: Stage; on: string; note?: string; batchId?: string }>
  | Command<'ReportProgress', Omit<EventData<'ProgressReported'>, 'projectId'>>
  | Command<'MarkStalled', { reason: string; on: string }>
  | Command<'Revitalize', { how: string; on: string }>
  | Command<'Terminate', { reason: string; on: string }>
  | Command<'AssignLeader', { leaderId: string; on: string }>;

export type ProjectEvent = EventOf<
  | 'ProjectRegistered'
  | 'ProjectDetailsAmended'
  | 'ProjectStageAdvanced'
  | 'ProgressReported'
  | 'ProjectStalled'
  | 'ProjectRevitalized'
  | 'ProjectTerminated'
  | 'ProjectLeaderAssigned'
>;

export const projectDecider: Decider<ProjectAggregate, ProjectCommand, ProjectEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

function evolve(state: ProjectAggregate, event: DomainEvent): ProjectAggregate {
  if (event.type === 'ProjectRegistered') {
    const d = event.data;
    return {
      status: 'active',
      id: d.projectId,
      name: d.name,
      stage: d.stage,
      stageOn: d.stageOn,
      registeredOn: d.stageOn,
      taskForceId: d.taskForceId,
      regionId: d.regionId,
      stalled: false,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ProjectStageAdvanced':
      return { ...state, stage: event.data.to, stageOn: event.data.on };
    case 'ProjectStalled':
      return { ...state, stalled: true };
    case 'ProjectRevitalized':
      return { ...state, stalled: false };
    case 'ProjectTerminated':
      return { ...state, status: 'terminated' };
    case 'ProjectDetailsAmended': {
      const { name, taskForceId, regionId } = event.data.changes;
      return { ...state, name: name ?? state.name, taskForceId: taskForceId ?? state.taskForceId, regionId: regionId ?? state.regionId };
    }
    default:
      return state;
  }
}

function decide(command: ProjectCommand, state: ProjectAggregate): ProjectEvent[] {
  if (command.type === 'RegisterProject') {
    if (state.status !== 'none') throw rejected('project_exists', `项目编号 ${command.data.projectId} 已存在`);
    notInFuture(command.data.stageOn, command.meta.today);
    return [{ type: 'ProjectRegistered', data: command.data }];
  }
  if (state.status === 'none') throw notFound('project_not_found', '项目不存在');
  if (state.status === 'terminated') throw rejected('project_terminated', `项目“${state.name}”已终止，不能再变更`);
  const projectId = state.id;
  switch (command.type) {
    case 'AmendProject':
      return [{ type: 'ProjectDetailsAmended', data: { projectId, changes: command.data } }];
    case 'AdvanceStage':
      return advanceStage(state, command.data, command.meta.today);
    case 'ReportProgress':
      if (command.data.month > monthOf(command.meta.today)) {
        throw rejected('month_in_future', `不能填报未来月份 ${command.data.month} 的进度`);
      }
      return [{ type: 'ProgressReported', data: { projectId, ...command.data } }];
    case 'MarkStalled':
      if (state.stalled) throw rejected('already_stalled', '项目已是问题项目');
      notBefore(command.data.on, state.registeredOn, command.meta.today);
      return [{ type: 'ProjectStalled', data: { projectId, ...command.data } }];
    case 'Revitalize':
      if (!state.stalled) throw rejected('not_stalled', '项目不是问题项目，无需盘活');
      notBefore(command.data.on, state.registeredOn, command.meta.today);
      return [{ type: 'ProjectRevitalized', data: { projectId, ...command.data } }];
    case 'Terminate':
      notBefore(command.data.on, state.registeredOn, command.meta.today);
      return [{ type: 'ProjectTerminated', data: { projectId, ...command.data } }];
    case 'AssignLeader':
      return [{ type: 'ProjectLeaderAssigned', data: { projectId, ...command.data } }];
    default:
      return assertNever(command);
  }
}

/** Forward only; a jump records every skipped stage too, on the same date, so 四新 counts stay true. */
function advanceStage(
  state: Extract<ProjectAggregate, { status: 'active' }>,
  data: { stage: Stage; on: string; note?: string; batchId?: string },
  today: string,
): ProjectEvent[] {
  const from = STAGES.indexOf(state.stage);
  const to = STAGES.indexOf(data.stage);
  if (to <= from) {
    throw rejected('stage_backwards', `阶段只能向前推进：当前为${STAGE_LABELS[state.stage]}，不能改为${STAGE_LABELS[data.stage]}`);
  }
  if (state.stalled) throw rejected('project_stalled', '问题项目需先盘活，才能推进阶段');
  if (data.on < state.stageOn) {
    throw rejected('date_before_stage', `日期 ${data.on} 早于当前阶段（${STAGE_LABELS[state.stage]}）的日期 ${state.stageOn}`);
  }
  notInFuture(data.on, today);
  return STAGES.slice(from + 1, to + 1).map((stage, i, moves) => ({
    type: 'ProjectStageAdvanced' as const,
    data: {
      projectId: state.id,
      from: STAGES[from + i],
      to: stage,
      on: data.on,
      ...(data.note !== undefined && { note: data.note }),
      ...(i < moves.length - 1 && { skipped: true }),
      ...(data.batchId !== undefined && { batchId: data.batchId }),
    },
  }));
}

function notBefore(on: string, earliest: string, today: string): void {
  notInFuture(on, today);
  if (on < earliest) throw rejected('date_before_registration', `日期 ${on} 早于项目登记的日期 ${earliest}`);
}
