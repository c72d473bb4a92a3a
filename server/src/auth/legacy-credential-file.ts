import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { AccountRole } from './authenticated-actor';
import type { TokenKind } from './credential-fold';
import type { PasswordHash } from './password-hash';

/** What a release before shared credentials kept in its credentials file (`CREDENTIALS_PATH`). */
export interface LegacyCredentials {
  passwords: { username: string; stored: PasswordHash }[];
  tokens: { username: string; hash: string; role: AccountRole; kind: TokenKind; expires: number }[];
}

/**
 * Reads the old credentials file, if there is one, so an upgraded server moves its password and live
 * token hashes into the store once (see AuthService.adoptLegacyCredentials) and nobody has to log in
 * or re-link a screen. The file is then left alone: the store is the only source from then on.
 */
export function readLegacyCredentials(path: string, now: number): LegacyCredentials | null {
  if (path === ':memory:' || !existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('passwords', 'tokens')").all() as {
      name: string;
    }[];
    if (tables.length < 2) return null;
    const passwords = (
      db.prepare('SELECT username, scheme, salt, hash FROM passwords').all() as (PasswordHash & { username: string })[]
    ).map(({ username, ...stored }) => ({ username, stored }));
    const tokens = db
      .prepare('SELECT hash, username, role, kind, expires FROM tokens WHERE revoked IS NULL AND expires > ?')
      .all(now) as LegacyCredentials['tokens'];
    return { passwords, tokens };
  } finally {
    db.close();
  }
}
