import type { BoardCounters, BoardProblems, BoardStages, Stage, TaskForceRow } from '../board-view';
import { monthOf, yearPrefix } from '../dates';
import { isOpenStatus } from './lights';
import { problemPlace } from './scope';
import type { BoardState, ProblemState, ProjectState } from './state';

/** 四新一盘活 counters, stage stocks, problem counts and the task forces' 积分 ranking. */

/** The movements that count: one per stage entered (operating has no counter) and per revitalization. */
export type Flow = 'negotiated' | 'signed' | 'started' | 'completed' | 'revitalized';

export interface PointWeights extends Record<Flow, number> {
  problemClosed: number;
}

export const DEFAULT_POINT_WEIGHTS: PointWeights = {
  negotiated: 1,
  signed: 3,
  started: 5,
  completed: 3,
  revitalized: 5,
  problemClosed: 1,
};

const FLOW_OF_STAGE: Record<Stage, Flow | null> = {
  negotiating: 'negotiated',
  signed: 'signed',
  started: 'started',
  completed: 'completed',
  operating: null,
};

/**
 * Calls `count` for each movement of a project whose business date falls in the year. Each stage
 * entry counts once (a skipped-stage jump records every stage it passes as its own entry, the
 * registration records only the stage registered). A project lost later keeps its earlier flows:
 * the movements did happen.
 */
export function forEachFlow(project: ProjectState, year: number, count: (flow: Flow) => void): void {
  forEachFlowIn(project, yearPrefix(year), count);
}

/** The same, for any period written as a date prefix: `2026-` (a year) or `2026-03` (a month). */
function forEachFlowIn(project: ProjectState, prefix: string, count: (flow: Flow) => void): void {
  for (const entry of project.stages) {
    const flow = FLOW_OF_STAGE[entry.stage];
    if (flow && entry.on.startsWith(prefix)) count(flow);
  }
  for (const revival of project.revitalizations) {
    if (revival.on.startsWith(prefix)) count('revitalized');
  }
}

/** A project's movements within `year`, in the order forEachFlow calls them (what a live view keeps per project). */
export function flowsOf(project: ProjectState, year: number): Flow[] {
  const flows: Flow[] = [];
  forEachFlow(project, year, (flow) => flows.push(flow));
  return flows;
}

/** The same movements, either found now or read from a list kept per project (`flowsOf` of the same year). */
export type FlowSource = (project: ProjectState, count: (flow: Flow) => void) => void;

export function countFlows(projects: ProjectState[], year: number, source?: FlowSource): BoardCounters {
  return countFlowsIn(projects, yearPrefix(year), source);
}

/** 四新一盘活 within a period given as a date prefix (`2026-` a year, `2026-03` a month). */
export function countFlowsIn(projects: ProjectState[], prefix: string, source?: FlowSource): BoardCounters {
  const counters: BoardCounters = {
    negotiated: 0,
    signed: 0,
    signedInvestment: 0,
    started: 0,
    startedInvestment: 0,
    completed: 0,
    revitalized: 0,
  };
  const flowsIn = source ?? ((project: ProjectState, count: (flow: Flow) => void) => forEachFlowIn(project, prefix, count));
  for (const project of projects) {
    flowsIn(project, (flow) => {
      counters[flow] += 1;
      if (flow === 'signed') counters.signedInvestment += project.totalInvestment;
      if (flow === 'started') counters.startedInvestment += project.totalInvestment;
    });
  }
  return counters;
}

/** Stocks now: terminated projects leave the board; a stalled project counts in its stage AND in `stalled`. */
export function countStages(projects: ProjectState[]): BoardStages {
  const stages: BoardStages = { negotiating: 0, signed: 0, started: 0, completed: 0, operating: 0, stalled: 0 };
  for (const project of projects) {
    if (project.terminated) continue;
    stages[project.stage] += 1;
    if (project.stalled) stages.stalled += 1;
  }
  return stages;
}

/**
 * Resolved-but-not-closed problems are neither open nor closed: they await verification (销号).
 * closureRate is closed over every problem raised (reopened ones count as not closed).
 */
export function countProblems(problems: ProblemState[], today: string): BoardProblems {
  let open = 0;
  let overdue = 0;
  let escalated = 0;
  let closed = 0;
  for (const problem of problems) {
    if (problem.status === 'closed') closed += 1;
    if (!isOpenStatus(problem.status)) continue;
    open += 1;
    if (problem.deadline < today) overdue += 1;
    if (problem.escalated) escalated += 1;
  }
  return { open, overdue, escalated, closed, closureRate: problems.length > 0 ? closed / problems.length : 0 };
}

/** Who holds the 流动红旗: the winner of the latest awarded month up to today's month. */
export function redFlagHolder(state: BoardState, today: string): { taskForceId: string; month: string } | null {
  const current = monthOf(today);
  let best: string | null = null;
  for (const month in state.redFlags) {
    if (month <= current && (best === null || month > best)) best = month;
  }
  return best === null ? null : { taskForceId: state.redFlags[best].taskForceId, month: best };
}

/**
 * 积分 of every formed task force for `year`, always city-wide (the ranking and the flag are a city
 * institution, so a county's screen shows the same table). Ranks are competition-style: equal points
 * share a rank and the next rank skips (1, 1, 3); ties are listed by id. `projects` (every project of
 * the board, in its key order) and `source` (their movements) may come from a live view's cache.
 */
export function rankTaskForces(
  state: BoardState,
  year: number,
  today: string,
  weights: PointWeights,
  projects: Iterable<ProjectState> = Object.values(state.projects),
  source: FlowSource = (project, count) => forEachFlow(project, year, count),
): TaskForceRow[] {
  const points: Record<string, number> = {};
  for (const id in state.taskForces) points[id] = 0;
  for (const project of projects) {
    if (points[project.taskForceId] === undefined) continue;
    source(project, (flow) => (points[project.taskForceId] += weights[flow]));
  }
  const prefix = yearPrefix(year);
  for (const id of state.problemIds) {
    const problem = state.problems[id];
    if (problem.status !== 'closed' || !problem.closedOn?.startsWith(prefix)) continue;
    const { taskForceId } = problemPlace(state, problem);
    if (taskForceId !== null && points[taskForceId] !== undefined) points[taskForceId] += weights.problemClosed;
  }
  const holder = redFlagHolder(state, today)?.taskForceId;
  const rows = Object.values(state.taskForces)
    .map((tf) => ({ id: tf.id, name: tf.name, points: points[tf.id], rank: 0, redFlag: tf.id === holder }))
    .sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rows.forEach((row, i) => {
    row.rank = i > 0 && rows[i - 1].points === row.points ? rows[i - 1].rank : i + 1;
  });
  return rows;
}
