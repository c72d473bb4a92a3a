import { PROBLEM_STATUS_LABELS } from '../board/labels';
import type { EscalationLevel, ProblemStatus, Severity } from '../board/state';
import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';
import { notFound, notInFuture, rejected } from './errors';

export type ProblemAggregate =
  | { status: 'none' }
  | {
      status: ProblemStatus;
      id: string;
      raisedOn: string;
      assigned: boolean;
      projectId?: string;
      regionId?: string;
      taskForceId?: string;
      severity: Severity;
      /** The current deadline (an assignment may move it). */
      deadline: string;
      level: EscalationLevel | null;
      /** Escalations the system made (the deadline manager), with the deadline each was for. */
      systemEscalations: string[];
    };

export type ProblemCommand =
  | Command<'RaiseProblem', EventData<'ProblemRaised'>>
  | Command<'AssignProblem', { unit: string; deadline?: string; on: string }>
  | Command<'EscalateProblem', Omit<EventData<'ProblemEscalated'>, 'problemId'>>
  | Command<'ResolveProblem', { resolution: string; on: string }>
  | Command<'CloseProblem', { note?: string; on: string }>
  | Command<'ReopenProblem', { reason: string; on: string }>;

/**
 * The steps of the closed loop as the HTTP API names them (`POST /api/problems/:id/<step>`): each
 * step's request body (a COMMAND_BODIES name), its command, and what a person calls it.
 */
export const PROBLEM_TRANSITIONS = {
  assign: { body: 'assignProblem', command: 'AssignProblem', label: '交办问题' },
  escalate: { body: 'escalateProblem', command: 'EscalateProblem', label: '上报问题' },
  resolve: { body: 'resolveProblem', command: 'ResolveProblem', label: '问题已解决' },
  close: { body: 'closeProblem', command: 'CloseProblem', label: '办结问题' },
  reopen: { body: 'reopenProblem', command: 'ReopenProblem', label: '重开问题' },
} as const satisfies Record<string, { body: string; command: Exclude<ProblemCommand['type'], 'RaiseProblem'>; label: string }>;

export type ProblemTransition = keyof typeof PROBLEM_TRANSITIONS;

export type ProblemEvent = EventOf<
  'ProblemRaised' | 'ProblemAssigned' | 'ProblemEscalated' | 'ProblemResolved' | 'ProblemClosed' | 'ProblemReopened'
>;

/** The closed loop: raised → assigned → escalated? → resolved → closed; reopen from resolved or closed. */
export const problemDecider: Decider<ProblemAggregate, ProblemCommand, ProblemEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

function evolve(state: ProblemAggregate, event: DomainEvent): ProblemAggregate {
  if (event.type === 'ProblemRaised') {
    const { problemId, raisedOn, projectId, regionId, taskForceId, severity, deadline } = event.data;
    return {
      status: 'raised',
      id: problemId,
      raisedOn,
      assigned: false,
      projectId,
      regionId,
      taskForceId,
      severity,
      deadline,
      level: null,
      systemEscalations: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ProblemAssigned':
      return { ...state, status: 'assigned', assigned: true, deadline: event.data.deadline ?? state.deadline };
    case 'ProblemEscalated':
      return {
        ...state,
        status: 'escalated',
        level: event.data.level,
        systemEscalations: event.data.rule ? [...state.systemEscalations, state.deadline] : state.systemEscalations,
      };
    case 'ProblemResolved':
      return { ...state, status: 'resolved' };
    case 'ProblemClosed':
      return { ...state, status: 'closed' };
    case 'ProblemReopened':
      return { ...state, status: state.assigned ? 'assigned' : 'raised' };
    default:
      return state;
  }
}

function decide(command: ProblemCommand, state: ProblemAggregate): ProblemEvent[] {
  if (command.type === 'RaiseProblem') {
    if (state.status !== 'none') throw rejected('problem_exists', `问题编号 ${command.data.problemId} 已存在`);
    const { raisedOn, deadline, regionId, taskForceId } = command.data;
    if (!regionId && !taskForceId) throw rejected('problem_unplaced', '请指明问题所属的项目、属地或产业专班');
    notInFuture(raisedOn, command.meta.today, '提出日期');
    if (deadline < raisedOn) throw rejected('deadline_before_raised', `办结时限 ${deadline} 不能早于提出日期 ${raisedOn}`);
    return [{ type: 'ProblemRaised', data: command.data }];
  }
  if (state.status === 'none') throw notFound('problem_not_found', '问题不存在');
  const problemId = state.id;
  const { on } = command.data;
  notInFuture(on, command.meta.today);
  if (on < state.raisedOn) throw rejected('date_before_raised', `日期 ${on} 早于问题提出日期 ${state.raisedOn}`);
  const open = state.status === 'raised' || state.status === 'assigned' || state.status === 'escalated';
  const notAllowed = (what: string) => rejected('invalid_transition', `问题${PROBLEM_STATUS_LABELS[state.status]}，不能${what}`);
  switch (command.type) {
    case 'AssignProblem':
      if (!open) throw notAllowed('交办');
      if (command.data.deadline && command.data.deadline < on) throw rejected('deadline_before_raised', '办结时限不能早于交办日期');
      return [{ type: 'ProblemAssigned', data: { problemId, ...command.data } }];
    case 'EscalateProblem':
      if (!open) throw notAllowed('上报');
      return [{ type: 'ProblemEscalated', data: { problemId, ...command.data } }];
    case 'ResolveProblem':
      if (!open) throw notAllowed('标记解决');
      return [{ type: 'ProblemResolved', data: { problemId, ...command.data } }];
    case 'CloseProblem':
      if (state.status !== 'resolved') throw notAllowed('销号（须先解决并核实）');
      return [{ type: 'ProblemClosed', data: { problemId, ...command.data } }];
    case 'ReopenProblem':
      if (state.status !== 'resolved' && state.status !== 'closed') throw notAllowed('重新打开');
      return [{ type: 'ProblemReopened', data: { problemId, ...command.data } }];
    default:
      return assertNever(command);
  }
}
