import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Api } from './support/http-client';
import { ROOT, RunningServer, startServer, tempDataDir } from './support/server';
import { TF_A, REGION_A, projectBody } from './support/fixtures';

const ADMIN_PASSWORD = 'operations-admin-password';

/**
 * Runs one of the operator's commands (as `npm run backup|admin -- …` does, after the build). Async:
 * a blocked test process would let the server close its idle keep-alive sockets under the client.
 */
function cli(name: 'backup' | 'admin', args: string[], env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'server', 'dist', 'cli', `${name}.js`), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

describe('operations: backup, restore and offline password reset', () => {
  const data = tempDataDir();
  const restoreDir = tempDataDir();
  let server: RunningServer;
  let api: Api;
  let admin: string;
  const storeEnv = { EVENTSTORE_URL: `sqlite:${join(data.dir, 'events.db')}` };

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    api = new Api(server.url);
    admin = await api.login('admin', ADMIN_PASSWORD);
    await api.must('POST', '/api/regions', { id: REGION_A, name: '利州区', kind: 'county' }, admin);
    await api.must(
      'POST',
      '/api/taskforces',
      { id: TF_A, name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'chief-a', leadUnit: '市经信局' },
      admin,
    );
    for (let i = 0; i < 5; i++) await api.must('POST', '/api/projects', projectBody(`ops-${i}`), admin);
  });
  afterAll(async () => {
    await server?.stop();
    data.remove();
    restoreDir.remove();
  });

  it('backs up the running store into a new file, verified with the audit key, and a server restored from it shows the same board', async () => {
    const copy = join(restoreDir.dir, 'events.db');
    const backup = await cli('backup', [copy], storeEnv);
    expect(backup.output).toMatch(/backup: \d+ events → .* verified with the audit key/);
    expect(backup.status).toBe(0);
    expect(await cli('backup', [copy], storeEnv)).toMatchObject({ status: 2, output: expect.stringContaining('exists') });

    // Restore: the copy with the key (and checkpoint) from beside the original.
    copyFileSync(join(data.dir, 'audit.key'), join(restoreDir.dir, 'audit.key'));
    const restored = await startServer({ dataDir: restoreDir.dir, env: { ADMIN_PASSWORD } });
    try {
      const restoredApi = new Api(restored.url);
      const token = await restoredApi.login('admin', ADMIN_PASSWORD);
      const [before, after] = await Promise.all([api.get('/api/board', admin), restoredApi.get('/api/board', token)]);
      expect(after.body.projects.map((p: { id: string }) => p.id).sort()).toEqual(
        before.body.projects.map((p: { id: string }) => p.id).sort(),
      );
      expect((await restoredApi.get('/api/audit/verify', token)).body).toMatchObject({ ok: true, breaks: [] });
    } finally {
      await restored.stop();
    }
  });

  it('resets a locked-out admin’s password offline: the running server takes the new one, the old one and its sessions end', async () => {
    const reset = await cli('admin', ['reset-password', 'admin'], { ...storeEnv, BATTLEMAP_NEW_PASSWORD: 'recovered-admin-password' });
    expect(reset.output).toContain('the password of "admin" is reset');
    expect(reset.status).toBe(0);
    const took = Date.now();
    while ((await api.get('/api/auth/me', admin)).status === 200 && Date.now() - took < 2000) await new Promise((r) => setTimeout(r, 50));
    expect((await api.get('/api/auth/me', admin)).status).toBe(401);
    expect((await api.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(401);
    const fresh = await api.login('admin', 'recovered-admin-password');
    const history = await api.get('/api/events?stream=account-admin', fresh);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'AccountPasswordReset', meta: { actor: { id: 'system' } } });
    // A random password is printed once when none is given; an unknown account is a clear failure.
    const random = await cli('admin', ['reset-password', 'admin'], storeEnv);
    expect(random.output).toMatch(/new password \(shown once\): \S{16}/);
    expect(await cli('admin', ['reset-password', 'nobody'], storeEnv)).toMatchObject({
      status: 1,
      output: expect.stringContaining('账号不存在'),
    });
    expect((await cli('admin', [], storeEnv)).status).toBe(2);
    expect(existsSync(join(data.dir, 'credentials.db'))).toBe(false);
  });
});
