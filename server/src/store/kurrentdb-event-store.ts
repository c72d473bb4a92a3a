import { comparePositions } from '@battlemap/events';
import {
  ANY,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendStreamState,
  BACKWARDS,
  END,
  FORWARDS,
  JSONType,
  KurrentDBClient,
  NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent as KurrentRecordedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import { redact } from '../config/config';
import { backoffMs, sleep } from './backoff';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  StoreUnavailableError,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
  UnitOfWork,
  WrongExpectedRevisionError,
  checkExpected,
  matchesFilter,
} from './event-store.port';

const CONNECT_DEADLINE_MS = 5000;
const READ_PAGE = 500;
/** Pushed into the subscription's own buffer so the caught-up signal keeps its place among the events. */
const CAUGHT_UP: unique symbol = Symbol('caughtUp');

/**
 * The KurrentDB adapter. Positions are commit positions as decimal strings: events appended through
 * gRPC are implicitly committed, so every event has its own commit position (equal to its prepare
 * position), which makes `{commit: p, prepare: p}` a valid place to resume from.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb';
  readonly atomicUnits = false;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private constructor(private readonly client: KurrentDBClient) {}

  /** Connects and proves the server answers, so a wrong URL stops the server at start, not at first use. */
  static async connect(url: string): Promise<KurrentDbEventStore> {
    let client: KurrentDBClient | undefined;
    try {
      client = KurrentDBClient.connectionString(clientConnectionString(url));
      await withDeadline(probe(client), CONNECT_DEADLINE_MS);
      return new KurrentDbEventStore(client);
    } catch (error) {
      await client?.dispose().catch(() => undefined);
      throw new StoreUnavailableError(`cannot reach KurrentDB at ${redact(url)}: ${describe(error)}`);
    }
  }

  /**
   * KurrentDB commits each append by itself (its multi-stream append takes only string metadata): a unit's
   * appends are written one by one, and what was written before an error stays.
   */
  unitOfWork<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    return work({ commit: async () => undefined });
  }

  inUnitOfWork(): boolean {
    return false;
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return this.currentState(stream, expected);
    const recordedAt = Date.now();
    const data = events.map((e) =>
      jsonEvent({ id: e.id, type: e.type, data: (e.data ?? null) as JSONType, metadata: { ...e.meta, recordedAt } }),
    );
    try {
      const result = await this.client.appendToStream(stream, data, { streamState: toStreamState(expected) });
      const revision = Number(result.nextExpectedRevision);
      // For one event the answer's position is that event's. An idempotent retry may come back without one,
      // and for a batch it is not documented which event it names: then read the last event's own.
      const commit = result.position?.commit;
      const trusted = events.length === 1 && commit !== undefined && commit >= 0n;
      const position = trusted ? String(commit) : await this.positionOf(stream, revision);
      return { stream, revision, position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualState;
      throw new WrongExpectedRevisionError(stream, expected, typeof actual === 'bigint' && actual >= 0n ? Number(actual) : 'no_stream');
    }
  }

  /** Nothing to write: check the expectation against the stream as it is, like the SQLite adapter. */
  private async currentState(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = (await this.readStream(stream, { direction: 'backwards', limit: 1 })).events;
    const current = last ? last.revision : -1;
    checkExpected(stream, expected, current);
    return { stream, revision: current, position: (await this.headPosition()) ?? '0' };
  }

  private async positionOf(stream: string, revision: number): Promise<string> {
    const [event] = (await this.readStream(stream, { from: revision, limit: 1 })).events;
    return event?.position ?? '0';
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    if (options.limit === 0) return { exists: (await this.readStream(stream, { limit: 1 })).exists, events: [] };
    const backwards = options.direction === 'backwards';
    const reads = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.from === undefined ? (backwards ? END : START) : BigInt(Math.max(0, options.from)),
      maxCount: options.limit ?? Number.MAX_SAFE_INTEGER,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of reads) {
        if (resolved.event) events.push(toRecorded(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { exists: false, events: [] };
      throw error;
    }
    return { exists: true, events };
  }

  /** `after` is exclusive. System events are dropped before the limit counts, so it reads on page by page. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const pageSize = Math.min(READ_PAGE, Math.max(16, limit));
    let cursor = options.after === undefined ? undefined : BigInt(options.after);
    let from: ReadPosition = cursor === undefined ? (backwards ? END : START) : { commit: cursor, prepare: cursor };
    const found: RecordedEvent[] = [];
    while (found.length < limit) {
      let read = 0;
      let lastSeen: Position | undefined;
      const page = this.client.readAll({ direction: backwards ? BACKWARDS : FORWARDS, fromPosition: from, maxCount: pageSize });
      for await (const { event } of page) {
        read += 1;
        if (!event) continue;
        lastSeen = event.position;
        const commit = event.position.commit;
        // Reading forwards from a position includes the event at it: skip what is not strictly past the cursor.
        if (cursor !== undefined && (backwards ? commit >= cursor : commit <= cursor)) continue;
        cursor = commit;
        if (isSystem(event)) continue;
        found.push(toRecorded(event));
        if (found.length >= limit) break;
      }
      if (read < pageSize || !lastSeen) break;
      from = lastSeen;
    }
    return found;
  }

  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    const running = new AllSubscription(this.client, options, handler);
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await running.close();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<string | null> {
    const [last] = await this.readAll({ direction: 'backwards', limit: 1 });
    return last?.position ?? null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}

/**
 * Catch-up then live over one `subscribeToAll` at a time. The client never resubscribes by itself, so
 * any error or end starts a new one, with backoff, after the last position the handler applied.
 */
class AllSubscription {
  private readonly abort = new AbortController();
  private readonly running: Promise<void>;
  private current: AllStreamSubscription | undefined;
  private last: string | null;
  private caughtUp = false;
  private failures = 0;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: SubscribeAllOptions,
    private readonly handler: SubscriptionHandler,
  ) {
    this.last = options.after ?? null;
    this.running = this.loop();
  }

  async close(): Promise<void> {
    this.abort.abort();
    this.current?.destroy();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.subscribeOnce();
        if (!this.abort.signal.aborted) throw new Error('the KurrentDB subscription to $all ended unexpectedly');
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.failures += 1;
        this.handler.onError?.(error instanceof Error ? error : new Error(String(error)));
        await sleep(backoffMs(this.failures), this.abort.signal);
      }
    }
  }

  private async subscribeOnce(): Promise<void> {
    const from = this.last === null ? START : { commit: BigInt(this.last), prepare: BigInt(this.last) };
    const subscription = this.client.subscribeToAll({ fromPosition: from, filter: excludeSystemEvents() });
    this.current = subscription;
    // "caughtUp" is emitted as the message arrives, possibly ahead of events still buffered for us.
    subscription.on('caughtUp', () => subscription.push(CAUGHT_UP));
    try {
      for await (const item of subscription as AsyncIterable<AllStreamResolvedEvent | typeof CAUGHT_UP>) {
        if (this.abort.signal.aborted) return;
        if (item === CAUGHT_UP) this.signalCaughtUp();
        else if (item.event) await this.deliver(item.event);
        this.failures = 0;
      }
    } finally {
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    }
  }

  private async deliver(event: KurrentRecordedEvent & { position: Position }): Promise<void> {
    const position = String(event.position.commit);
    if (isSystem(event) || (this.last !== null && comparePositions(position, this.last) <= 0)) return;
    const recorded = toRecorded(event);
    if (matchesFilter(recorded, this.options.filter)) await this.handler.onEvent(recorded);
    this.last = position;
  }

  private signalCaughtUp(): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    this.handler.onCaughtUp?.(this.last);
  }
}

