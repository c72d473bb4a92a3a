import type { EventData } from '../catalogue/events';
import { monthOf } from '../dates';
import type { BoardState, ProblemState, ProblemStatus } from './state';

/**
 * Problem (closed loop) and inspection handlers of the fold; they mutate `state` in place.
 * Every step is also kept with its date and the deadline then in force, because a project's light
 * on a past month-end depends on which of its problems were open and overdue on that day.
 */

export function raiseProblem(state: BoardState, d: EventData<'ProblemRaised'>): void {
  const project = d.projectId ? state.projects[d.projectId] : undefined;
  const known = state.problems[d.problemId] !== undefined;
  state.problems[d.problemId] = {
    id: d.problemId,
    projectId: d.projectId ?? null,
    // The project is the authority on where a problem belongs; the event's fields are the fallback.
    regionId: project?.regionId ?? d.regionId ?? null,
    taskForceId: project?.taskForceId ?? d.taskForceId ?? null,
    inspectionId: d.inspectionId ?? null,
    category: d.category,
    severity: d.severity,
    description: d.description,
    deadline: d.deadline,
    status: 'raised',
    raisedOn: d.raisedOn,
    unit: null,
    assignedOn: null,
    escalated: false,
    escalationLevel: null,
    escalatedOn: null,
    resolvedOn: null,
    closedOn: null,
    reopenCount: 0,
    steps: [{ status: 'raised', on: d.raisedOn, deadline: d.deadline }],
  };
  // A problem's stream holds one ProblemRaised; a repeat replaces it but keeps its index entries.
  if (known) return;
  state.problemIds.push(d.problemId);
  if (d.projectId) (state.projectProblems[d.projectId] ??= []).push(d.problemId);
}

export function assignProblem(state: BoardState, d: EventData<'ProblemAssigned'>): void {
  step(state, d.problemId, 'assigned', d.on, (problem) => {
    problem.unit = d.unit;
    problem.assignedOn = d.on;
    if (d.deadline) problem.deadline = d.deadline;
  });
}

export function escalateProblem(state: BoardState, d: EventData<'ProblemEscalated'>): void {
  step(state, d.problemId, 'escalated', d.on, (problem) => {
    problem.escalated = true;
    problem.escalationLevel = d.level;
    problem.escalatedOn = d.on;
  });
}

export function resolveProblem(state: BoardState, d: EventData<'ProblemResolved'>): void {
  step(state, d.problemId, 'resolved', d.on, (problem) => {
    problem.resolvedOn = d.on;
  });
}

export function closeProblem(state: BoardState, d: EventData<'ProblemClosed'>): void {
  step(state, d.problemId, 'closed', d.on, (problem) => {
    problem.closedOn = d.on;
  });
}

/** A reopened problem goes back to whoever held it: the higher level, the unit, or nobody yet. */
export function reopenProblem(state: BoardState, d: EventData<'ProblemReopened'>): void {
  const problem = state.problems[d.problemId];
  if (!problem) return;
  const status: ProblemStatus = problem.escalated ? 'escalated' : problem.unit ? 'assigned' : 'raised';
  step(state, d.problemId, status, d.on, () => {
    problem.resolvedOn = null;
    problem.closedOn = null;
    problem.reopenCount += 1;
  });
}

function step(state: BoardState, problemId: string, status: ProblemStatus, on: string, change: (problem: ProblemState) => void): void {
  const problem = state.problems[problemId];
  if (!problem) return;
  change(problem);
  problem.status = status;
  problem.steps.push({ status, on, deadline: problem.deadline });
}

export function recordInspection(state: BoardState, d: EventData<'InspectionRecorded'>): void {
  const month = monthOf(d.on);
  bump(state.inspections.byInspector, d.inspectorId, month);
  bump(state.inspections.byProject, d.projectId, month);
  const visits = (state.inspections.byVisit[d.projectId] ??= {});
  const log = (visits[d.inspectorId] ??= { last: d.on, months: {} });
  if (d.on > log.last) log.last = d.on;
  log.months[month] = (log.months[month] ?? 0) + 1;
}

function bump(counts: Record<string, Record<string, number>>, key: string, month: string): void {
  const perMonth = (counts[key] ??= {});
  perMonth[month] = (perMonth[month] ?? 0) + 1;
}
