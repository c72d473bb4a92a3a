/**
 * The event store port. Both adapters (embedded SQLite, KurrentDB) implement it and pass the same
 * conformance suite (`event-store.conformance.ts`). Semantics follow KurrentDB so the two cannot drift.
 */

/** Where a stream must be for an append to go through. Revisions are 0-based, of the last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface NewEvent {
  /** UUID supplied by the caller; retrying the same ids is idempotent. */
  id: string;
  type: string;
  data: unknown;
  meta?: Record<string, unknown>;
}

/** An event as the store holds it. `position` is a decimal string: compare with `comparePositions`. */
export interface RecordedEvent {
  id: string;
  stream: string;
  revision: number;
  position: string;
  type: string;
  data: unknown;
  /** The caller's meta plus `recordedAt` (UTC ms), set by the store. */
  meta: Record<string, unknown> & { recordedAt: number };
  /**
   * Set when the stored bytes could not be read (invalid JSON): `data` then holds the raw text. The
   * event is delivered anyway, so a reader sets it aside (quarantine) instead of failing on it forever.
   */
  unreadable?: string;
}

export interface AppendResult {
  stream: string;
  /** Revision of the last event written (or found, on an idempotent retry). */
  revision: number;
  /** Position of the last event written. */
  position: string;
}

export interface ReadStreamOptions {
  /** Inclusive revision to start from; default: the start (forwards) or the end (backwards). */
  from?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

export interface ReadStreamResult {
  exists: boolean;
  events: RecordedEvent[];
}

export interface ReadAllOptions {
  /** Exclusive position; default: the start (forwards) or the end (backwards). */
  after?: string;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

export interface SubscribeAllOptions {
  /** Exclusive position to catch up from; default: the beginning. */
  after?: string;
  /** Only events whose type or stream matches are delivered. */
  filter?: { streamPrefixes?: string[]; eventTypes?: string[] };
}

export interface SubscriptionHandler {
  /** Awaited before the next event is delivered. At least once: skip positions already applied. */
  onEvent(event: RecordedEvent): void | Promise<void>;
  /** Called once when the subscription has delivered everything stored when it started. */
  onCaughtUp?(position: string | null): void;
  /** Called on an error the subscription recovers from; it resubscribes with backoff by itself. */
  onError?(error: Error): void;
}

export interface Subscription {
  close(): Promise<void>;
}

/** Handed to the work of a unit: `commit()` makes what it appended so far durable and visible now. */
export interface UnitOfWork {
  commit(): Promise<void>;
}

export interface EventStore {
  /** `sqlite` or `kurrentdb`: shown by /api/health. */
  readonly kind: string;
  /** Whether a unit of work's appends commit together (all or nothing) or one by one. */
  readonly atomicUnits: boolean;
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Runs `work` as a unit: the appends made in its async context go into as few durable transactions as
   * the store can (SQLite: one, cut every second or at `commit()`, so others never wait long), instead of
   * one each. Inside, reads see the unit's appends at once; outside, readers see them only once committed,
   * and appends from outside wait for the open transaction. When `work` throws, what it appended since the
   * last commit is rolled back (on atomic stores). Resolves once everything it appended is durable.
   * Units nest (an inner one joins the outer); on atomic stores they run one at a time.
   */
  unitOfWork<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T>;
  /** Whether the caller runs inside a unit of work (its appends go into the unit's open transaction). */
  inUnitOfWork(): boolean;
  readStream(stream: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription;
  /** Position of the last event in the store, or null when empty. */
  headPosition(): Promise<string | null>;
  /**
   * A file another thread of this process may open read-only to read the same events (a long catch-up
   * checks them there ahead of the fold), or null; stores without a file leave it out.
   */
  fileForReaders?(): string | null;
  close(): Promise<void>;
}

/** The one typed conflict: nothing was written. `actual` is the stream's revision or `no_stream`. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The store could not be opened or reached: the server stops at start with this one line. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Throws the one typed error when `expected` does not hold for a stream whose last revision is `current` (-1: none). */
export function checkExpected(stream: string, expected: ExpectedRevision, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current < 0) ||
    (expected === 'stream_exists' && current >= 0) ||
    expected === current;
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, current < 0 ? 'no_stream' : current);
}

export function matchesFilter(event: { stream: string; type: string }, filter: SubscribeAllOptions['filter']): boolean {
  if (!filter) return true;
  const byType = filter.eventTypes?.includes(event.type) ?? false;
  const byStream = filter.streamPrefixes?.some((p) => event.stream.startsWith(p)) ?? false;
  const hasAny = (filter.eventTypes?.length ?? 0) + (filter.streamPrefixes?.length ?? 0) > 0;
  return !hasAny || byType || byStream;
}