/** The client warns on the deprecated `esdb` scheme; the rest of the string means the same. */
function clientConnectionString(url: string): string {
  return url.replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://');
}

async function probe(client: KurrentDBClient): Promise<void> {
  for await (const _ of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) break;
}

/** Reads go through the client's native bridge, which ignores `deadline`: the start-up check keeps its own clock. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  work.catch(() => undefined); // if the clock wins, the late failure is not news
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The client's errors often carry only their class name as message: say what it means for the operator. */
const REASONS: Record<string, string> = {
  unavailable: 'nothing answers there (is it running? does ?tls= match its security mode?)',
  'access-denied': 'access denied (check the username and password)',
  'deadline-exceeded': 'it did not answer in time',
};

function describe(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const known = REASONS[(error as { type?: string } | null)?.type ?? ''];
  if (!known) return message;
  return message && message !== (error as object).constructor.name ? `${known}: ${message}` : known;
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (typeof expected === 'number') return BigInt(expected);
  const states = { no_stream: NO_STREAM, stream_exists: STREAM_EXISTS, any: ANY } as const;
  return states[expected];
}

function isSystem(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function toRecorded(event: KurrentRecordedEvent, commitPosition?: bigint): RecordedEvent {
  const stored = event.metadata;
  const meta = isRecord(stored) ? stored : {};
  // Events written by other tools carry no recordedAt: the server's own clock is the next best thing.
  const recordedAt = typeof meta.recordedAt === 'number' ? meta.recordedAt : event.created.getTime();
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: String(event.position?.commit ?? commitPosition ?? 0n),
    type: event.type,
    data: event.data,
    meta: { ...meta, recordedAt },
    // Written by another tool as binary: nothing here can read it, so it is handed over marked.
    ...(event.data instanceof Uint8Array ? { unreadable: 'data is not JSON (binary event)' } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
