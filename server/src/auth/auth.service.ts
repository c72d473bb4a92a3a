import {
  type AccountCommand,
  type Actor,
  type CommandBody,
  type Scopes,
  type TokenRevocationReason,
  ForbiddenError,
  accountDecider,
  notFound,
  rejected,
  streams,
} from '@battlemap/events';
import type { CommandAnswer } from '../commands/command-handler';
import { CommandService, Submission } from '../commands/command.service';
import type { RecordedEvent } from '../store/event-store.port';
import { AccountProjection, KnownAccount } from './account-projection';
import { ACCOUNT_DISABLED, INVALID_CREDENTIALS, TOO_MANY_LOGINS, TOO_MANY_LOGINS_FOR_USER } from './auth.errors';
import { AccountRole, AuthenticatedActor, SYSTEM_ACTOR, actorOf } from './authenticated-actor';
import type { LegacyCredentials } from './legacy-credential-file';
import { CredentialStore, SCREEN_TTL_MS } from './credential-store';
import { Listeners } from './listeners';
import { LoginLimiter } from './login-limiter';
import { hashPassword } from './password-hash';

export interface LoginResult {
  token: string;
  role: AccountRole;
  displayName: string;
  scopes: Scopes;
  /** ISO 8601, UTC. */
  expiresAt: string;
}

/**
 * Tells a socket gateway to re-check the sockets of `username` (with `isRevoked(token)`): one token
 * was logged out (`tokenHash` names it), the account was disabled, or its role changed (a screen token
 * stops working when its account is no longer a screen).
 */
export interface RevocationNotice {
  username: string;
  /** The reason a gateway passes on to the sockets it drops (expiry sends no notice). */
  reason: Exclude<TokenRevocationReason, 'expired'>;
  tokenHash?: string;
}

export type NewAccount = Omit<CommandBody<'createAccount'>, 'expectedRevision'>;

/** What the HTTP layer passes through from the request (`Idempotency-Key`, `expectedRevision`). */
export type CommandOptions = Omit<Submission, 'actor'>;

export type AccountCommandResult = CommandAnswer;

export interface AccountSummary {
  username: string;
  displayName: string;
  role: AccountRole;
  scopes: Scopes;
  status: KnownAccount['status'];
}

export interface AuthServiceOptions {
  clock?: () => number;
  onError?: (error: Error) => void;
}

const MANAGE_ACCOUNTS_DENIED = () => new ForbiddenError('forbidden', '当前角色无权执行此操作');

/**
 * Logins, tokens and accounts. Accounts are event-sourced (streams `account-<username>`); password and
 * token hashes too, in their own streams no person reads (CredentialStore), so every node shares them. A plain class (Nest provides it through a factory), so
 * the unit tests can load it: Jest cannot load Nest 12's ES modules.
 */
/** An account under a slow, spread-out guessing attack is closed to passwords for a while; an admin can reset it. */
const USERNAME_MAX_FAILURES = 20;
const USERNAME_WINDOW_MS = 15 * 60_000;

export class AuthService {
  private readonly projection: AccountProjection;
  private readonly limiter: LoginLimiter;
  /** Failures per username, from any address: a slow guess at one account from many machines is stopped too. */
  private readonly usernameLimiter: LoginLimiter;
  private readonly clock: () => number;
  private readonly onError: (error: Error) => void;
  private readonly revocations: Listeners<RevocationNotice>;

  /** Password and token hashes (shared through the store); AuthService is what checks them. */
  readonly credentials: CredentialStore;

  constructor(
    private readonly commands: CommandService,
    options: AuthServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? ((error) => console.error('auth:', error));
    this.limiter = new LoginLimiter(this.clock);
    this.usernameLimiter = new LoginLimiter(this.clock, USERNAME_MAX_FAILURES, USERNAME_WINDOW_MS);
    this.projection = new AccountProjection(this.onError, this.clock);
    this.credentials = new CredentialStore(commands, this.projection, this.clock);
    this.revocations = new Listeners(this.onError);
    // Changes come from the subscription, so a disable done on another node reaches this one too.
    // A disabled account's tokens stop at once (authenticate checks the account), on every node.
    this.projection.onChange(({ username, event, endedTokens }) => {
      if (event.type === 'AccountDisabled') {
        this.emitRevocation({ username, reason: 'disabled' });
      } else if (event.type === 'AccountRoleChanged') {
        this.emitRevocation({ username, reason: 'role_changed' });
      } else if (event.type === 'TokenRevoked') {
        this.emitRevocation({ username, reason: 'logout', tokenHash: endedTokens[0] });
      } else if (event.type === 'AllTokensRevoked') {
        this.emitRevocation({ username, reason: 'password_reset' });
      }
    });
  }

