import { type Actor, type CredentialCommand, credentialDecider, streams } from '@battlemap/events';
import { createHash, randomBytes } from 'node:crypto';
import type { CommandService } from '../commands/command.service';
import type { AccountProjection } from './account-projection';
import type { AccountRole } from './authenticated-actor';
import type { TokenKind, TokenRecord } from './credential-fold';
import { PasswordHash, spendVerificationTime, verifyPassword } from './password-hash';

export type { TokenKind, TokenRecord } from './credential-fold';

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SCREEN_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000;

/** SHA-256 of a token, hex: what the store keeps, and what a socket gateway may keep instead of the token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Password and token hashes, kept in the event store (streams credential-<username>) so every node on
 * one store shares them: a login on one node works on all, a logout or a reset ends the token on all
 * as soon as their subscriptions deliver it (well under a second). Writes go through the command
 * handler (hash chain, audit MAC); reads come from the accounts projection's fold. Secrets themselves
 * (a password, a token) are never stored anywhere: only scrypt and SHA-256 hashes.
 */
export class CredentialStore {
  constructor(
    private readonly commands: CommandService,
    private readonly projection: AccountProjection,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Stores an already computed hash (computed before the account event is appended, stored after). */
  async savePassword(username: string, stored: PasswordHash, actor: Actor): Promise<void> {
    await this.write(username, actor, {
      type: 'SetPasswordHash',
      data: { username, scheme: stored.scheme, salt: stored.salt.toString('base64'), hash: stored.hash.toString('base64') },
    });
  }

  hasPassword(username: string): boolean {
    return this.projection.credentials.password(username) !== undefined;
  }

  async checkPassword(username: string, password: string): Promise<boolean> {
    const stored = this.projection.credentials.password(username);
    if (!stored) {
      await spendVerificationTime(password);
      return false;
    }
    return verifyPassword(password, stored);
  }

  async issueToken(username: string, role: AccountRole, kind: TokenKind, actor: Actor): Promise<IssuedToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock() + (kind === 'screen' ? SCREEN_TTL_MS : SESSION_TTL_MS);
    await this.write(username, actor, {
      type: 'IssueToken',
      data: { username, tokenHash: tokenHash(token), kind, role, expiresAt: new Date(expiresAt).toISOString() },
    });
    return { token, expiresAt };
  }

  /** Carries over a token issued before credentials moved into the store (same hash, same expiry). */
  async adoptToken(record: TokenRecord, actor: Actor): Promise<void> {
    const { username, hash, kind, expires } = record;
    const role = record.role as AccountRole;
    await this.write(username, actor, {
      type: 'IssueToken',
      data: { username, tokenHash: hash, kind, role, expiresAt: new Date(expires).toISOString() },
    });
  }

  /** The token's record when it is known, not revoked and not expired; otherwise null. */
  findToken(token: string): TokenRecord | null {
    return this.projection.credentials.token(tokenHash(token));
  }

  /** Revokes one token; returns its username, or null when it was unknown, expired or already revoked. */
  async revokeToken(token: string, actor: Actor): Promise<string | null> {
    const record = this.findToken(token);
    if (!record) return null;
    await this.write(record.username, actor, { type: 'RevokeToken', data: { username: record.username, tokenHash: record.hash } });
    return record.username;
  }

  /** Ends every token of a user (a password reset). */
  async revokeAllOf(username: string, reason: 'password_reset' | 'disabled', actor: Actor): Promise<void> {
    await this.write(username, actor, { type: 'RevokeAllTokens', data: { username, reason } });
  }

  /** Appends, then waits until this node's fold holds it: the caller's next request must see it. */
  private async write(username: string, actor: Actor, command: Omit<CredentialCommand, 'meta'>): Promise<void> {
    const { position } = await this.commands.submit(streams.credential(username), credentialDecider, command, { actor });
    await this.projection.waitFor(position);
  }
}
