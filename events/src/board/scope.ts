import type { BoardState, FeedEntry, ProblemState, ProjectState } from './state';

/**
 * What a filtered board (a county's screen, a task force's screen) may show. A region means itself
 * and every region below it (a county and its parks); a region of kind city means everything.
 */
export interface Scope {
  /** null: every region. */
  regions: ReadonlySet<string> | null;
  /** null: every task force. */
  taskForce: string | null;
}

export function makeScope(state: BoardState, region?: string, taskForce?: string): Scope {
  return {
    regions: region ? regionsWithin(state, region) : null,
    taskForce: taskForce ?? null,
  };
}

function regionsWithin(state: BoardState, regionId: string): ReadonlySet<string> | null {
  if (Object.hasOwn(state.regions, regionId) && state.regions[regionId].kind === 'city') return null;
  const children = new Map<string, string[]>();
  for (const region of Object.values(state.regions)) {
    if (region.parentId) children.set(region.parentId, [...(children.get(region.parentId) ?? []), region.id]);
  }
  const within = new Set([regionId]);
  const queue = [regionId];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!within.has(child)) {
        within.add(child);
        queue.push(child);
      }
    }
  }
  return within;
}

export function regionInScope(scope: Scope, regionId: string | null): boolean {
  return scope.regions === null || (regionId !== null && scope.regions.has(regionId));
}

/** Whether a place (a region and a task force, either unknown) lies within a screen's scope. */
export function placeInScope(scope: Scope, place: { regionId: string | null; taskForceId: string | null }): boolean {
  return regionInScope(scope, place.regionId) && (scope.taskForce === null || place.taskForceId === scope.taskForce);
}

export function projectInScope(scope: Scope, project: ProjectState): boolean {
  return placeInScope(scope, project);
}

/**
 * Where a problem belongs: its project's current region and task force when the project is known
 * (a project may be re-placed by an amendment after the problem was raised), else its own fields.
 */
export function problemPlace(state: BoardState, problem: ProblemState): { regionId: string | null; taskForceId: string | null } {
  const project = problem.projectId ? state.projects[problem.projectId] : undefined;
  return project
    ? { regionId: project.regionId, taskForceId: project.taskForceId }
    : { regionId: problem.regionId, taskForceId: problem.taskForceId };
}

export function problemInScope(scope: Scope, state: BoardState, problem: ProblemState): boolean {
  if (scope.regions === null && scope.taskForce === null) return true;
  return placeInScope(scope, problemPlace(state, problem));
}

/**
 * A feed line is filtered on a dimension only when it has one. Lines about work on the ground
 * (projects, problems, inspections) without that dimension are dropped; city-wide news (a red flag,
 * new light rules, an indicator on a task force's screen) stays on every screen.
 */
export function feedInScope(scope: Scope, item: FeedEntry): boolean {
  const aboutWork = item.projectId !== undefined || item.type.startsWith('Problem') || item.type === 'InspectionRecorded';
  const regionOk = scope.regions === null || (item.regionId ? scope.regions.has(item.regionId) : !aboutWork);
  const taskForceOk = scope.taskForce === null || (item.taskForceId ? item.taskForceId === scope.taskForce : !aboutWork);
  return regionOk && taskForceOk;
}
