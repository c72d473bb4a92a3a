import type { EscalationLevel, Severity } from '../board/state';
import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import { ESCALATION_LEVELS } from '../catalogue/primitives';
import { addDays, daysBetween } from '../dates';
import type { Command, Decider } from './decider';
import { rejected } from './errors';
import type { ProblemAggregate, ProblemCommand } from './problem';

/**
 * 超期, reminders and escalation: time that acts on problems. Overdue and reminder facts live in their
 * own stream (deadline-<problemId>), so the system never moves a problem's revision under a person
 * editing it; a system escalation is an ordinary ProblemEscalated on the problem, with the rule that
 * fired. Each fact is recorded once per deadline: the decider refuses a repeat, and the deadline
 * manager's deterministic event ids make two nodes racing for it store one.
 */

/** A reminder goes out this many days before a deadline (or later, if the problem came in late). */
export const REMIND_DAYS_BEFORE = 3;

/** Days an overdue problem waits before the system escalates it one level, by severity. */
export type EscalationPolicy = Record<Severity, number>;

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = { critical: 1, major: 3, normal: 7 };

export interface DeadlineState {
  /** The deadline recorded as passed, its first overdue day and the day the system noticed it. */
  overdue: { deadline: string; since: string; on: string } | null;
  /** The deadline a reminder went out for. */
  remindedFor: string | null;
}

export type DeadlineCommand =
  Command<'MarkProblemOverdue', EventData<'ProblemWentOverdue'>> | Command<'RemindDeadline', EventData<'DeadlineReminderDue'>>;

export const deadlineDecider: Decider<DeadlineState, DeadlineCommand, EventOf<'ProblemWentOverdue' | 'DeadlineReminderDue'>> = {
  initialState: () => ({ overdue: null, remindedFor: null }),
  evolve: evolveDeadline,
  decide(command, state) {
    const { deadline } = command.data;
    switch (command.type) {
      case 'MarkProblemOverdue':
        if (state.overdue?.deadline === deadline) throw rejected('already_overdue', `办结时限 ${deadline} 的超期已记录`);
        return [{ type: 'ProblemWentOverdue', data: command.data }];
      case 'RemindDeadline':
        if (state.remindedFor === deadline) throw rejected('already_reminded', `办结时限 ${deadline} 已提醒`);
        return [{ type: 'DeadlineReminderDue', data: command.data }];
      default:
        return assertNever(command);
    }
  },
};

function evolveDeadline(state: DeadlineState, event: DomainEvent): DeadlineState {
  if (event.type === 'ProblemWentOverdue') {
    const { deadline, since, on } = event.data;
    return { ...state, overdue: { deadline, since, on } };
  }
  if (event.type === 'DeadlineReminderDue') return { ...state, remindedFor: event.data.deadline };
  return state;
}

/** What the deadline manager knows of one problem: the problem's own fold and its deadline stream's. */
export interface DeadlineView {
  problem: ProblemAggregate;
  deadline: DeadlineState;
}

export const initialDeadlineView = (): DeadlineView => ({ problem: { status: 'none' }, deadline: deadlineDecider.initialState() });

/** Folds an event of either stream (problem-<id> or deadline-<id>) into the view. */
export function evolveDeadlineView(
  view: DeadlineView,
  event: DomainEvent,
  evolveProblem: Decider<ProblemAggregate, ProblemCommand>['evolve'],
): DeadlineView {
  if (event.type === 'ProblemWentOverdue' || event.type === 'DeadlineReminderDue')
    return { ...view, deadline: evolveDeadline(view.deadline, event) };
  return { ...view, problem: evolveProblem(view.problem, event) };
}

export type DueDeadlineFact =
  { stream: 'deadline'; command: DeadlineCommand } | { stream: 'problem'; command: Extract<ProblemCommand, { type: 'EscalateProblem' }> };

/** The next fact the deadline manager should record for this problem today, or null. */
export function dueDeadlineFact(
  view: DeadlineView,
  today: string,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): DueDeadlineFact | null {
  const { problem } = view;
  if (problem.status !== 'raised' && problem.status !== 'assigned' && problem.status !== 'escalated') return null;
  const meta = { today };
  const { deadline, id: problemId } = problem;
  const { overdue, remindedFor } = view.deadline;
  if (today > deadline) {
    if (overdue?.deadline !== deadline) {
      const data = { problemId, deadline, since: addDays(deadline, 1), on: today };
      return { stream: 'deadline', command: { type: 'MarkProblemOverdue', data, meta } };
    }
    const after = policy[problem.severity];
    // Counted from the day the overdue was recorded, not the deadline: a server started after a long
    // outage (or a first deployment over old data) escalates nothing at once, every problem gets its N days.
    const due = Math.floor(daysBetween(overdue.on, today) / after);
    const done = problem.systemEscalations.filter((d) => d === deadline).length;
    const level = nextLevel(problem.level);
    if (due <= done || !level) return null;
    const reason = `超期${daysBetween(deadline, today)}天未办结，系统按规则自动上报`;
    return {
      stream: 'problem',
      command: { type: 'EscalateProblem', data: { level, on: today, reason, rule: `overdue-${problem.severity}-${after}d` }, meta },
    };
  }
  const daysLeft = daysBetween(today, deadline);
  if (daysLeft <= REMIND_DAYS_BEFORE && remindedFor !== deadline) {
    return { stream: 'deadline', command: { type: 'RemindDeadline', data: { problemId, deadline, daysLeft, on: today }, meta } };
  }
  return null;
}

function nextLevel(level: EscalationLevel | null): EscalationLevel | null {
  const index = level === null ? 0 : ESCALATION_LEVELS.indexOf(level) + 1;
  return ESCALATION_LEVELS[index] ?? null;
}

/** `critical=1,major=3,normal=7` (any subset) over the defaults; throws a readable message on nonsense. */
export function parseEscalationPolicy(spec: string | undefined): EscalationPolicy {
  const policy = { ...DEFAULT_ESCALATION_POLICY };
  const parts = (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const part of parts) {
    const [name, value] = part.split('=').map((p) => p.trim());
    const days = Number(value);
    if (!Object.hasOwn(policy, name) || !Number.isInteger(days) || days < 1 || days > 365) {
      throw new Error(`escalation rule "${part}" is not understood: use severity=days, e.g. critical=1,major=3,normal=7`);
    }
    policy[name as Severity] = days;
  }
  return policy;
}
