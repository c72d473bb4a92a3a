import type { EventData } from '../catalogue/events';
import type { BoardState, MonthlyReport, ProjectState } from './state';

/**
 * Project handlers of the fold. They mutate `state` in place (see evolveBoard). An event about a
 * project the board never saw registered is ignored: the board cannot place or name it, and a
 * registration always comes first in the project's own stream.
 */

/** Only the keys that carry a value: an amendment never clears a field by omission. */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(changes) as (keyof T)[]) {
    if (changes[key] !== undefined) out[key] = changes[key];
  }
  return out;
}

export function registerProject(state: BoardState, d: EventData<'ProjectRegistered'>): void {
  state.projects[d.projectId] = {
    id: d.projectId,
    name: d.name,
    taskForceId: d.taskForceId,
    regionId: d.regionId,
    owner: d.owner,
    kind: d.kind,
    totalInvestment: d.totalInvestment,
    annualPlanInvestment: d.annualPlanInvestment,
    plannedStart: d.plannedStart ?? null,
    plannedCompletion: d.plannedCompletion ?? null,
    // Copied, so the state never shares an array with the event it came from.
    location: [d.location[0], d.location[1]],
    leadUnit: d.leadUnit ?? null,
    leaderId: d.leaderId ?? null,
    stage: d.stage,
    stageOn: d.stageOn,
    stages: [{ stage: d.stage, on: d.stageOn }],
    stalled: null,
    stalls: [],
    revitalizations: [],
    terminated: null,
    reports: {},
  };
}

export function amendProject(state: BoardState, d: EventData<'ProjectDetailsAmended'>): void {
  const project = state.projects[d.projectId];
  if (!project) return;
  const { location, ...rest } = d.changes;
  Object.assign(project, definedOnly(rest));
  if (location) project.location = [location[0], location[1]];
}

export function advanceStage(state: BoardState, d: EventData<'ProjectStageAdvanced'>): void {
  const project = state.projects[d.projectId];
  if (!project) return;
  project.stage = d.to;
  project.stageOn = d.on;
  project.stages.push({ stage: d.to, on: d.on });
}

export function reportProgress(state: BoardState, d: EventData<'ProgressReported'>): void {
  const project = state.projects[d.projectId];
  if (!project) return;
  const report: MonthlyReport = { investment: d.investment, progress: d.progress };
  if (d.milestone) report.milestone = d.milestone;
  project.reports[d.month] = report;
}

export function stallProject(state: BoardState, d: EventData<'ProjectStalled'>): void {
  withProject(state, d.projectId, (project) => {
    project.stalled = { reason: d.reason, on: d.on };
    // A second stall while stalled restates the reason: the earlier spell ends where this one begins.
    const open = project.stalls[project.stalls.length - 1];
    if (open && open.endedOn === null) open.endedOn = d.on;
    project.stalls.push({ reason: d.reason, on: d.on, endedOn: null });
  });
}

export function revitalizeProject(state: BoardState, d: EventData<'ProjectRevitalized'>): void {
  withProject(state, d.projectId, (project) => {
    project.stalled = null;
    const open = project.stalls[project.stalls.length - 1];
    if (open && open.endedOn === null) open.endedOn = d.on;
    project.revitalizations.push({ on: d.on, how: d.how });
  });
}

export function terminateProject(state: BoardState, d: EventData<'ProjectTerminated'>): void {
  withProject(state, d.projectId, (project) => {
    project.terminated = { reason: d.reason, on: d.on };
  });
}

export function assignLeader(state: BoardState, d: EventData<'ProjectLeaderAssigned'>): void {
  withProject(state, d.projectId, (project) => {
    project.leaderId = d.leaderId;
  });
}

function withProject(state: BoardState, projectId: string, change: (project: ProjectState) => void): void {
  const project = state.projects[projectId];
  if (project) change(project);
}
