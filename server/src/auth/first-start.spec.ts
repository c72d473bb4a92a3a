import { AuthWorld, openAuthWorld } from './auth.fixture';
import { describeFirstStart, firstStart } from './first-start';

describe('first start (bootstrap)', () => {
  let world: AuthWorld;
  beforeEach(async () => {
    world = await openAuthWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('creates admin with ADMIN_PASSWORD, and nothing else', async () => {
    const result = await firstStart(world.auth, { adminPassword: 'from-the-environment', demo: 'auto' });
    expect(result).toEqual({ kind: 'admin_from_env' });
    expect(world.auth.listAccounts()).toEqual([
      { username: 'admin', displayName: '系统管理员', role: 'admin', scopes: { taskForces: [], regions: [] }, status: 'active' },
    ]);
    await expect(world.auth.login('admin', 'from-the-environment', '127.0.0.1')).resolves.toMatchObject({ role: 'admin' });
    const [created] = await world.store.readAll();
    expect(created.meta.actor).toEqual({ id: 'system', name: '系统', role: 'system' });
  });

  it('refuses an ADMIN_PASSWORD shorter than 8 characters with one clear line', async () => {
    await expect(firstStart(world.auth, { adminPassword: 'short', demo: 'off' })).rejects.toMatchObject({
      name: 'ConfigError',
      message: 'ADMIN_PASSWORD must be at least 8 characters',
    });
    expect(world.auth.listAccounts()).toEqual([]);
  });

  it('for the demo, makes a random admin password and a screen token, and returns them to print', async () => {
    const result = await firstStart(world.auth, { demo: 'auto' });
    if (result.kind !== 'generated') throw new Error(`expected generated, got ${result.kind}`);
    expect(result.adminPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(world.auth.listAccounts().map((a) => [a.username, a.role])).toEqual([
      ['admin', 'admin'],
      ['screen', 'screen'],
    ]);
    await expect(world.auth.login('admin', result.adminPassword, '127.0.0.1')).resolves.toMatchObject({ role: 'admin' });
    expect(world.auth.authenticate(result.screenToken)).toMatchObject({ id: 'screen', role: 'screen', tokenKind: 'screen' });
    // The screen account has no password at all: only its token opens the board.
    expect(world.credentials.hasPassword('screen')).toBe(false);

    const lines = describeFirstStart(result, 'http://localhost:3000/');
    expect(lines.join('\n')).toContain(result.adminPassword);
    expect(lines.join('\n')).toContain(`http://localhost:3000/?token=${result.screenToken}`);
  });

  it('with the demo off and no ADMIN_PASSWORD, creates nothing and warns', async () => {
    const result = await firstStart(world.auth, { demo: 'off' });
    expect(result).toEqual({ kind: 'no_account', warning: expect.stringContaining('ADMIN_PASSWORD') });
    expect(world.auth.listAccounts()).toEqual([]);
    expect(describeFirstStart(result, 'http://localhost:3000/')).toEqual([`warning: ${result.kind === 'no_account' && result.warning}`]);
  });

  it('does nothing once any account exists, even with ADMIN_PASSWORD set', async () => {
    await world.given('zhang', 'auditor', 'zhang-password');
    await expect(firstStart(world.auth, { adminPassword: 'from-the-environment', demo: 'auto' })).resolves.toEqual({ kind: 'existing' });
    expect(world.auth.listAccounts().map((a) => a.username)).toEqual(['zhang']);
    expect(describeFirstStart({ kind: 'existing' }, 'http://localhost:3000/')).toEqual([]);
  });
});
