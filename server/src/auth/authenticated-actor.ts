import type { Actor, Role } from '@battlemap/events';
import type { Scopes } from '@battlemap/events';
import type { TokenKind } from './credential-fold';

/** A role a person or a screen can hold; `system` only ever writes, it never logs in. */
export type AccountRole = Exclude<Role, 'system'>;

/** Who is calling, read from the accounts projection on every request so a change applies at once. */
export interface AuthenticatedActor {
  /** The username. */
  id: string;
  /** The display name. */
  name: string;
  role: AccountRole;
  scopes: Scopes;
  tokenKind: TokenKind;
}

/** The actor of writes the server makes by itself (first-start accounts, the demo). */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统', role: 'system' };

/**
 * The actor as it goes into event metadata: scopes and token kind are session details, not part of
 * the audit record (handleCommand copies `context.actor` into every event verbatim).
 */
export function actorOf(actor: AuthenticatedActor | Actor): Actor {
  return { id: actor.id, name: actor.name, role: actor.role };
}
