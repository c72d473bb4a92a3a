import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CredentialStore, SCREEN_TTL_MS, SESSION_TTL_MS, tokenHash } from './credential-store';
import { CURRENT_SCHEME, hashPassword, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('verifies the right password and refuses others, with a fresh salt every time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a.scheme).toBe(CURRENT_SCHEME);
    expect(CURRENT_SCHEME).toBe('scrypt:16384:8:1:64');
    expect(a.hash).toHaveLength(64);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.hash.equals(b.hash)).toBe(false);
    await expect(verifyPassword('correct horse battery', a)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', a)).resolves.toBe(false);
    await expect(verifyPassword('', a)).resolves.toBe(false);
  });
});

describe('CredentialStore', () => {
  let dir: string;
  let now: number;
  let store: CredentialStore;
  const path = () => join(dir, 'credentials.db');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'battlemap-credentials-'));
    now = Date.UTC(2026, 0, 1);
    store = new CredentialStore(path(), () => now);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every byte SQLite wrote: the file and its write-ahead log. */
  const everything = () => {
    const read = (p: string) => {
      try {
        return readFileSync(p);
      } catch {
        return Buffer.alloc(0);
      }
    };
    return Buffer.concat([read(path()), read(`${path()}-wal`)]);
  };

  it('never stores the password, only a hash that checks it', async () => {
    store.savePassword('zhang', await hashPassword('秘密口令-Secret-2026'));
    expect(everything().includes(Buffer.from('秘密口令-Secret-2026'))).toBe(false);
    await expect(store.checkPassword('zhang', '秘密口令-Secret-2026')).resolves.toBe(true);
    await expect(store.checkPassword('zhang', 'wrong password')).resolves.toBe(false);
    await expect(store.checkPassword('nobody', '秘密口令-Secret-2026')).resolves.toBe(false);
  });

  it('is readable by its owner only', () => {
    expect(statSync(path()).mode & 0o077).toBe(0);
  });

  it('keeps only the SHA-256 of a token, with its kind, role and lifetime', () => {
    const session = store.issueToken('zhang', 'supervisor', 'session');
    const screen = store.issueToken('screen', 'screen', 'screen');
    expect(session.expiresAt - now).toBe(SESSION_TTL_MS);
    expect(SESSION_TTL_MS).toBe(12 * 3600_000);
    expect(screen.expiresAt - now).toBe(SCREEN_TTL_MS);
    expect(everything().includes(Buffer.from(session.token))).toBe(false);

    const reader = new Database(path(), { readonly: true });
    const rows = reader.prepare('SELECT * FROM tokens ORDER BY username DESC').all();
    reader.close();
    expect(rows).toEqual([
      {
        hash: tokenHash(session.token),
        username: 'zhang',
        role: 'supervisor',
        kind: 'session',
        created: now,
        expires: session.expiresAt,
        revoked: null,
      },
      {
        hash: tokenHash(screen.token),
        username: 'screen',
        role: 'screen',
        kind: 'screen',
        created: now,
        expires: screen.expiresAt,
        revoked: null,
      },
    ]);
    expect(store.findToken(session.token)).toMatchObject({ username: 'zhang', kind: 'session' });
    expect(store.findToken('not-a-token')).toBeNull();
  });

  it('forgets a token once it expires', () => {
    const { token } = store.issueToken('zhang', 'admin', 'session');
    now += SESSION_TTL_MS - 1;
    expect(store.findToken(token)).not.toBeNull();
    now += 1;
    expect(store.findToken(token)).toBeNull();
  });

  it('revokes one token, or every token of a user', () => {
    const a = store.issueToken('zhang', 'admin', 'session');
    const b = store.issueToken('zhang', 'admin', 'session');
    const c = store.issueToken('li', 'auditor', 'session');
    expect(store.revokeToken(a.token)).toBe('zhang');
    expect(store.revokeToken(a.token)).toBeNull();
    expect(store.findToken(a.token)).toBeNull();
    expect(store.findToken(b.token)).not.toBeNull();
    expect(store.revokeAllOf('zhang')).toBe(1);
    expect(store.findToken(b.token)).toBeNull();
    expect(store.findToken(c.token)).not.toBeNull();
  });

  it('keeps passwords and tokens across a restart', async () => {
    store.savePassword('zhang', await hashPassword('long enough'));
    const { token } = store.issueToken('zhang', 'admin', 'session');
    store.close();
    store = new CredentialStore(path(), () => now);
    await expect(store.checkPassword('zhang', 'long enough')).resolves.toBe(true);
    expect(store.findToken(token)?.username).toBe('zhang');
  });
});
