/** Which slice of the board a screen shows: the whole city, one county, or one task force. */
export type Scope = { kind: 'city' } | { kind: 'region'; id: string } | { kind: 'taskForce'; id: string };

export const CITY_SCOPE: Scope = { kind: 'city' };

export function scopeKey(scope: Scope): string {
  return scope.kind === 'city' ? 'city' : `${scope.kind}:${scope.id}`;
}

/** The filter arguments of selectBoardView and of the socket subscription. */
export function scopeFilter(scope: Scope): { region?: string; taskForce?: string } {
  if (scope.kind === 'region') return { region: scope.id };
  if (scope.kind === 'taskForce') return { taskForce: scope.id };
  return {};
}

export function scopeFromParams(region: string | null, taskForce: string | null): Scope {
  if (region) return { kind: 'region', id: region };
  if (taskForce) return { kind: 'taskForce', id: taskForce };
  return CITY_SCOPE;
}

export interface Named {
  id: string;
  name: string;
}

/** Names of what a screen can show, for headers, rotation and labels. */
export interface Directory {
  city: Named | null;
  /** Every region, including the city and parks. */
  regions: Named[];
  /** The city's counties and districts, in the order they were defined. */
  counties: Named[];
  taskForces: Named[];
}

export const EMPTY_DIRECTORY: Directory = { city: null, regions: [], counties: [], taskForces: [] };

/** What the header calls the current view. */
export function scopeName(scope: Scope, directory: Directory): string {
  if (scope.kind === 'city') return directory.city ? `${directory.city.name}全域` : '全市';
  const list = scope.kind === 'region' ? directory.regions : directory.taskForces;
  return list.find((entry) => entry.id === scope.id)?.name ?? scope.id;
}
