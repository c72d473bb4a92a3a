import {
  type AsOf,
  comparePositions,
  type BoardState,
  type EventEnvelope,
  countsFrom,
  evolveBoard,
  evolveBoardWithoutFeedLine,
  initialBoard,
  isNews,
  isPrivateStream,
  RECENT_LIMIT,
  occurredBy,
  recordedAfter,
  unfoldableReason,
  upcastEvent,
} from '@battlemap/events';
import { EventStore, RecordedEvent, Subscription } from '../store/event-store.port';
import { BoardSnapshots, type Snapshot, type SnapshotCover, storedHash } from './board-snapshots';
import { CHECK_AHEAD_MIN_EVENTS, ChecksAhead } from './checks-ahead';
import { BACKFILL_MIN_EVENTS, type BackfillOutcome, SnapshotBackfill, firstGap } from './snapshot-backfill';
import { Quarantine, type QuarantinedEvent } from './quarantine';

/** The quarantine's entry in a board snapshot (no projection can be named with a `$`). */
const QUARANTINE_NAME = '$quarantine';

const RING_SIZE = 20_000;
/** How far back from where the board is first read a long catch-up looks for RECENT_LIMIT events that are news. */
const QUIET_PEEK = 5_000;
/** Events read at once by a replay. */
const REPLAY_BATCH = 5000;
/** The ring is trimmed by a quarter of its size at once, not one by one: a shift of a 20,000-long array per event adds up. */
const RING_SLACK_SHARE = 0.25;
/**
 * Under load, batches leave at most this often: at 100 events/s, a 1,000-screen room gets 40 frames a
 * second instead of 100 (each frame is a write per screen, and a read and parse on every screen). The
 * first event after a quiet spell still leaves at once.
 */
const BATCH_INTERVAL_MS = 25;
/**
 * And no sooner than this many times the last fan-out took: when the machine is busy (the writes to
 * 1,000 sockets take longer), batches grow instead of frames piling up behind each other.
 */
const FANOUT_SPACING = 2;
const MAX_BATCH_INTERVAL_MS = 200;

export type BatchListener = (batch: EventEnvelope[]) => void;

/** An in-memory projection folded from the live board's subscription (one pass over the log, not one each). */
export interface Projection {
  /**
   * Every event, once, in position order, before the board folds it, with the board as it stood (read
   * it there and then: the fold changes it in place right after).
   */
  beforeApply?(event: RecordedEvent, board: BoardState): void;
  /** Every event, once, in position order. */
  apply(event: RecordedEvent): void;
  /** The catch-up is over (called each time the subscription catches up; idempotent). */
  caughtUp?(): void;
  /**
   * For a projection that can start from a board snapshot instead of the whole log: its name in the
   * snapshot, its state as plain JSON (taken at the position the board is at), and how to take it back.
   * A projection without these makes the live board fold the whole log.
   */
  snapshotName?: string;
  save?(): unknown;
  /** Takes back what `save` gave at `position`. */
  restore?(saved: unknown, position: string): void;
  /** Whether it can start from a snapshot at `position` (default: yes, when it has `restore`). */
  canResumeAt?(position: string): boolean;
  /**
   * For a projection whose `beforeApply` reads the board: the position after which it may (null: it
   * may read it at any event). The first catch-up leaves the feed's lines out only before that.
   */
  readsBoardAfter?(): string | null;
}

/** How the live board started: from a snapshot (and how many events after it) or from the whole log. */
export interface StartReport {
  snapshotPosition: string | null;
  /** Events folded by the catch-up (after the snapshot, or all). */
  folded: number;
  /** Of the catch-up's events, how many a thread had checked against their schemas ahead of the fold. */
  checkedAhead: number;
  /** Of the catch-up's events, how many were folded without their feed line (it could not be read). */
  withoutFeedLine: number;
  ms: number;
}

/**
 * The live projection: folds every event from `subscribeAll` into one board state (skipping positions
 * already applied), keeps a ring of recent envelopes so a reconnecting screen gets exactly what it
 * missed, and hands new events to listeners in batches (one per turn, at most one per
 * `batchIntervalMs` under load). Nest-free, so tests drive it.
 */
