import { isSecretStream } from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { AppendResult, ExpectedRevision, NewEvent } from '../store/event-store.port';
import { AuthWorld, openAuthWorld } from './auth.fixture';
import { RevocationNotice } from './auth.service';
import { SYSTEM_ACTOR } from './authenticated-actor';
import { SESSION_TTL_MS, tokenHash } from './credential-store';
import { firstStart } from './first-start';

const ADMIN = { id: 'admin', name: '系统管理员', role: 'admin' as const };
const PASSWORD = 'Zhang-2026-passw0rd';

describe('AuthService', () => {
  let world: AuthWorld;
  beforeEach(async () => {
    world = await openAuthWorld();
  });
  afterEach(async () => {
    await world.dispose();
    expect(world.errors).toEqual([]);
  });

  describe('login', () => {
    it('answers a token, the role, the display name, the scopes and the expiry', async () => {
      await world.auth.createAccount(ADMIN, {
        username: 'zhang',
        displayName: '张三',
        role: 'supervisor',
        password: PASSWORD,
        scopes: { taskForces: ['tf-new-materials'], regions: ['lizhou'] },
      });
      const result = await world.auth.login('zhang', PASSWORD, '10.0.0.1');
      expect(result).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        role: 'supervisor',
        displayName: '张三',
        scopes: { taskForces: ['tf-new-materials'], regions: ['lizhou'] },
        expiresAt: new Date(world.clock.now + SESSION_TTL_MS).toISOString(),
      });
      expect(world.auth.authenticate(result.token)).toEqual({
        id: 'zhang',
        name: '张三',
        role: 'supervisor',
        scopes: { taskForces: ['tf-new-materials'], regions: ['lizhou'] },
        tokenKind: 'session',
      });
    });

    it('says the same 401 for a wrong password and an unknown user', async () => {
      await world.given('zhang', 'auditor', PASSWORD);
      const wrong = { status: 401, code: 'invalid_credentials', message: '用户名或密码错误' };
      await expect(world.auth.login('zhang', 'not the password', '10.0.0.1')).rejects.toMatchObject(wrong);
      await expect(world.auth.login('nobody', PASSWORD, '10.0.0.1')).rejects.toMatchObject(wrong);
    });

    it('refuses a disabled account, saying so only to whoever knows the password', async () => {
      await world.given('admin', 'admin', PASSWORD);
      await world.given('zhang', 'auditor', PASSWORD);
      await world.auth.disable(ADMIN, 'zhang', '调岗');
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.1')).rejects.toMatchObject({ status: 401, message: '账号已停用' });
      await expect(world.auth.login('zhang', 'guess', '10.0.0.1')).rejects.toMatchObject({ status: 401, message: '用户名或密码错误' });
    });

    it('answers 429 after 10 failures in a minute from one address, and lets it try again a minute later', async () => {
      await world.given('zhang', 'auditor', PASSWORD);
      for (let i = 0; i < 10; i++) {
        await expect(world.auth.login('zhang', `guess ${i}`, '10.0.0.9')).rejects.toMatchObject({ status: 401 });
        world.clock.advance(1000);
      }
      const tooMany = { status: 429, code: 'too_many_attempts', message: '登录失败次数过多，请1分钟后再试' };
      // Even the right password is refused while blocked: a blocked address learns nothing.
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.9')).rejects.toMatchObject(tooMany);
      // Another address is not affected.
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.10')).resolves.toMatchObject({ role: 'auditor' });

      world.clock.advance(50_000); // the first failure is now just over a minute old
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.9')).resolves.toMatchObject({ role: 'auditor' });
      await expect(world.auth.login('zhang', 'one more guess', '10.0.0.9')).rejects.toMatchObject({ status: 401 });
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.9')).rejects.toMatchObject(tooMany);
      world.clock.advance(60_000);
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.9')).resolves.toMatchObject({ role: 'auditor' });
    });

    it('counts guesses still being checked, so a parallel burst cannot pass the limit', async () => {
      await world.given('zhang', 'auditor', PASSWORD);
      const outcomes = await Promise.allSettled(Array.from({ length: 15 }, (_, i) => world.auth.login('zhang', `guess ${i}`, '10.0.0.9')));
      const statuses = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { status: number }).status : 200));
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    });
  });

  describe('tokens', () => {
    it('stops accepting a session token after 12 hours', async () => {
      await world.given('zhang', 'auditor', PASSWORD);
      const { token } = await world.auth.login('zhang', PASSWORD, '10.0.0.1');
      world.clock.advance(SESSION_TTL_MS - 1);
      expect(world.auth.authenticate(token)?.id).toBe('zhang');
      world.clock.advance(1);
      expect(world.auth.authenticate(token)).toBeNull();
      expect(world.auth.isRevoked(token)).toBe(true);
    });

    it('logs out one token and tells listeners which one', async () => {
      await world.given('zhang', 'auditor', PASSWORD);
      const notices: RevocationNotice[] = [];
      world.auth.onRevoked((n) => notices.push(n));
      const first = await world.auth.login('zhang', PASSWORD, '10.0.0.1');
      const second = await world.auth.login('zhang', PASSWORD, '10.0.0.2');
      await world.auth.logout(first.token);
      expect(world.auth.authenticate(first.token)).toBeNull();
      expect(world.auth.authenticate(second.token)?.id).toBe('zhang');
      expect(notices).toEqual([{ username: 'zhang', reason: 'logout', tokenHash: tokenHash(first.token) }]);
      await world.auth.logout(first.token);
      expect(notices).toHaveLength(1);
    });

    it('revokes every token of a disabled account, screen tokens included', async () => {
      await world.given('admin', 'admin', PASSWORD);
      await world.given('screen-1', 'screen');
      const notices: RevocationNotice[] = [];
      world.auth.onRevoked((n) => notices.push(n));
      const { token } = await world.auth.issueScreenToken(ADMIN, 'screen-1');
      expect(world.auth.authenticate(token)).toMatchObject({ id: 'screen-1', role: 'screen', tokenKind: 'screen' });
      await world.auth.disable(ADMIN, 'screen-1', '大屏撤除');
      expect(world.auth.isRevoked(token)).toBe(true);
      expect(world.auth.authenticate(token)).toBeNull();
      expect(notices).toEqual([{ username: 'screen-1', reason: 'disabled' }]);
    });

    it('applies a role or scope change to live tokens at once', async () => {
      await world.given('admin', 'admin', PASSWORD);
      await world.given('zhang', 'supervisor', PASSWORD);
      const { token } = await world.auth.login('zhang', PASSWORD, '10.0.0.1');
      await world.auth.changeScopes(ADMIN, 'zhang', { grant: { taskForces: ['tf-1'], regions: [] } });
      expect(world.auth.authenticate(token)?.scopes).toEqual({ taskForces: ['tf-1'], regions: [] });
      await world.auth.changeRole(ADMIN, 'zhang', 'auditor');
      expect(world.auth.authenticate(token)?.role).toBe('auditor');
    });

    it('issues screen tokens only to screen accounts, and drops them if the account stops being one', async () => {
      await world.given('admin', 'admin', PASSWORD);
      await world.given('screen-1', 'screen');
      await expect(world.auth.issueScreenToken(ADMIN, 'admin')).rejects.toMatchObject({ status: 422, code: 'not_a_screen_account' });
      await expect(world.auth.issueScreenToken(ADMIN, 'ghost')).rejects.toMatchObject({ status: 404 });
      const { token, expiresAt } = await world.auth.issueScreenToken(ADMIN, 'screen-1');
      expect(Date.parse(expiresAt) - world.clock.now).toBeGreaterThan(3650 * 24 * 3600_000 - 1);
      const notices: RevocationNotice[] = [];
      world.auth.onRevoked((n) => notices.push(n));
      await world.auth.changeRole(ADMIN, 'screen-1', 'admin');
      expect(world.auth.authenticate(token)).toBeNull();
      expect(notices).toEqual([{ username: 'screen-1', reason: 'role_changed' }]);
    });

    it('ends every session on a password reset, and the new password works', async () => {
      await world.given('admin', 'admin', PASSWORD);
      await world.given('zhang', 'auditor', PASSWORD);
      const { token } = await world.auth.login('zhang', PASSWORD, '10.0.0.1');
      await world.auth.resetPassword(ADMIN, 'zhang', 'a brand new one');
      expect(world.auth.authenticate(token)).toBeNull();
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.1')).rejects.toMatchObject({ status: 401 });
      await expect(world.auth.login('zhang', 'a brand new one', '10.0.0.1')).resolves.toMatchObject({ role: 'auditor' });
    });
  });

  describe('accounts', () => {
    it('answers the command result and lists the account', async () => {
      const result = await world.auth.createAccount(ADMIN, { username: 'li', displayName: '李四', role: 'auditor', password: PASSWORD });
      expect(result).toEqual({ id: 'li', stream: 'account-li', revision: 0, position: expect.stringMatching(/^\d+$/) });
      expect(world.auth.listAccounts()).toEqual([
        { username: 'li', displayName: '李四', role: 'auditor', scopes: { taskForces: [], regions: [] }, status: 'active' },
      ]);
    });

    it('lets only an admin (or the system) manage accounts', async () => {
      const supervisor = { id: 'zhang', name: '张三', role: 'supervisor' as const };
      await expect(
        world.auth.createAccount(supervisor, { username: 'li', displayName: '李四', role: 'admin', password: PASSWORD }),
      ).rejects.toMatchObject({ status: 403 });
      expect(world.auth.listAccounts()).toEqual([]);
    });

    it('never overwrites the password of an existing account with a duplicate', async () => {
      await world.given('zhang', 'auditor', PASSWORD);
      await expect(
        world.auth.createAccount(ADMIN, { username: 'zhang', displayName: '冒名', role: 'admin', password: 'attacker-chosen' }),
      ).rejects.toMatchObject({ status: 422, code: 'account_exists' });
      await expect(world.auth.login('zhang', 'attacker-chosen', '10.0.0.1')).rejects.toMatchObject({ status: 401 });
      await expect(world.auth.login('zhang', PASSWORD, '10.0.0.1')).resolves.toMatchObject({ role: 'auditor' });
    });

    it('refuses to disable or demote the last active admin', async () => {
      await world.given('admin', 'admin', PASSWORD);
      await expect(world.auth.disable(ADMIN, 'admin', '误操作')).rejects.toMatchObject({ status: 422, code: 'last_admin' });
      await expect(world.auth.changeRole(ADMIN, 'admin', 'auditor')).rejects.toMatchObject({ status: 422, code: 'last_admin' });
      await world.given('admin2', 'admin', PASSWORD);
      await expect(world.auth.disable(ADMIN, 'admin', '交接完成')).resolves.toMatchObject({ revision: 1 });
    });

    it('applies the same Idempotency-Key once', async () => {
      const body = { username: 'li', displayName: '李四', role: 'auditor' as const, password: PASSWORD };
      const first = await world.auth.createAccount(ADMIN, body, { idempotencyKey: 'k-1' });
      const again = await world.auth.createAccount(ADMIN, { ...body, password: 'a different one' }, { idempotencyKey: 'k-1' });
      expect(again).toEqual(first);
      await expect(world.auth.login('li', PASSWORD, '10.0.0.1')).resolves.toMatchObject({ role: 'auditor' });
    });
  });

  it('keeps no password or token in the store, and no hash of one where people read (the audit log)', async () => {
    const secrets: string[] = [];
    const first = await firstStart(world.auth, { demo: 'auto' });
    if (first.kind === 'generated') secrets.push(first.adminPassword, first.screenToken);
    await world.auth.createAccount(ADMIN, { username: 'zhang', displayName: '张三', role: 'supervisor', password: PASSWORD });
    secrets.push(PASSWORD);
    const login = await world.auth.login('zhang', PASSWORD, '10.0.0.1');
    secrets.push(login.token);
    await world.auth.resetPassword(ADMIN, 'zhang', 'reset-password-123');
    secrets.push('reset-password-123');
    const screen = await world.auth.issueScreenToken(ADMIN, 'screen');
    secrets.push(screen.token);
    await world.auth.changeRole(ADMIN, 'zhang', 'auditor');
    await world.auth.disable(ADMIN, 'zhang', '离职');

    const all = await world.store.readAll();
    const store = JSON.stringify(all);
    const readable = all.filter((e) => !isSecretStream(e.stream));
    const readableData = JSON.stringify(readable.map((e) => e.data));
    expect(secrets).toHaveLength(6);
    for (const secret of secrets) {
      expect(store).not.toContain(secret);
      expect(JSON.stringify(readable)).not.toContain(tokenHash(secret));
    }
    expect(readableData).not.toMatch(/salt|scrypt|hash/i);
    expect(readable.map((e) => e.type)).toEqual(expect.arrayContaining(['AccountPasswordReset', 'ScreenTokenIssued', 'AccountDisabled']));
    // The hashes every node checks live in the credential streams only.
    expect(all.filter((e) => isSecretStream(e.stream)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['PasswordHashSet', 'TokenIssued', 'AllTokensRevoked']),
    );
  });
});

/** A real store whose next append fails after the command was decided (a full disk, a lost connection). */
class FailingAppendStore extends SqliteEventStore {
  failNext = false;
  override append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('disk I/O error'));
    }
    return super.append(stream, events, expected);
  }
}

describe('AuthService when the append fails', () => {
  it('leaves nothing in the credential store', async () => {
    let store!: FailingAppendStore;
    const world = await openAuthWorld((path) => (store = new FailingAppendStore(path)));
    try {
      store.failNext = true;
      await expect(
        world.auth.createAccount(SYSTEM_ACTOR, { username: 'zhang', displayName: '张三', role: 'admin', password: PASSWORD }),
      ).rejects.toThrow('disk I/O error');
      expect(world.credentials.hasPassword('zhang')).toBe(false);
      expect(await world.store.readAll()).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});