  /** The accounts fold from the live board's subscription: register this with `LiveBoard.alsoApply`. */
  get accounts(): { apply(event: RecordedEvent): void; caughtUp(): void } {
    return this.projection;
  }

  onModuleDestroy(): void {
    this.projection.close();
  }

  /** Resolves when every account stored at start is known. */
  ready(): Promise<void> {
    return this.projection.ready();
  }

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    // Checked before the password, so a blocked address learns nothing, even from a right guess.
    const attempt = this.limiter.attempt(address);
    if (!attempt) throw TOO_MANY_LOGINS();
    const forUser = this.usernameLimiter.attempt(username);
    if (!forUser) {
      attempt.succeeded();
      throw TOO_MANY_LOGINS_FOR_USER();
    }
    let account: KnownAccount | undefined;
    try {
      await this.ready();
      const passwordOk = await this.credentials.checkPassword(username, password);
      account = this.projection.get(username);
      if (!passwordOk || !account) {
        attempt.failed();
        forUser.failed();
        throw INVALID_CREDENTIALS();
      }
    } finally {
      attempt.succeeded(); // no-op when already counted as failed
      forUser.succeeded();
    }
    // Said only after the password matched, so it never reveals which usernames exist.
    if (account.status === 'disabled') throw ACCOUNT_DISABLED();
    const issued = await this.credentials.issueToken(username, account.role, 'session', actorOf(accountActor(account)));
    return {
      token: issued.token,
      role: account.role,
      displayName: account.displayName,
      scopes: copyScopes(account.scopes),
      expiresAt: new Date(issued.expiresAt).toISOString(),
    };
  }

  /** The caller behind a token, with role and scopes as they are now; null when it may not act. */
  authenticate(token: string | null | undefined): AuthenticatedActor | null {
    if (!token) return null;
    const record = this.credentials.findToken(token);
    if (!record) return null;
    const account = this.projection.get(record.username);
    if (!account || account.status !== 'active') return null;
    // A ten-year token must never carry more than a screen's read-only access.
    if (record.kind === 'screen' && account.role !== 'screen') return null;
    return {
      id: account.username,
      name: account.displayName,
      role: account.role,
      scopes: copyScopes(account.scopes),
      tokenKind: record.kind,
    };
  }

  /** For a gateway holding a socket's token: true once it was logged out, expired or its account changed. */
  isRevoked(token: string): boolean {
    return this.authenticate(token) === null;
  }

  /** Returns the unsubscribe function. */
  onRevoked(listener: (notice: RevocationNotice) => void): () => void {
    return this.revocations.add(listener);
  }

  /** The revocation notice follows from the projection, on this node and every other. */
  async logout(token: string): Promise<void> {
    const record = this.credentials.findToken(token);
    const account = record && this.projection.get(record.username);
    if (!account) return;
    await this.credentials.revokeToken(token, actorOf(accountActor(account)));
  }

  listAccounts(): AccountSummary[] {
    return this.projection.list().map((a) => ({
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      scopes: copyScopes(a.scopes),
      status: a.status,
    }));
  }

  async createAccount(actor: Actor, body: NewAccount, options: CommandOptions = {}): Promise<AccountCommandResult> {
    assertMayManageAccounts(actor);
    // Hashed before the append and stored after it: if the append fails, nothing stays behind, and a
    // rejected duplicate can never overwrite the existing account's password.
    const stored = await hashPassword(body.password);
    const { result, replayed } = await this.createAccountEvent(actor, body, options);
    if (!replayed) await this.credentials.savePassword(body.username, stored, actorOf(actor));
    return result;
  }

  async changeRole(actor: Actor, username: string, role: AccountRole, options: CommandOptions = {}): Promise<AccountCommandResult> {
    assertMayManageAccounts(actor);
    if (role !== 'admin') this.assertNotLastAdmin(username);
    return (await this.run(actor, username, { type: 'ChangeAccountRole', data: { role } }, options)).result;
  }

  async changeScopes(
    actor: Actor,
    username: string,
    change: { grant?: Scopes; revoke?: Scopes },
    options: CommandOptions = {},
  ): Promise<AccountCommandResult> {
    assertMayManageAccounts(actor);
    return (await this.run(actor, username, { type: 'ChangeAccountScopes', data: change }, options)).result;
  }

  async disable(actor: Actor, username: string, reason: string, options: CommandOptions = {}): Promise<AccountCommandResult> {
    assertMayManageAccounts(actor);
    this.assertNotLastAdmin(username);
    // The account's tokens stop working once the projection holds this (run waits for it).
    return (await this.run(actor, username, { type: 'DisableAccount', data: { reason } }, options)).result;
  }

  /**
   * Sets a new password (forgotten, or leaked) and logs the account out everywhere. The audit log
   * records that it happened (AccountPasswordReset, by whom); the hash goes to the credential stream.
   */
  async resetPassword(actor: Actor, username: string, password: string): Promise<void> {
    assertMayManageAccounts(actor);
    await this.ready();
    if (!this.projection.get(username)) throw notFound('account_not_found', '账号不存在');
    const stored = await hashPassword(password);
    await this.run(actor, username, { type: 'RecordPasswordReset', data: {} }, {});
    await this.credentials.savePassword(username, stored, actorOf(actor));
    await this.credentials.revokeAllOf(username, 'password_reset', actorOf(actor));
    this.usernameLimiter.forget(username);
  }

  /** A ten-year token for a command-room display; only for an active `screen` account. */
  async issueScreenToken(actor: Actor, username: string): Promise<{ token: string; expiresAt: string }> {
    assertMayManageAccounts(actor);
    await this.ready();
    const account = this.projection.get(username);
    if (!account) throw notFound('account_not_found', '账号不存在');
    if (account.status === 'disabled') throw rejected('account_disabled', '账号已停用');
    if (account.role !== 'screen') throw rejected('not_a_screen_account', '只能为大屏（screen）账号签发大屏令牌');
    const expiresAt = new Date(this.clock() + SCREEN_TTL_MS).toISOString();
    // Recorded first, where auditors see it (who issued a screen token, when); the hash after.
    await this.run(actor, username, { type: 'RecordScreenTokenIssued', data: { expiresAt } }, {});
    const issued = await this.credentials.issueToken(username, account.role, 'screen', actorOf(actor));
    return { token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() };
  }

  /**
   * Moves what an older release kept in its credentials file into the store, once: password hashes
   * of accounts that have none in the store yet, and their live tokens. Returns what it moved.
   */
  async adoptLegacyCredentials(legacy: LegacyCredentials): Promise<{ passwords: number; tokens: number }> {
    await this.ready();
    const moved = { passwords: 0, tokens: 0 };
    for (const { username, stored } of legacy.passwords) {
      if (!this.projection.get(username) || this.credentials.hasPassword(username)) continue;
      await this.credentials.savePassword(username, stored, SYSTEM_ACTOR);
      moved.passwords++;
    }
    for (const token of legacy.tokens) {
      if (!this.projection.get(token.username) || this.projection.credentials.token(token.hash)) continue;
      await this.credentials.adoptToken(token, SYSTEM_ACTOR);
      moved.tokens++;
    }
    return moved;
  }

  /** Used by first-start bootstrap: true when no account was ever created. */
  async hasNoAccounts(): Promise<boolean> {
    await this.ready();
    return this.projection.size === 0;
  }

  /** Creates an account with no password at all: it can only be used through tokens (screens). */
  async createTokenOnlyAccount(actor: Actor, body: Omit<NewAccount, 'password'>): Promise<AccountCommandResult> {
    assertMayManageAccounts(actor);
    return (await this.createAccountEvent(actor, body, {})).result;
  }

  private createAccountEvent(actor: Actor, body: Omit<NewAccount, 'password'>, options: CommandOptions) {
    // Built field by field: the password must never reach the event.
    const data = {
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      scopes: copyScopes(body.scopes ?? { taskForces: [], regions: [] }),
    };
    return this.run(actor, body.username, { type: 'CreateAccount', data }, options);
  }

  private async run(actor: Actor, username: string, command: Omit<AccountCommand, 'meta'>, options: CommandOptions) {
    const { replayed, ...result } = await this.commands.execute(streams.account(username), accountDecider, command, {
      ...options,
      actor: actorOf(actor),
    });
    // The caller's next request (a login, a list) must see this change.
    await this.projection.waitFor(result.position);
    return { result, replayed };
  }

  /** Refuses to leave the system with no active admin, which nobody could undo. */
  private assertNotLastAdmin(username: string): void {
    const target = this.projection.get(username);
    if (!target || target.status !== 'active' || target.role !== 'admin') return;
    const others = this.projection.list().filter((a) => a.status === 'active' && a.role === 'admin' && a.username !== username);
    if (others.length === 0) throw rejected('last_admin', '不能停用或降级最后一个管理员账号');
  }

  private emitRevocation(notice: RevocationNotice): void {
    this.revocations.emit(notice);
  }
}

function assertMayManageAccounts(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'system') throw MANAGE_ACCOUNTS_DENIED();
}

/** An account acting for itself (a login, a logout). */
function accountActor(account: KnownAccount): Actor {
  return { id: account.username, name: account.displayName, role: account.role };
}

function copyScopes(scopes: Scopes): Scopes {
  return { taskForces: [...scopes.taskForces], regions: [...scopes.regions] };
}
