import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { PasswordHash, spendVerificationTime, verifyPassword } from './password-hash';

export type TokenKind = 'session' | 'screen';

/** A live token as stored: never the token itself, only its SHA-256. */
export interface TokenRecord {
  hash: string;
  username: string;
  /** The role when it was issued; the live role comes from the accounts projection. */
  role: string;
  kind: TokenKind;
  created: number;
  expires: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SCREEN_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000;
/** Expired tokens are kept a while (for "why was I logged out" questions), then dropped. */
const EXPIRED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS passwords (
  username TEXT PRIMARY KEY,
  scheme   TEXT NOT NULL,
  salt     BLOB NOT NULL,
  hash     BLOB NOT NULL,
  updated  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash     TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  role     TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('session', 'screen')),
  created  INTEGER NOT NULL,
  expires  INTEGER NOT NULL,
  revoked  INTEGER
);
CREATE INDEX IF NOT EXISTS tokens_by_username ON tokens (username);
CREATE INDEX IF NOT EXISTS tokens_by_expiry ON tokens (expires);`;

/** SHA-256 of a token, hex: what the store keeps, and what a socket gateway may keep instead of the token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Secrets live here, in a small SQLite file outside the event log, because events are never deleted
 * and are shown to auditors: a password hash or a token in an event would be there forever.
 */
export class CredentialStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<CredentialStore['prepare']>;

  constructor(
    readonly path: string,
    private readonly clock: () => number = Date.now,
  ) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      // Owner-only from the first byte; SQLite gives its -wal and -shm files the same mode.
      if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    }
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = this.prepare();
  }

  private prepare() {
    return {
      savePassword: this.db.prepare(
        `INSERT INTO passwords (username, scheme, salt, hash, updated) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET scheme = excluded.scheme, salt = excluded.salt, hash = excluded.hash, updated = excluded.updated`,
      ),
      password: this.db.prepare('SELECT scheme, salt, hash FROM passwords WHERE username = ?'),
      deletePassword: this.db.prepare('DELETE FROM passwords WHERE username = ?'),
      insertToken: this.db.prepare('INSERT INTO tokens (hash, username, role, kind, created, expires) VALUES (?, ?, ?, ?, ?, ?)'),
      liveToken: this.db.prepare(
        'SELECT hash, username, role, kind, created, expires FROM tokens WHERE hash = ? AND revoked IS NULL AND expires > ?',
      ),
      revokeToken: this.db.prepare('UPDATE tokens SET revoked = ? WHERE hash = ? AND revoked IS NULL RETURNING username'),
      revokeAll: this.db.prepare('UPDATE tokens SET revoked = ? WHERE username = ? AND revoked IS NULL'),
      pruneExpired: this.db.prepare('DELETE FROM tokens WHERE expires < ?'),
    };
  }

  /** Stores an already computed hash (computed before the account event is appended, stored after). */
  savePassword(username: string, stored: PasswordHash): void {
    this.statements.savePassword.run(username, stored.scheme, stored.salt, stored.hash, this.clock());
  }

  deletePassword(username: string): void {
    this.statements.deletePassword.run(username);
  }

  hasPassword(username: string): boolean {
    return this.statements.password.get(username) !== undefined;
  }

  async checkPassword(username: string, password: string): Promise<boolean> {
    const row = this.statements.password.get(username) as PasswordHash | undefined;
    if (!row) {
      await spendVerificationTime(password);
      return false;
    }
    return verifyPassword(password, row);
  }

  issueToken(username: string, role: string, kind: TokenKind): IssuedToken {
    const now = this.clock();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + (kind === 'screen' ? SCREEN_TTL_MS : SESSION_TTL_MS);
    this.statements.pruneExpired.run(now - EXPIRED_RETENTION_MS);
    this.statements.insertToken.run(tokenHash(token), username, role, kind, now, expiresAt);
    return { token, expiresAt };
  }

  /** The token's record when it is known, not revoked and not expired; otherwise null. */
  findToken(token: string): TokenRecord | null {
    return (this.statements.liveToken.get(tokenHash(token), this.clock()) as TokenRecord | undefined) ?? null;
  }

  /** Revokes one token; returns its username, or null when it was unknown or already revoked. */
  revokeToken(token: string): string | null {
    const row = this.statements.revokeToken.get(this.clock(), tokenHash(token)) as { username: string } | undefined;
    return row?.username ?? null;
  }

  /** Revokes every token of a user; returns how many were not revoked yet. */
  revokeAllOf(username: string): number {
    return this.statements.revokeAll.run(this.clock(), username).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Nest calls this at shutdown (the store is provided by a factory, so no decorator is needed). */
  onApplicationShutdown(): void {
    this.close();
  }
}
