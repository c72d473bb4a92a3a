import type { DomainEvent } from '@battlemap/events';
import type { PasswordHash } from './password-hash';

export type TokenKind = 'session' | 'screen';

/** A live token as stored: never the token itself, only its SHA-256. */
export interface TokenRecord {
  hash: string;
  username: string;
  /** The role when it was issued; the live role comes from the accounts projection. */
  role: string;
  kind: TokenKind;
  expires: number;
}

/** What a board snapshot keeps: the hashes as the events carry them (base64), and the live tokens. */
export interface SavedCredentials {
  passwords: [string, { scheme: string; salt: string; hash: string }][];
  tokens: TokenRecord[];
}

/** Expired tokens are dropped from memory on a sweep this often (by tokens issued). */
const SWEEP_EVERY = 1000;

/**
 * Password hashes and live token hashes, folded from the credential streams in position order (see
 * AccountProjection). What a login and every request check; every node folds the same.
 */
export class CredentialFold {
  private readonly passwords = new Map<string, PasswordHash>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly tokensOf = new Map<string, Set<string>>();
  private issuedSinceSweep = 0;

  constructor(private readonly clock: () => number) {}

  /** Returns the token hashes that this event ended (for revocation notices). */
  apply(event: DomainEvent): string[] {
    switch (event.type) {
      case 'PasswordHashSet': {
        const { username, scheme, salt, hash } = event.data;
        this.passwords.set(username, { scheme, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') });
        return [];
      }
      case 'TokenIssued': {
        const { username, tokenHash, kind, role, expiresAt } = event.data;
        const expires = Date.parse(expiresAt);
        if (expires <= this.clock()) return [];
        this.tokens.set(tokenHash, { hash: tokenHash, username, role, kind, expires });
        this.userTokens(username).add(tokenHash);
        if (++this.issuedSinceSweep >= SWEEP_EVERY) this.sweep();
        return [];
      }
      case 'TokenRevoked':
        return this.drop(event.data.tokenHash) ? [event.data.tokenHash] : [];
      case 'AllTokensRevoked': {
        const hashes = [...this.userTokens(event.data.username)];
        for (const hash of hashes) this.drop(hash);
        return hashes;
      }
      default:
        return [];
    }
  }

  save(): SavedCredentials {
    return {
      passwords: [...this.passwords].map(([username, p]) => [
        username,
        { scheme: p.scheme, salt: p.salt.toString('base64'), hash: p.hash.toString('base64') },
      ]),
      tokens: [...this.tokens.values()],
    };
  }

  /** Takes back what `save` gave (nothing: an empty fold). */
  restore(saved: SavedCredentials | undefined): void {
    this.passwords.clear();
    this.tokens.clear();
    this.tokensOf.clear();
    for (const [username, p] of saved?.passwords ?? []) {
      this.passwords.set(username, { scheme: p.scheme, salt: Buffer.from(p.salt, 'base64'), hash: Buffer.from(p.hash, 'base64') });
    }
    for (const record of saved?.tokens ?? []) {
      this.tokens.set(record.hash, record);
      this.userTokens(record.username).add(record.hash);
    }
  }

  password(username: string): PasswordHash | undefined {
    return this.passwords.get(username);
  }

  /** The token's record when it is known, not revoked and not expired; otherwise null. */
  token(hash: string): TokenRecord | null {
    const record = this.tokens.get(hash);
    return record && record.expires > this.clock() ? record : null;
  }

  private userTokens(username: string): Set<string> {
    let set = this.tokensOf.get(username);
    if (!set) this.tokensOf.set(username, (set = new Set()));
    return set;
  }

  private drop(hash: string): boolean {
    const record = this.tokens.get(hash);
    if (!record) return false;
    this.tokens.delete(hash);
    this.tokensOf.get(record.username)?.delete(hash);
    return true;
  }

  private sweep(): void {
    this.issuedSinceSweep = 0;
    const now = this.clock();
    for (const record of [...this.tokens.values()]) if (record.expires <= now) this.drop(record.hash);
  }
}
