import type { BoardCounters, BoardProblems, BoardStages, Light, Stage } from '../board-view';
import { isOpenStatus } from './lights';
import { makeScope, problemInScope } from './scope';
import type { BoardViewDetail } from './selectors';
import type { BoardState, ProblemState, ProblemStatus } from './state';

/**
 * The difference between two moments of the board (two 月调度 meetings, say): what an auditor asks
 * "what changed between then and then". Pure: fed by the two folded states and their views.
 */

/** One side of the comparison: the folded state and the view selected from it. */
export interface BoardMoment {
  state: BoardState;
  view: BoardViewDetail;
}

export interface ProjectChange {
  id: string;
  name: string;
  regionId: string;
  taskForceId: string;
  /** `added`: not on the board before; `removed`: gone from it (terminated) since; else `changed`. */
  kind: 'added' | 'removed' | 'changed';
  /** Null when the stage stayed the same. */
  stage: { from: Stage | null; to: Stage | null } | null;
  light: { from: Light | null; to: Light | null } | null;
}

export interface ProblemLine {
  id: string;
  description: string;
  projectId: string | null;
  status: ProblemStatus;
  deadline: string;
  escalated: boolean;
}

export interface RankingChange {
  id: string;
  name: string;
  before: { rank: number; points: number; redFlag: boolean } | null;
  after: { rank: number; points: number; redFlag: boolean } | null;
}

export interface BoardDiff {
  before: { asOf: string; position: string | null };
  after: { asOf: string; position: string | null };
  /** Projects whose stage or light changed, or that came or went; in the order of the later board. */
  projects: ProjectChange[];
  /** Raised (or reopened) between the two moments and open at the second. */
  problemsOpened: ProblemLine[];
  /** Closed (销号) at the second moment and not at the first. */
  problemsClosed: ProblemLine[];
  counters: { before: BoardCounters; after: BoardCounters };
  stages: { before: BoardStages; after: BoardStages };
  problems: { before: BoardProblems; after: BoardProblems };
  ranking: RankingChange[];
}

/** What changed from `before` to `after`, within an optional region / task force (as the views were selected). */
export function diffBoards(before: BoardMoment, after: BoardMoment, scope: { region?: string; taskForce?: string } = {}): BoardDiff {
  return {
    before: { asOf: before.view.asOf, position: before.view.position },
    after: { asOf: after.view.asOf, position: after.view.position },
    projects: projectChanges(before.view, after.view),
    ...problemChanges(before.state, after.state, scope),
    counters: { before: before.view.counters, after: after.view.counters },
    stages: { before: before.view.stages, after: after.view.stages },
    problems: { before: before.view.problems, after: after.view.problems },
    ranking: rankingChanges(before.view, after.view),
  };
}

function projectChanges(before: BoardViewDetail, after: BoardViewDetail): ProjectChange[] {
  const earlier = new Map(before.projects.map((p) => [p.id, p]));
  const changes: ProjectChange[] = [];
  for (const now of after.projects) {
    const then = earlier.get(now.id);
    earlier.delete(now.id);
    const stage = then?.stage === now.stage ? null : { from: then?.stage ?? null, to: now.stage };
    const light = then?.light === now.light ? null : { from: then?.light ?? null, to: now.light };
    if (!then || stage || light) {
      const { id, name, regionId, taskForceId } = now;
      changes.push({ id, name, regionId, taskForceId, kind: then ? 'changed' : 'added', stage, light });
    }
  }
  // What is left was on the earlier board only: terminated (or moved out of scope) since.
  for (const then of earlier.values()) {
    const { id, name, regionId, taskForceId } = then;
    changes.push({
      id,
      name,
      regionId,
      taskForceId,
      kind: 'removed',
      stage: { from: then.stage, to: null },
      light: { from: then.light, to: null },
    });
  }
  return changes;
}

function problemChanges(
  before: BoardState,
  after: BoardState,
  { region, taskForce }: { region?: string; taskForce?: string },
): Pick<BoardDiff, 'problemsOpened' | 'problemsClosed'> {
  const scope = makeScope(after, region, taskForce);
  const problemsOpened: ProblemLine[] = [];
  const problemsClosed: ProblemLine[] = [];
  for (const id of after.problemIds) {
    const now = after.problems[id];
    if (!problemInScope(scope, after, now)) continue;
    const then = Object.hasOwn(before.problems, id) ? before.problems[id] : undefined;
    const reopened = then !== undefined && now.reopenCount > then.reopenCount;
    if (isOpenStatus(now.status) && (!then || !isOpenStatus(then.status) || reopened)) problemsOpened.push(problemLine(now));
    if (now.status === 'closed' && then?.status !== 'closed') problemsClosed.push(problemLine(now));
  }
  return { problemsOpened, problemsClosed };
}

function problemLine(problem: ProblemState): ProblemLine {
  const { id, description, projectId, status, deadline, escalated } = problem;
  return { id, description, projectId, status, deadline, escalated };
}

function rankingChanges(before: BoardViewDetail, after: BoardViewDetail): RankingChange[] {
  const earlier = new Map(before.taskForces.map((t) => [t.id, t]));
  const rows: RankingChange[] = after.taskForces.map((now) => {
    const then = earlier.get(now.id);
    earlier.delete(now.id);
    return {
      id: now.id,
      name: now.name,
      before: then ? { rank: then.rank, points: then.points, redFlag: then.redFlag } : null,
      after: { rank: now.rank, points: now.points, redFlag: now.redFlag },
    };
  });
  for (const then of earlier.values()) {
    rows.push({ id: then.id, name: then.name, before: { rank: then.rank, points: then.points, redFlag: then.redFlag }, after: null });
  }
  return rows;
}
