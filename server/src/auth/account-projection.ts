import type { DomainEvent } from '@battlemap/events';
import { toDomainEvent } from '../commands/command-handler';
import { AccountState, evolveAccount } from '../domain/account.decider';
import { EventStore, RecordedEvent, Subscription } from '../store/event-store.port';

export type KnownAccount = Exclude<AccountState, { status: 'none' }>;

/** One account event applied after the projection caught up (so not during the start-up replay). */
export interface AccountChange {
  username: string;
  event: DomainEvent;
}

export const ACCOUNT_STREAM_PREFIX = 'account-';
export const accountStream = (username: string) => `${ACCOUNT_STREAM_PREFIX}${username}`;

/** How long a command waits to see its own write before answering anyway. */
const READ_YOUR_WRITE_TIMEOUT_MS = 5000;

/**
 * Accounts folded from their streams, in memory, kept current by a subscription: every request reads
 * role and scopes from here, and an account changed on another node reaches this one the same way.
 */
export class AccountProjection {
  private readonly accounts = new Map<string, KnownAccount>();
  private readonly listeners = new Set<(change: AccountChange) => void>();
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private applied: bigint | null = null;
  private caughtUp = false;
  private subscription: Subscription | null = null;
  private markReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly store: EventStore,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  /** Idempotent: the first call subscribes. */
  start(): void {
    if (this.subscription) return;
    this.subscription = this.store.subscribeAll(
      { filter: { streamPrefixes: [ACCOUNT_STREAM_PREFIX] } },
      {
        onEvent: (event) => this.apply(event),
        onCaughtUp: () => {
          this.caughtUp = true;
          this.markReady();
        },
        onError: this.onError,
      },
    );
  }

  /** Resolves once every account event stored at start has been applied. */
  ready(): Promise<void> {
    this.start();
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  private apply(recorded: RecordedEvent): void {
    const position = BigInt(recorded.position);
    // Delivery is at least once: an event seen before is skipped.
    if (this.applied !== null && position <= this.applied) return;
    const username = recorded.stream.slice(ACCOUNT_STREAM_PREFIX.length);
    const event = toDomainEvent(recorded);
    const next = evolveAccount(this.accounts.get(username) ?? { status: 'none' }, event);
    if (next.status !== 'none') this.accounts.set(username, next);
    this.applied = position;
    this.settleWaiters();
    if (this.caughtUp) this.notify({ username, event });
  }

  private notify(change: AccountChange): void {
    for (const listener of this.listeners) {
      // A failing listener must not make the subscription re-deliver (and re-notify) the event.
      try {
        listener(change);
      } catch (error) {
        this.onError(error as Error);
      }
    }
  }

  private settleWaiters(): void {
    const applied = this.applied;
    if (applied === null || this.waiters.length === 0) return;
    for (const waiter of this.waiters.filter((w) => w.position <= applied)) waiter.resolve();
  }
}
