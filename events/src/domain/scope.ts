import type { Role } from '../envelope';
import type { Scopes } from './account';
import { ForbiddenError } from './errors';

/** What a write touches: a project, problem or indicator names its task force and/or its region. */
export interface ScopeTarget {
  taskForceId?: string;
  regionId?: string;
}

/** Who writes: the server's authenticated actor, or the console's session. */
export interface ScopedActor {
  role: Exclude<Role, 'system'>;
  scopes: Scopes;
}

/**
 * May this actor change this target? Admin: anything. Supervisor: what belongs to one of their task
 * forces OR lies in one of their regions (a county supervisor handles every project in the county,
 * a task-force chief every project of the industry). Auditors and screens only read.
 */
export function isInScope(actor: ScopedActor, target: ScopeTarget): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'supervisor':
      return (
        (target.taskForceId !== undefined && actor.scopes.taskForces.includes(target.taskForceId)) ||
        (target.regionId !== undefined && actor.scopes.regions.includes(target.regionId))
      );
    case 'auditor':
    case 'screen':
      return false;
    default: {
      const unknown: never = actor.role;
      return unknown;
    }
  }
}

/** Throws the 403 a supervisor can act on; reads need no scope (every role sees the whole board). */
export function assertInScope(actor: ScopedActor, target: ScopeTarget): void {
  if (actor.role === 'auditor' || actor.role === 'screen') {
    throw new ForbiddenError('forbidden', '当前角色无权执行此操作');
  }
  if (!isInScope(actor, target)) throw new ForbiddenError('out_of_scope', '不在您负责的专班或属地范围内');
}

/**
 * May this reader see this entity's own record (a project's page and history, a problem's events)?
 * Auditors and admins read everything; a supervisor what is in scope; a screen only the board.
 */
export function mayReadEntity(actor: ScopedActor, target: ScopeTarget): boolean {
  return actor.role === 'auditor' || isInScope(actor, target);
}

/** Throws the 403 for a read outside the reader's scope. */
export function assertMayRead(actor: ScopedActor, target: ScopeTarget): void {
  if (actor.role === 'screen') throw new ForbiddenError('forbidden', '大屏只能查看看板、地图和运行状态');
  if (!mayReadEntity(actor, target)) throw new ForbiddenError('out_of_scope', '不在您负责的专班或属地范围内，无权查看');
}
