import type { BoardState, ScopeTarget, StreamRef } from '@battlemap/events';

/** The first event of a stream, as far as a scope check needs it. */
interface FirstEvent {
  data: unknown;
}

/**
 * Whose a stream is, for a supervisor's read: a project (and its recorded lights) and its problems (and
 * their deadline facts) and inspections belong to the project's task force and region, an indicator to
 * its region, a task force or region to itself. Null: no supervisor reads it (accounts, the notification
 * outbox, seals, red flags, light rules: the board shows what they decide).
 */
export function readTargetOf(ref: StreamRef, state: BoardState, first: FirstEvent | undefined): ScopeTarget | null {
  switch (ref.kind) {
    case 'project':
    case 'light':
      return projectTarget(state, ref.id);
    case 'problem':
    case 'deadline': {
      const problem = Object.hasOwn(state.problems, ref.id) ? state.problems[ref.id] : undefined;
      if (!problem) return null;
      return { taskForceId: problem.taskForceId ?? undefined, regionId: problem.regionId ?? undefined };
    }
    case 'inspection': {
      const projectId = (first?.data as { projectId?: unknown } | undefined)?.projectId;
      return typeof projectId === 'string' ? projectTarget(state, projectId) : null;
    }
    case 'indicator':
      return { regionId: ref.regionId };
    case 'taskForce':
      return { taskForceId: ref.id };
    case 'region':
      return { regionId: ref.id };
    case 'account':
    case 'outbox':
    case 'redFlag':
    case 'auditSeal':
    case 'lightRules':
      return null;
    default: {
      const unknown: never = ref;
      return unknown;
    }
  }
}

/** A project's task force and region, or null for a project the board does not know. */
export function projectTarget(state: BoardState, projectId: string): ScopeTarget | null {
  const project = Object.hasOwn(state.projects, projectId) ? state.projects[projectId] : undefined;
  return project ? { taskForceId: project.taskForceId, regionId: project.regionId } : null;
}
