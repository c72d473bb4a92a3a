import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Api } from './support/http-client';
import { RunningServer, startServer, tempDataDir } from './support/server';

const ADMIN_PASSWORD = 'nodes-admin-password';

/** Polls until `check` is true, or fails after `ms` saying what it waited for. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

/**
 * Two server processes on one store are one service: accounts, password and token hashes live in the
 * store (credential streams), so a login on one node works on the other and a logout or a password
 * reset holds on both within 2 s. Nothing about credentials stays on a node's own disk.
 */
describe('many nodes on one store share logins and revocations', () => {
  const data = tempDataDir();
  let a: RunningServer;
  let b: RunningServer;
  let apiA: Api;
  let apiB: Api;

  beforeAll(async () => {
    a = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    b = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    apiA = new Api(a.url);
    apiB = new Api(b.url);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    data.remove();
  });

  const authorised = async (api: Api, token: string) => (await api.get('/api/auth/me', token)).status === 200;
  /**
   * `api`'s node has folded everything `from`'s store held when asked (an account made there, and its
   * password, which is appended after it): its live position (health: the store's head less the lag)
   * has reached that head. Polling a login instead would spend the node's failed-login budget for this
   * address (10 a minute) whenever it is slow to hear of the account, and then refuse the right password.
   */
  const caughtUpWith = async (api: Api, from: Api) => {
    const head = BigInt((await from.get('/api/health')).body.position);
    return async () => {
      const health = (await api.get('/api/health')).body as { position: string | null; lag: number };
      return health.position !== null && BigInt(health.position) - BigInt(health.lag) >= head;
    };
  };

  it('takes a login made on one node on the other, and ends it on both when logged out on either', async () => {
    const admin = await apiA.login('admin', ADMIN_PASSWORD);
    await within(2000, 'node B accepts a token issued by node A', () => authorised(apiB, admin));
    await apiA.must('POST', '/api/accounts', { username: 'li', displayName: '李四', role: 'auditor', password: 'li-password-1' }, admin);
    // An account made on A logs in on B, once B has read what A wrote.
    await within(2000, 'node B knows the account made on A', await caughtUpWith(apiB, apiA));
    const li = await apiB.login('li', 'li-password-1');
    await within(2000, 'node A accepts a token issued by node B', () => authorised(apiA, li));
    expect((await apiB.post('/api/auth/logout', {}, li)).status).toBe(200);
    expect(await authorised(apiB, li)).toBe(false);
    const took = await within(2000, 'node A refuses the token logged out on B', async () => !(await authorised(apiA, li)));
    expect(took).toBeLessThan(2000);
  });

  it('holds a password reset on every node: old tokens and the old password stop, the new password works', async () => {
    const admin = await apiA.login('admin', ADMIN_PASSWORD);
    await apiA.must(
      'POST',
      '/api/accounts',
      { username: 'wang', displayName: '王五', role: 'supervisor', password: 'wang-password-1' },
      admin,
    );
    await within(2000, 'node B knows wang', await caughtUpWith(apiB, apiA));
    const old = await apiB.login('wang', 'wang-password-1');
    expect((await apiA.post('/api/accounts/wang/password', { password: 'wang-password-2' }, admin)).status).toBe(201);
    await within(2000, 'node B refuses the token from before the reset', async () => !(await authorised(apiB, old)));
    expect((await apiB.post('/api/auth/login', { username: 'wang', password: 'wang-password-1' })).status).toBe(401);
    expect((await apiB.post('/api/auth/login', { username: 'wang', password: 'wang-password-2' })).status).toBe(200);
    // Auditors see that a reset happened and by whom, never a hash.
    const history = await apiB.get('/api/events?stream=account-wang', admin);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['AccountCreated', 'AccountPasswordReset']);
    expect(history.body.events[1].meta.actor).toMatchObject({ id: 'admin', role: 'admin' });
  });

  it('never shows a credential event to a person, auditors included', async () => {
    const admin = await apiA.login('admin', ADMIN_PASSWORD);
    const all = [];
    let after: string | null = null;
    do {
      const page = await apiA.get(`/api/events?limit=1000${after ? `&after=${after}` : ''}`, admin);
      all.push(...page.body.events);
      after = page.body.next;
    } while (after);
    expect(all.length).toBeGreaterThan(3);
    expect(all.filter((e: { stream: string }) => e.stream.startsWith('credential-'))).toEqual([]);
    expect(JSON.stringify(all)).not.toMatch(/tokenHash|salt|scrypt/);
    const direct = await apiA.get('/api/events?stream=credential-admin', admin);
    expect({ status: direct.status, code: direct.body.fields?.[0]?.code }).toEqual({ status: 400, code: 'invalid_stream' });
  });

  it('moves an older release’s credentials file into the store once, so linked screens keep working', async () => {
    const admin = await apiA.login('admin', ADMIN_PASSWORD);
    await apiA.must(
      'POST',
      '/api/accounts',
      { username: 'wall-1', displayName: '一号大屏', role: 'screen', password: 'wall-password-1' },
      admin,
    );
    await Promise.all([a.stop(), b.stop()]);
    const legacyToken = 'legacy-screen-token-from-an-older-release';
    const file = new Database(join(data.dir, 'credentials.db'));
    file.exec(`CREATE TABLE passwords (username TEXT PRIMARY KEY, scheme TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL, updated INTEGER NOT NULL);
      CREATE TABLE tokens (hash TEXT PRIMARY KEY, username TEXT NOT NULL, role TEXT NOT NULL, kind TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL, revoked INTEGER);`);
    const hash = createHash('sha256').update(legacyToken).digest('hex');
    file
      .prepare('INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, NULL)')
      .run(hash, 'wall-1', 'screen', 'screen', Date.now(), Date.now() + 86_400_000);
    file
      .prepare('INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('0'.repeat(64), 'wall-1', 'screen', 'screen', Date.now(), Date.now() + 86_400_000, Date.now());
    file.close();
    a = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    apiA = new Api(a.url);
    expect(a.output()).toContain('moved 0 password hashes and 1 live tokens');
    expect(await authorised(apiA, legacyToken)).toBe(true);
    b = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    apiB = new Api(b.url);
    expect(b.output()).not.toContain('moved');
    expect(await authorised(apiB, legacyToken)).toBe(true);
  });
});