export class LiveBoard {
  state: BoardState = initialBoard();
  private ring: EventEnvelope[] = [];
  /** Position of the newest event that fell out of the ring (null: the ring reaches the beginning). */
  private floor: string | null = null;
  /**
   * During the first catch-up, events at or before this position (the head at start minus the ring's
   * size) do not go into the ring: they would only fall out of it again, each kept just long enough
   * to be promoted to the collector's old generation (a million of them at a province's cold start).
   */
  private ringFrom: bigint | null = null;
  /** How many recent events the ring keeps (tests lower it). */
  ringSize = RING_SIZE;
  private pending: EventEnvelope[] = [];
  private readonly projections: Projection[] = [];
  private flushScheduled = false;
  private flushTimer?: NodeJS.Timeout;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private nextInterval: number;
  private readonly listeners = new Set<BatchListener>();
  private subscription?: Subscription;
  private caughtUp!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.caughtUp = resolve));
  /** Events set aside instead of folded: skipped by the board and every projection fed from here. */
  readonly quarantine = new Quarantine();
  onError: (error: Error) => void = () => undefined;
  /** Latest recorded time and business day folded so far: what a snapshot taken now covers. */
  private maxRecordedAt = Number.NEGATIVE_INFINITY;
  private maxBusinessDay = '';
  private sinceSnapshot = 0;
  private startedAt = 0;
  private folded = 0;
  /** Set once the first catch-up is over. */
  startReport?: StartReport;
  /** The last event folded (a snapshot taken now covers up to it). */
  private last?: RecordedEvent;
  /** During a long first catch-up from a file: the schema checks, done ahead on another thread. */
  private ahead: ChecksAhead | null = null;
  /** A catch-up of at least this many events has its schema checks done ahead (tests lower it). */
  checkAheadFrom = CHECK_AHEAD_MIN_EVENTS;
  /**
   * A first catch-up of at least this many events takes no snapshot on the way (one at the head once
   * caught up), and a gap of at least this many in the snapshots is filled in on a thread afterwards
   * (tests lower it).
   */
  backfillFrom = BACKFILL_MIN_EVENTS;
  /**
   * During a long first catch-up, the snapshots due at or before this position are left to the
   * backfill (the last two spacings before the head are still taken on the way: a crash soon after
   * the start then resumes near the head).
   */
  private deferThrough: bigint | null = null;
  /**
   * During a long first catch-up, the events at or before this position are folded without their feed
   * lines: at least RECENT_LIMIT events that are news follow before the board is first read (a snapshot
   * taken on the way, a projection's look, the end), so those lines would fall out of the feed unread.
   * The narration is a tenth of a province's cold start.
   */
  private quietThrough: bigint | null = null;
  private withoutFeedLine = 0;
  private backfill: SnapshotBackfill | null = null;
  private stopped = false;
  private backfillDone!: (outcome: BackfillOutcome | null) => void;
  /** How the snapshots a start found missing were filled in: null when none were (or it failed, reported by onError). */
  readonly backfilled = new Promise<BackfillOutcome | null>((resolve) => (this.backfillDone = resolve));

  constructor(
    private readonly store: EventStore,
    private readonly batchIntervalMs = BATCH_INTERVAL_MS,
    /** Where snapshots are kept (null: none); the board starts from the newest that fits and takes new ones. */
    private readonly snapshots: BoardSnapshots | null = null,
  ) {
    this.nextInterval = batchIntervalMs;
  }

  /** Starts from the newest usable snapshot, when there is one, then follows the log after it. */
  start(): void {
    this.startedAt = performance.now();
    void this.resume().then(
      async (from) => {
        await this.prepareCatchUp(from);
        this.follow(from);
      },
      (error: Error) => {
        // A snapshot that cannot be read is a cache miss, not a reason to stay down: fold the log.
        this.onError(new Error(`board snapshots unusable, folding the whole log: ${error.message}`));
        this.state = initialBoard();
        this.follow(undefined);
      },
    );
  }

  /**
   * What the first catch-up can skip or do on another thread, known from the store's head: the ring's
   * first position, and the schema checks of a long catch-up (when the store has a file to read them
   * from). Neither is needed: a store that cannot say its head now is caught up without them.
   */
  private async prepareCatchUp(after: string | undefined): Promise<void> {
    try {
      const head = await this.store.headPosition();
      if (head === null) return;
      this.ringFrom = BigInt(head) - BigInt(this.ringSize);
      const file = this.store.fileForReaders?.() ?? null;
      if (file !== null) this.ahead = ChecksAhead.start(file, after, head, this.checkAheadFrom);
      const long = BigInt(head) - BigInt(after ?? 0) >= BigInt(this.backfillFrom);
      if (long && file !== null && this.snapshots !== null && this.snapshots.path !== ':memory:' && SnapshotBackfill.available()) {
        this.deferThrough = BigInt(head) - 2n * BigInt(this.snapshots.every);
      }
      if (long) this.quietThrough = await this.quietBoundary(BigInt(head));
    } catch (error) {
      this.onError(new Error(`catching up without the store's head (every check in line): ${(error as Error).message}`));
    }
  }

  /**
   * The last position whose feed line cannot be read (see quietThrough): before the RECENT_LIMIT-th event
   * that is news (and will be folded) counting back from where the board is first read; null when that
   * is not within QUIET_PEEK events, or the board may be read at every event (snapshots taken in line).
   */
  private async quietBoundary(head: bigint): Promise<bigint | null> {
    let readFrom = this.snapshots === null ? head : this.deferThrough;
    for (const projection of this.projections) {
      if (!projection.beforeApply) continue;
      const after = projection.readsBoardAfter?.() ?? null;
      if (after === null) return null;
      if (readFrom !== null && BigInt(after) < readFrom) readFrom = BigInt(after);
    }
    if (readFrom === null || readFrom <= 0n) return null;
    const newestFirst = await this.store.readAll({ direction: 'backwards', after: String(readFrom + 1n), limit: QUIET_PEEK });
    let news = 0;
    for (const event of newestFirst) {
      if (event.unreadable || unfoldableReason(event) !== null || !isNews(upcastEvent(event))) continue;
      if (++news === RECENT_LIMIT) return BigInt(event.position) - 1n;
    }
    return null;
  }

  private follow(after: string | undefined): void {
    let first = true;
    this.subscription = this.store.subscribeAll(
      { after },
      {
        onEvent: (event) => this.apply(event),
        onCaughtUp: () => {
          this.flush();
          for (const projection of this.projections) projection.caughtUp?.();
          if (first) {
            first = false;
            this.startReport = {
              snapshotPosition: after ?? null,
              folded: this.folded,
              checkedAhead: this.ahead?.taken ?? 0,
              withoutFeedLine: this.withoutFeedLine,
              ms: performance.now() - this.startedAt,
            };
            void this.ahead?.stop();
            this.ahead = null;
            this.quietThrough = null;
            // Once the board is live: the head's snapshot (when the catch-up took none), then any missing.
            setImmediate(() => void this.fillSnapshots());
          }
          this.caughtUp();
        },
        onError: (error) => this.onError(error),
      },
    );
  }

  /**
   * After the first catch-up: a snapshot at the head when the catch-up took none on the way, then a
   * thread to take those missing from a gap in the snapshots (a first start, a catch-up that deferred
   * them, a backfill cut short by a stop).
   */
  private async fillSnapshots(): Promise<void> {
    if (this.stopped) return this.backfillDone(null);
    if (this.deferThrough !== null) {
      this.deferThrough = null;
      if (this.sinceSnapshot > 0 && this.last) this.takeSnapshot(this.last);
    }
    const file = this.store.fileForReaders?.() ?? null;
    const snapshots = this.snapshots;
    const head = this.position;
    if (!snapshots || snapshots.path === ':memory:' || file === null || head === null) return this.backfillDone(null);
    // The snapshots taken on the way are still being written: the gap, and the thread, must see them.
    await snapshots.settled();
    if (this.stopped) return this.backfillDone(null);
    const positions = snapshots
      .covers()
      .map((cover) => cover.position)
      .reverse();
    const gap = firstGap(positions, head, snapshots.every, this.backfillFrom);
    if (gap !== undefined) {
      const { path: snapshotsPath, every, partKeys } = snapshots;
      this.backfill = SnapshotBackfill.start({ path: file, snapshotsPath, every, partKeys, ...gap });
    }
    if (!this.backfill) return this.backfillDone(null);
    this.backfill.done.then(
      (outcome) => this.backfillDone(outcome),
      (error: Error) => {
        if (!this.stopped) this.onError(new Error(`board snapshots not filled in: ${error.message}`));
        this.backfillDone(null);
      },
    );
  }

  /** Restores the board and the projections from a snapshot; returns its position (undefined: none). */
  private async resume(): Promise<string | undefined> {
    if (!this.snapshots || !this.projections.every((p) => p.restore)) return undefined;
    const accept = (position: string, cover: SnapshotCover) =>
      !cover.boardOnly && this.projections.every((p) => p.canResumeAt?.(position) ?? true);
    const snapshot = await this.snapshots.newest(this.store, {}, undefined, accept);
    // Taken by a process that folded fewer projections (a tool, an older build): not a start for this one.
    if (!snapshot || !this.projections.every((p) => Object.hasOwn(snapshot.body.projections, p.snapshotName ?? ''))) return undefined;
    this.restore(snapshot);
    await this.fillRing(snapshot.position);
    return snapshot.position;
  }

  private restore(snapshot: Snapshot): void {
    this.state = snapshot.body.board;
    this.maxRecordedAt = snapshot.maxRecordedAt;
    this.maxBusinessDay = snapshot.maxBusinessDay;
    for (const projection of this.projections) {
      projection.restore!(snapshot.body.projections[projection.snapshotName ?? ''], snapshot.position);
    }
    const setAside = snapshot.body.projections[QUARANTINE_NAME] as QuarantinedEvent[] | undefined;
    for (const entry of setAside ?? []) this.quarantine.restore(entry);
  }

  /** The ring a reconnecting screen resumes from: the last RING_SIZE events at or before `position`, read backwards. */
  private async fillRing(position: string): Promise<void> {
    const newestFirst = await this.store.readAll({
      direction: 'backwards',
      after: String(BigInt(position) + 1n),
      limit: this.ringSize + 1,
    });
    if (newestFirst.length > this.ringSize) this.floor = newestFirst.pop()!.position;
    this.ring = newestFirst
      .reverse()
      .filter((event) => !isPrivateStream(event.stream))
      .map(toEnvelope);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    await this.backfill?.stop();
    await this.subscription?.close();
    await this.ahead?.stop();
    await this.snapshots?.settled();
  }

  /**
   * Takes a snapshot now if anything was folded since the last one (at a clean shutdown: the next
   * start then folds no tail at all). Only once caught up, when the board is the whole log's.
   */
  snapshotNow(): void {
    if (this.snapshots && this.startReport && this.sinceSnapshot > 0 && this.last) this.takeSnapshot(this.last);
  }

  get position(): string | null {
    return this.state.position;
  }

  /**
   * Other in-memory projections fold from this same subscription (one pass over the log, not one each).
   * Add them before `start()`; each sees every event once, in position order, before the board's batch goes out.
   */
  alsoApply(projection: Projection): void {
    this.projections.push(projection);
  }

  onBatch(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `after` from the ring, or null when the ring no longer reaches back that far. */
  eventsAfter(after: string): EventEnvelope[] | null {
    const from = BigInt(after);
    const head = this.position === null ? 0n : BigInt(this.position);
    if (from > head) return null;
    if (this.floor !== null && from < BigInt(this.floor)) return null;
    let lo = 0;
    let hi = this.ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BigInt(this.ring[mid].position) <= from) lo = mid + 1;
      else hi = mid;
    }
    return this.ring.slice(lo);
  }

  apply(recorded: RecordedEvent): void {
    if (this.position !== null && comparePositions(recorded.position, this.position) <= 0) return;
    // Parsed once, and only during the first catch-up (what reads it is null after it).
    const at =
      this.ahead !== null || this.ringFrom !== null || this.deferThrough !== null || this.quietThrough !== null
        ? BigInt(recorded.position)
        : null;
    const checked = this.ahead?.verdict(recorded.position, at!);
    const reason = recorded.unreadable ?? (checked === undefined ? unfoldableReason(recorded) : checked);
    if (reason !== null) return this.setAside(recorded, reason);
    const envelope = toEnvelope(recorded);
    try {
      for (const projection of this.projections) projection.beforeApply?.(recorded, this.state);
      if (this.quietThrough !== null && at! <= this.quietThrough) {
        this.state = evolveBoardWithoutFeedLine(this.state, envelope);
        this.withoutFeedLine += 1;
      } else {
        this.state = evolveBoard(this.state, envelope);
      }
      for (const projection of this.projections) projection.apply(recorded);
    } catch (error) {
      // Thrown by a fold on data that passed its schema: retrying it would throw again, forever.
      return this.setAside(recorded, `cannot be folded: ${(error as Error).message}`);
    }
    this.folded += 1;
    this.last = recorded;
    this.maxRecordedAt = Math.max(this.maxRecordedAt, envelope.meta.recordedAt);
    const day = countsFrom(envelope);
    if (day > this.maxBusinessDay) this.maxBusinessDay = day;
    if (this.snapshots && ++this.sinceSnapshot >= this.snapshots.every) {
      // One the backfill takes later counts as taken: the spacing stays the same either way.
      if (this.deferThrough !== null && at! <= this.deferThrough) this.sinceSnapshot = 0;
      else this.takeSnapshot(recorded);
    }
    if (isPrivateStream(recorded.stream)) return;
    if (this.ringFrom !== null && at! <= this.ringFrom) {
      // Older than what the ring will keep: it, and whatever the ring held before it, is past the floor.
      if (this.ring.length > 0) this.ring = [];
      this.floor = recorded.position;
    } else {
      this.ringFrom = null;
      this.ring.push(envelope);
      if (this.ring.length > this.ringSize * (1 + RING_SLACK_SHARE)) {
        const dropped = this.ring.splice(0, this.ring.length - this.ringSize);
        this.floor = dropped[dropped.length - 1].position;
      }
    }
    this.pending.push(envelope);
    this.scheduleFlush();
  }

  /**
   * Keeps the board (and the projections that can be saved) as they are after `last`. Synchronous: the
   * fold changes the state in place right after. A snapshot that cannot be written is only a warning.
   */
  private takeSnapshot(last: RecordedEvent): void {
    this.sinceSnapshot = 0;
    const cover: SnapshotCover = {
      position: last.position,
      eventId: last.id,
      eventHash: storedHash(last),
      maxRecordedAt: this.maxRecordedAt,
      maxBusinessDay: this.maxBusinessDay,
    };
    // What was set aside stays reported after a start from this snapshot (its events are not read again).
    const projections: Record<string, unknown> = { [QUARANTINE_NAME]: this.quarantine.list() };
    for (const projection of this.projections) if (projection.save) projections[projection.snapshotName ?? ''] = projection.save();
    const failed = (error: Error) =>
      this.onError(new Error(`cannot write a board snapshot at position ${last.position}: ${error.message}`));
    try {
      this.snapshots!.save(cover, { board: this.state, projections }, failed);
    } catch (error) {
      failed(error as Error);
    }
  }

  /** Recorded once and stepped over: the board's position moves past it, so it is never delivered again. */
  private setAside(recorded: RecordedEvent, reason: string): void {
    this.quarantine.add(recorded, reason);
    this.state.position = recorded.position;
  }

  /** One batch per turn of the event loop; under load, no more than one per `batchIntervalMs` (or 2× the last fan-out). */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const wait = this.lastFlushAt + this.nextInterval - performance.now();
    if (wait <= 0) setImmediate(() => this.flush());
    else this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  /**
   * Hands the events applied but not yet broadcast to the listeners now. A screen that subscribes
   * between an apply and the scheduled flush must first let the others have that batch: its backlog or
   * snapshot already holds those events, and it joins the broadcast only after (no duplicate, no gap).
   */
  flush(): void {
    this.flushScheduled = false;
    clearTimeout(this.flushTimer);
    if (this.pending.length === 0) return;
    this.lastFlushAt = performance.now();
    const batch = this.pending;
    this.pending = [];
    for (const listener of this.listeners) listener(batch);
    const took = performance.now() - this.lastFlushAt;
    this.nextInterval = Math.min(MAX_BATCH_INTERVAL_MS, Math.max(this.batchIntervalMs, FANOUT_SPACING * took));
  }
}

