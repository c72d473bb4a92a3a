import { chinaMonth, comparePositions } from '@battlemap/events';
import { GENESIS_HASH, eventHash } from '../commands/hash-chain';
import { RecordedEvent } from '../store/event-store.port';
import { AuditKey } from './audit-key';

/** The head before the first event. */
export const GENESIS_HEAD = GENESIS_HASH;

/** Anchors kept at most (and at least half of this once there are more events): ~100 kB of JSON. */
const MAX_ANCHORS = 1024;
/** Discontinuities kept at most: past that, the store has plainly been rewritten. */
const MAX_DISCONTINUITIES = 1000;
/** Dates end at ±8.64e15 ms; a day less leaves room for China's offset. */
const MAX_INSTANT = 8.64e15 - 86_400_000;

export interface StreamHead {
  revision: number;
  hash: string;
}

/** The global chain at an event: its head and how many events the store held up to it. */
export interface Anchor {
  position: string;
  head: string;
  count: number;
}

/** The last event of a month (China time, by recordedAt) and the board as of it: what a seal holds. */
export interface MonthEnd extends Anchor {
  boardDigest: string;
}

/** An event that did not continue its stream as this chain had last seen it (the stream lost events first). */
export interface Discontinuity {
  stream: string;
  position: string;
  revision: number;
  /** The revision the stream should have continued with. */
  expected: number;
}

/**
 * What the chain has seen, as plain JSON: persisted outside the store (the audit checkpoint) so that
 * deletions and reordering are found by comparing the store with it.
 */
export interface Checkpoint {
  version: 1;
  keyFingerprint: string;
  /** The last event folded (null: none yet). */
  position: string | null;
  head: string;
  count: number;
  /** China month of the newest event folded (never goes back). */
  month: string | null;
  /** The first event seen with a MAC: every later event must have one. */
  signedFrom: string | null;
  /** The store's head when this chain began (null: it followed the store from its first event). */
  followedFrom: string | null;
  /** An anchor every `spacing` events; the spacing doubles when the anchors outgrow MAX_ANCHORS. */
  spacing: number;
  anchors: Anchor[];
  streams: Record<string, StreamHead>;
  monthEnds: Record<string, MonthEnd>;
  discontinuities: Discontinuity[];
}

/** The hash the global chain takes in: the stored one (recomputed for an event that has none). */
function chainedHash(event: RecordedEvent): string {
  const hash = event.meta.hash;
  return typeof hash === 'string' ? hash : eventHash(event, '');
}

/**
 * head_i = HMAC(key, head_{i-1} ‖ position_i ‖ hash_i ‖ recordedAt_i): a keyed chain over every event
 * of the store in position order. The position and the recorded time are covered too, so moving,
 * swapping or re-timing events breaks it even though each event's own hash still holds.
 */
export function nextHead(key: AuditKey, head: string, event: RecordedEvent): string {
  return key.mac(`${head}\n${event.position}\n${chainedHash(event)}\n${event.meta.recordedAt}`);
}

/** The China month an event was recorded in (null for a recorded time that is no time: an edited store). */
export function recordedMonth(event: RecordedEvent): string | null {
  const at: unknown = event.meta.recordedAt;
  return typeof at === 'number' && Math.abs(at) < MAX_INSTANT ? chinaMonth(at) : null;
}

/**
 * The global chain folded over the store in position order, each event once: its head, each stream's
 * last revision and hash, anchors along the way, the month ends that seals hold, and any event that did
 * not continue its stream. Pure (no I/O, no clock): the audit trail persists it.
 */
export class GlobalChain {
  /** Each stream's head, decoded from `streamSource` when first needed (see `streams`). */
  private streamHeads: Map<string, StreamHead> | null = null;
  private streamSource: Pick<Checkpoint, 'streams'> | null;
  private readonly monthEnds: Map<string, MonthEnd>;
  private readonly discontinuities: Discontinuity[];
  private anchors: Anchor[];
  private state: Omit<Checkpoint, 'streams' | 'monthEnds' | 'discontinuities' | 'anchors'>;

