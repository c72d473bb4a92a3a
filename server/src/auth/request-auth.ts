import type { AccountRole, AuthenticatedActor } from './authenticated-actor';

/** The parts of an HTTP request (express) that carry a token. */
export interface TokenCarrier {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
}

const MAX_TOKEN_LENGTH = 256;

/**
 * `Authorization: Bearer <token>`, or `?token=` on GET: a command-room screen opens the board by URL.
 * Never `?token=` on a write, where a URL (logged by proxies, kept in history) must not authorise changes.
 */
export function extractToken(request: TokenCarrier): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match && match[1].length <= MAX_TOKEN_LENGTH ? match[1] : null;
  }
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return null;
  const token = (request.query as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? token : null;
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