/** A stored event as screens see it: data upcast to the current schema. */
function toEnvelope(event: RecordedEvent): EventEnvelope {
  return upcastEvent(event) as unknown as EventEnvelope;
}

/**
 * The board as it was: the same fold over the events recorded up to `at` (recorded time) that had
 * occurred by `on` (business time). Positions follow recording, so the read stops at the first event
 * recorded after `at`.
 *
 * With snapshots, the fold starts from the newest one whose events all count for this replay: every
 * covered event recorded by `at` (its latest recorded time ≤ `at`) and occurred by `on` (its latest
 * business day ≤ `on`). The fold of the filtered log is then the snapshot folded with the filtered
 * tail, exactly; a snapshot with one covered event that would not count is never used for this replay.
 */
export async function replayBoard(store: EventStore, asOf: AsOf, snapshots: BoardSnapshots | null = null): Promise<BoardState> {
  const cover = (await snapshots?.newestCover(store, asOf)) ?? null;
  // The snapshot is inflated on the thread pool while the first events after it are read here. One that
  // cannot be decoded is a cache miss: the whole log is folded instead.
  const body = cover && snapshots!.body(cover.position).catch(() => null);
  let batch = await store.readAll({ after: cover?.position, limit: REPLAY_BATCH });
  const snapshot = body && (await body);
  let state = snapshot ? snapshot.board : initialBoard();
  if (cover && !snapshot) batch = await store.readAll({ limit: REPLAY_BATCH });
  for (;;) {
    for (const event of batch) {
      if ((event.unreadable ?? unfoldableReason(event)) !== null) continue;
      const envelope = toEnvelope(event);
      if (recordedAfter(envelope, asOf)) return state;
      if (occurredBy(envelope, asOf)) state = evolveBoard(state, envelope);
    }
    if (batch.length < REPLAY_BATCH) return state;
    batch = await store.readAll({ after: batch[batch.length - 1].position, limit: REPLAY_BATCH });
  }
}
