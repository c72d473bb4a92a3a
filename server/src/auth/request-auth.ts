import type { AccountRole, AuthenticatedActor } from './authenticated-actor';

/** The parts of an HTTP request (express) that carry a token. */
export interface TokenCarrier {
  headers: Record<string, string | string[] | undefined>;
}

const MAX_TOKEN_LENGTH = 256;

/**
 * `Authorization: Bearer <token>` only. A token in a URL is kept by proxies' logs, browser history and
 * `Referer`: the screen link's `?token=` is read by the page itself, moved into storage and stripped.
 */
export function extractToken(request: TokenCarrier): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match && match[1].length <= MAX_TOKEN_LENGTH ? match[1] : null;
}

export type AccessDecision = 'allow' | 'unauthorized' | 'forbidden';

/** Every route needs a valid token of any role, unless public; `roles` narrows it further. */
export function decideAccess(
  route: { isPublic: boolean; roles?: readonly AccountRole[] },
  actor: AuthenticatedActor | null,
): AccessDecision {
  if (route.isPublic) return 'allow';
  if (!actor) return 'unauthorized';
  if (route.roles && route.roles.length > 0 && !route.roles.includes(actor.role)) return 'forbidden';
  return 'allow';
}
