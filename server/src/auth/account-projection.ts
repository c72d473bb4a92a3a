import { type AccountAggregate, type DomainEvent, evolveAccount, parseStream, toDomainEvent } from '@battlemap/events';
import type { RecordedEvent } from '../store/event-store.port';
import { Listeners } from './listeners';

export type KnownAccount = Exclude<AccountAggregate, { status: 'none' }>;

/** One account event applied after the projection caught up (so not during the start-up replay). */
export interface AccountChange {
  username: string;
  event: DomainEvent;
}

/** How long a command waits to see its own write before answering anyway. */
const READ_YOUR_WRITE_TIMEOUT_MS = 5000;

/**
 * Accounts folded from their streams, in memory, fed by the live board's subscription (see
 * `LiveBoard.alsoApply`): every request reads role and scopes from here, and an account changed on
 * another node reaches this one the same way.
 */
export class AccountProjection {
  private accounts = new Map<string, KnownAccount>();
  readonly snapshotName = 'accounts';
  private readonly listeners: Listeners<AccountChange>;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private applied: bigint | null = null;
  private isCaughtUp = false;
  private markReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(onError: (error: Error) => void = () => {}) {
    this.listeners = new Listeners(onError);
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
  save(): KnownAccount[] {
    return [...this.accounts.values()];
  }

  /** Takes back what `save` gave, as of `position` (before anything is applied). */
  restore(saved: unknown, position: string): void {
    this.accounts = new Map(((saved as KnownAccount[] | undefined) ?? []).map((account) => [account.username, account]));
    this.applied = BigInt(position);
  }

  /** Sees every event of the log in position order; folds the accounts' own. */
  apply(recorded: RecordedEvent): void {
    const position = BigInt(recorded.position);
    // Delivery is at least once: an event seen before is skipped.
    if (this.applied !== null && position <= this.applied) return;
    this.applied = position;
    const stream = parseStream(recorded.stream);
    if (stream?.kind === 'account') {
      const event = toDomainEvent(recorded);
      const next = evolveAccount(this.accounts.get(stream.id) ?? { status: 'none' }, event);
      if (next.status !== 'none') this.accounts.set(stream.id, next);
      if (this.isCaughtUp) this.listeners.emit({ username: stream.id, event });
    }
    this.settleWaiters();
  }

  private settleWaiters(): void {
    const applied = this.applied;
    if (applied === null || this.waiters.length === 0) return;
    for (const waiter of this.waiters.filter((w) => w.position <= applied)) waiter.resolve();
  }
}
