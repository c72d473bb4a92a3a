import {
  ACCOUNT_STREAM_PREFIX,
  type AccountAggregate,
  type DomainEvent,
  evolveAccount,
  isSecretStream,
  parseStream,
  toDomainEvent,
} from '@battlemap/events';
import type { RecordedEvent } from '../store/event-store.port';
import { CredentialFold, type SavedCredentials } from './credential-fold';
import { Listeners } from './listeners';

export type KnownAccount = Exclude<AccountAggregate, { status: 'none' }>;

/** One account or credential event applied after the projection caught up (so not during the start-up replay). */
export interface AccountChange {
  username: string;
  event: DomainEvent;
  /** The token hashes a credential event ended (a logout, a password reset). */
  endedTokens: string[];
}

/** What a board snapshot keeps of this projection. */
interface SavedAccounts {
  accounts: KnownAccount[];
  credentials: SavedCredentials;
}

/** How long a command waits to see its own write before answering anyway. */
const READ_YOUR_WRITE_TIMEOUT_MS = 5000;

/**
 * Accounts and their credentials folded from their streams, in memory, fed by the live board's
 * subscription (see `LiveBoard.alsoApply`): every request reads role, scopes and token from here, and
 * an account changed, a login or a logout on another node reaches this one the same way.
 */
export class AccountProjection {
  private accounts = new Map<string, KnownAccount>();
  readonly credentials: CredentialFold;
  readonly snapshotName = 'accounts';
  private readonly listeners: Listeners<AccountChange>;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private applied: bigint | null = null;
  private isCaughtUp = false;
  private markReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(onError: (error: Error) => void = () => {}, clock: () => number = Date.now) {
    this.listeners = new Listeners(onError);
    this.credentials = new CredentialFold(clock);
  }

  /** Every account event stored at start has been applied: changes from now on are live. */
  caughtUp(): void {
    this.isCaughtUp = true;
    this.markReady();
  }

  /** Resolves once every account event stored at start has been applied. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  /** Resolves once the event at `position` is applied, so a command's caller reads its own write. */
  waitFor(position: string): Promise<void> {
    const target = BigInt(position);
    if (this.applied !== null && this.applied >= target) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        position: target,
        resolve: () => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, READ_YOUR_WRITE_TIMEOUT_MS);
      this.waiters.push(waiter);
    });
  }

  get(username: string): KnownAccount | undefined {
    return this.accounts.get(username);
  }

  list(): KnownAccount[] {
    return [...this.accounts.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  get size(): number {
    return this.accounts.size;
  }

  /** Live changes only; returns the unsubscribe function. */
  onChange(listener: (change: AccountChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Lets every waiter go (at shutdown). */
  close(): void {
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  /** Kept in the board's snapshots, so a restart does not read the whole log for it. */
  save(): SavedAccounts {
    return { accounts: [...this.accounts.values()], credentials: this.credentials.save() };
  }

  /** Takes back what `save` gave, as of `position` (before anything is applied). */
  restore(saved: unknown, position: string): void {
    const { accounts = [], credentials } = (saved as Partial<SavedAccounts> | undefined) ?? {};
    this.accounts = new Map(accounts.map((account) => [account.username, account]));
    this.credentials.restore(credentials);
    this.applied = BigInt(position);
  }

  /** Sees every event of the log in position order; folds the accounts' own. */
  apply(recorded: RecordedEvent): void {
    const position = BigInt(recorded.position);
    // Delivery is at least once: an event seen before is skipped.
    if (this.applied !== null && position <= this.applied) return;
    this.applied = position;
    // Most events are board facts: only an account's stream is parsed.
    const stream = recorded.stream.startsWith(ACCOUNT_STREAM_PREFIX) ? parseStream(recorded.stream) : null;
    if (stream?.kind === 'account') {
      const event = toDomainEvent(recorded);
      const next = evolveAccount(this.accounts.get(stream.id) ?? { status: 'none' }, event);
      if (next.status !== 'none') this.accounts.set(stream.id, next);
      if (this.isCaughtUp) this.listeners.emit({ username: stream.id, event, endedTokens: [] });
    } else if (isSecretStream(recorded.stream)) {
      const event = toDomainEvent(recorded);
      const endedTokens = this.credentials.apply(event);
      const username = (event.data as { username: string }).username;
      if (this.isCaughtUp && endedTokens.length > 0) this.listeners.emit({ username, event, endedTokens });
    }
    this.settleWaiters();
  }

  private settleWaiters(): void {
    const applied = this.applied;
    if (applied === null || this.waiters.length === 0) return;
    for (const waiter of this.waiters.filter((w) => w.position <= applied)) waiter.resolve();
  }
}