  private constructor(
    private readonly key: AuditKey,
    checkpoint: Checkpoint,
  ) {
    // Copied one level deep, not cloned whole: entries are replaced, never changed (see `snapshot`). The
    // streams are not touched here: a province's checkpoint holds hundreds of thousands of them, and a
    // start that finds the chain already past the log's end (every restart but the first) never needs them.
    const { version, keyFingerprint, position, head, count, month, signedFrom, followedFrom, spacing } = checkpoint;
    this.state = { version, keyFingerprint, position, head, count, month, signedFrom, followedFrom, spacing };
    this.streamSource = checkpoint;
    this.monthEnds = new Map(Object.entries(checkpoint.monthEnds));
    this.discontinuities = [...checkpoint.discontinuities];
    this.anchors = [...checkpoint.anchors];
  }

  private get streams(): Map<string, StreamHead> {
    if (this.streamHeads === null) {
      this.streamHeads = new Map(Object.entries(this.streamSource!.streams));
      this.streamSource = null;
    }
    return this.streamHeads;
  }

  /** A chain that has seen nothing yet; `followedFrom` is the store's head now (null when empty). */
  static start(key: AuditKey, followedFrom: string | null): GlobalChain {
    return new GlobalChain(key, {
      version: 1,
      keyFingerprint: key.fingerprint,
      position: null,
      head: GENESIS_HEAD,
      count: 0,
      month: null,
      signedFrom: null,
      followedFrom,
      spacing: 1,
      anchors: [],
      streams: {},
      monthEnds: {},
      discontinuities: [],
    });
  }

  /** Goes on from a checkpoint (checked by its file against the key). */
  static resume(key: AuditKey, checkpoint: Checkpoint): GlobalChain {
    return new GlobalChain(key, checkpoint);
  }

  get position(): string | null {
    return this.state.position;
  }

  get month(): string | null {
    return this.state.month;
  }

  /** Whether the event is after everything folded so far (delivery is at least once). */
  isNew(event: RecordedEvent): boolean {
    return this.state.position === null || comparePositions(event.position, this.state.position) > 0;
  }

  /** Folds one event; events at or before the last one folded are skipped. */
  apply(event: RecordedEvent): void {
    if (!this.isNew(event)) return;
    const s = this.state;
    const seen = this.streams.get(event.stream);
    const expected = seen ? seen.revision + 1 : 0;
    if (event.revision !== expected && this.discontinuities.length < MAX_DISCONTINUITIES) {
      this.discontinuities.push({ stream: event.stream, position: event.position, revision: event.revision, expected });
    }
    this.streams.set(event.stream, { revision: event.revision, hash: chainedHash(event) });
    if (s.signedFrom === null && typeof event.meta.mac === 'string') s.signedFrom = event.position;
    s.head = nextHead(this.key, s.head, event);
    s.count += 1;
    s.position = event.position;
    const month = recordedMonth(event);
    if (month !== null && (s.month === null || month > s.month)) s.month = month;
    if (s.count % s.spacing === 0) this.addAnchor({ position: event.position, head: s.head, count: s.count });
  }

  /**
   * Records the current month as ended at the last event folded, with the board as of it (write-once:
   * a month's end is never moved). Called before the first event of a later month is folded, or when
   * the calendar has passed the month's end with no event since.
   */
  endMonth(boardDigest: () => string): MonthEnd | null {
    const { month, position, head, count } = this.state;
    if (month === null || position === null || this.monthEnds.has(month)) return null;
    const end = { position, head, count, boardDigest: boardDigest() };
    this.monthEnds.set(month, end);
    return end;
  }

  /** Months ended so far, oldest first. */
  endedMonths(): [string, MonthEnd][] {
    return [...this.monthEnds].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  /** A copy that later events leave alone (entries are replaced, never changed, so a shallow copy is enough). */
  snapshot(): Checkpoint {
    return {
      ...this.state,
      anchors: [...this.anchors],
      streams: Object.fromEntries(this.streams),
      monthEnds: Object.fromEntries(this.monthEnds),
      discontinuities: [...this.discontinuities],
    };
  }

  private addAnchor(anchor: Anchor): void {
    this.anchors.push(anchor);
    if (this.anchors.length <= MAX_ANCHORS) return;
    this.state.spacing *= 2;
    const spacing = this.state.spacing;
    this.anchors = this.anchors.filter((a) => a.count % spacing === 0);
  }
}
