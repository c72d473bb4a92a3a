import { demoAccounts } from '@battlemap/seeds';
import type { AuthService } from '../auth/auth.service';
import { type AuthenticatedActor, SYSTEM_ACTOR } from '../auth/authenticated-actor';

/**
 * The simulated people's accounts. They have no password (nobody can log in as them); the demo acts
 * in their name in-process, so every event still carries a real account as its actor.
 */
export async function ensureDemoAccounts(auth: AuthService): Promise<number> {
  await auth.ready();
  const existing = new Set(auth.listAccounts().map((a) => a.username));
  let created = 0;
  for (const account of demoAccounts()) {
    if (existing.has(account.username)) continue;
    await auth.createTokenOnlyAccount(SYSTEM_ACTOR, {
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      scopes: account.scopes,
    });
    created += 1;
  }
  return created;
}

/** The actors by username, as AuthGuard would see them on a request (role and scopes as they are now). */
export function actorsByUsername(auth: AuthService): Map<string, AuthenticatedActor> {
  return new Map(
    auth
      .listAccounts()
      .filter((a) => a.status === 'active')
      .map((a) => [a.username, { id: a.username, name: a.displayName, role: a.role, scopes: a.scopes, tokenKind: 'session' as const }]),
  );
}
