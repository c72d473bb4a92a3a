import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { deflate, deflateSync, inflate } from 'node:zlib';
import { type AsOf, type BoardState } from '@battlemap/events';
import { EventStore, RecordedEvent } from '../store/event-store.port';
import {
  BodyAssembler,
  PART_KEYS,
  type StoredPart,
  asciiInSlices,
  asciiJson,
  bodyFromTexts,
  bodyTexts,
  frame,
  unframe,
} from './snapshot-codec';

/**
 * Bumped whenever the board's shape or its fold changes: a snapshot of another version is never used
 * (and the whole file is rebuilt), since folding the tail onto a state of another shape would be wrong.
 */
// 2: the accounts projection keeps credentials (password and token hashes) too.
// 3: max_business_day is the latest day a covered event counts from (standing data and monthly reports).
// 4: the body in parts, each ASCII-only JSON deflated on its own (snapshot-codec.ts).
export const SNAPSHOT_VERSION = 4;

/**
 * How many events apart the snapshots are taken, by default: a replay folds at most this many events after
 * its snapshot. At province scale (1,000,000 events, a 40 MB board) decoding a snapshot costs about 0.5 s and
 * the tail about 28 µs an event: 10,000 apart put the slowest replays at the 1 s limit, 5,000 apart take
 * ~140 ms off them for twice the disk (about 0.75 GiB of snapshots beside 0.8 GB of store).
 */
export const DEFAULT_SNAPSHOT_EVERY = 5_000;

/** What a snapshot says about the events it covers (every event up to and including `position`). */
export interface SnapshotCover {
  position: string;
  /** The id and stored hash of the event at `position`: a store rewritten since no longer matches. */
  eventId: string;
  eventHash: string | null;
  /** The latest recorded time among the covered events: usable for `at` ≥ this. */
  maxRecordedAt: number;
  /** The latest day from which a covered event counts (`countsFrom`): usable for `on` ≥ this. */
  maxBusinessDay: string;
  /** Holds the board only, no projection (taken afterwards for replays, see SnapshotBackfill). */
  boardOnly?: boolean;
}

/** The board and the projections that fold beside it, all at the same position. */
export interface SnapshotBody {
  board: BoardState;
  /** Each projection's own state by its name (see `Projection.save`). */
  projections: Record<string, unknown>;
}

export interface Snapshot extends SnapshotCover {
  body: SnapshotBody;
}

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);
/** Level 1: a snapshot is written while the board goes on folding; the bytes on disk matter less. */
const LEVEL = 1;
/** The largest buffer a part is inflated into at once. */
const MAX_CHUNK = 64 * 2 ** 20;

type CoverRow = [number | bigint, string, string | null, number, string, number];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
  position          INTEGER PRIMARY KEY,
  event_id          TEXT    NOT NULL,
  event_hash        TEXT,
  max_recorded_at   INTEGER NOT NULL,
  max_business_day  TEXT    NOT NULL,
  body              BLOB    NOT NULL
);
-- Snapshots that hold the board only (the live board never resumes from one). A table of its own, so a
-- build before it reads the file as it was (and would find no projections in these: a cache miss).
CREATE TABLE IF NOT EXISTS board_only (position INTEGER PRIMARY KEY);`;

/**
 * Snapshots of the board every N events, kept beside the store in their own SQLite file
 * (`<store>.snapshots.db`): a cache, never the truth. Each is checked against the store before use
 * (the event at its position must still be the one it covered), and a snapshot that does not match,
 * and every later one, is dropped; a file of another version is emptied. Losing the file costs time,
 * never correctness: the board is folded from the log and the snapshots are taken again.
 */
export class BoardSnapshots {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<BoardSnapshots['prepare']>;
  private closed = false;
  /** Snapshots being compressed and written, one after the other. */
  private writing: Promise<void> = Promise.resolve();
  private pending = 0;
  private lastTexts?: { position: string; texts: string[] };

  constructor(
    readonly path: string,
    readonly every = DEFAULT_SNAPSHOT_EVERY,
    /** A record with this many keys or more is kept in parts of this many (snapshot-codec.ts; small in tests). */
    readonly partKeys = PART_KEYS,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = openOrReset(path);
    this.statements = this.prepare();
  }

  private prepare() {
    const covers = 'position, event_id, event_hash, max_recorded_at, max_business_day';
    return {
      covers: this.db
        .prepare(`SELECT ${covers}, position IN (SELECT position FROM board_only) FROM snapshots ORDER BY position DESC`)
        .raw(true),
      body: this.db.prepare('SELECT body FROM snapshots WHERE position = ?').pluck(true),
      insert: this.db.prepare(
        'INSERT OR REPLACE INTO snapshots (position, event_id, event_hash, max_recorded_at, max_business_day, body) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertIfAbsent: this.db.prepare(
        'INSERT OR IGNORE INTO snapshots (position, event_id, event_hash, max_recorded_at, max_business_day, body) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      dropFrom: this.db.prepare('DELETE FROM snapshots WHERE position >= ?'),
      dropBoardOnlyFrom: this.db.prepare('DELETE FROM board_only WHERE position >= ?'),
      markBoardOnly: this.db.prepare('INSERT OR IGNORE INTO board_only (position) VALUES (?)'),
      unmarkBoardOnly: this.db.prepare('DELETE FROM board_only WHERE position = ?'),
      count: this.db.prepare('SELECT count(*) FROM snapshots').pluck(true),
    };
  }

  /** How many snapshots the file holds. */
  get size(): number {
    return this.statements.count.get() as number;
  }

  /** What each snapshot covers, newest first (cheap: the bodies stay on disk). */
  covers(): SnapshotCover[] {
    return (this.statements.covers.all() as CoverRow[]).map(([position, eventId, eventHash, maxRecordedAt, maxBusinessDay, boardOnly]) => ({
      position: String(position),
      eventId,
      eventHash,
      maxRecordedAt,
      maxBusinessDay,
      ...(boardOnly === 1 && { boardOnly: true }),
    }));
  }

  /**
   * Keeps a snapshot. The body is turned into text here, synchronously, so a board changed in place
   * right after is not seen; it is compressed on the thread pool and written when that is done, so the
   * event loop only pays for the JSON. `settled()` waits for the writes under way.
   */
  save(
    cover: SnapshotCover,
    body: SnapshotBody,
    onError: (error: Error) => void = () => undefined,
    options: { boardOnly?: boolean } = {},
  ): void {
    if (this.closed) return;
    const texts = bodyTexts(body, this.partKeys);
    const { position, eventId, eventHash, maxRecordedAt, maxBusinessDay } = cover;
    const insert = (parts: StoredPart[]) => {
      if (this.lastTexts?.position === position) this.lastTexts = undefined;
      if (this.closed) return;
      const at = BigInt(position);
      const row = [at, eventId, eventHash, maxRecordedAt, maxBusinessDay, frame(parts)] as const;
      this.db.transaction(() => {
        // One of the board alone never takes the place of one already there (which may hold the projections).
        if (options.boardOnly) {
          if (this.statements.insertIfAbsent.run(...row).changes === 1) this.statements.markBoardOnly.run(at);
        } else {
          this.statements.insert.run(...row);
          this.statements.unmarkBoardOnly.run(at);
        }
      })();
    };
    if (this.pending > 0) {
      // The last one is still being compressed (a fast catch-up): compress this one here, so texts of
      // tens of megabytes never queue up in memory.
      insert(
        texts.map((text) => {
          const ascii = asciiJson(text);
          return { bytes: deflateSync(ascii, { level: LEVEL }), inflatedLength: ascii.length };
        }),
      );
      return;
    }
    this.pending += 1;
    this.writing = this.writing.then(async () => {
      try {
        // One part at a time, and the escaping on the event loop in slices of ESCAPE_SLICE characters
        // (about 10 ms each here), so live batches keep going out meanwhile.
        const parts: StoredPart[] = [];
        for (const text of texts) {
          const ascii = await asciiInSlices(text);
          parts.push({ bytes: await deflateAsync(ascii, { level: LEVEL }), inflatedLength: ascii.length });
        }
        insert(parts);
      } catch (error) {
        onError(error as Error);
      } finally {
        this.pending -= 1;
      }
    });
  }

  /** Resolves once every snapshot handed to `save` so far is written (or has failed). */
  settled(): Promise<void> {
    return this.writing;
  }

  /**
   * The newest snapshot that a replay as of `asOf` may start from, at or before `limit` (a position),
   * checked against the store; null when none fits. `accept` may refuse a position (a projection that
   * cannot resume there).
   */
  async newest(
    store: EventStore,
    asOf: AsOf = {},
    limit?: string,
    accept: (position: string, cover: SnapshotCover) => boolean = () => true,
  ): Promise<Snapshot | null> {
    const cover = await this.newestCover(store, asOf, limit, accept);
    return cover && { ...cover, body: await this.body(cover.position) };
  }

  /** What `newest` would start from, without its body (see `body`): null when none fits. */
  async newestCover(
    store: EventStore,
    asOf: AsOf = {},
    limit?: string,
    accept: (position: string, cover: SnapshotCover) => boolean = () => true,
  ): Promise<SnapshotCover | null> {
    const covers = await this.validCovers(store);
    for (const cover of covers) {
      if (limit !== undefined && BigInt(cover.position) > BigInt(limit)) continue;
      if (asOf.at !== undefined && cover.maxRecordedAt > asOf.at) continue;
      if (asOf.on !== undefined && cover.maxBusinessDay > asOf.on) continue;
      if (!accept(cover.position, cover)) continue;
      return cover;
    }
    return null;
  }

  /**
   * A snapshot's body, decoded anew each time (the fold changes it in place). Its parts are inflated
   * on the thread pool, several at once, and each is parsed as soon as it and the ones before it are
   * there. The texts of the last one read are kept, since replays come in runs near one moment (a
   * scrubber playing through a day reads the same snapshot again and again).
   */
  async body(position: string): Promise<SnapshotBody> {
    if (this.lastTexts?.position === position) return bodyFromTexts(this.lastTexts.texts) as SnapshotBody;
    const bytes = this.statements.body.get(BigInt(position)) as Buffer | undefined;
    if (!bytes) throw new Error(`no board snapshot at position ${position}`);
    // Into one buffer of the part's size (one more byte, or zlib asks for another): no 16 KiB chunks to
    // join. Capped: a length that lies only costs chunks.
    const inflating = unframe(bytes).map((part) =>
      inflateAsync(part.bytes, { chunkSize: Math.min(MAX_CHUNK, Math.max(64, part.inflatedLength + 1)) }),
    );
    // A part that fails while an earlier one is awaited must not go unhandled; the first failure in order is thrown.
    for (const part of inflating) part.catch(() => undefined);
    const assembler = new BodyAssembler();
    const texts: string[] = [];
    for (const part of inflating) {
      const text = (await part).toString('latin1');
      texts.push(text);
      assembler.add(text);
    }
    this.lastTexts = { position, texts };
    return assembler.body as SnapshotBody;
  }

  /**
   * The covers that still hold, newest first. Every snapshot's event is looked up in the store (one
   * indexed read each): from the oldest one whose event is gone or another, that snapshot and every
   * later one are dropped, since the store was rewritten, truncated or replaced there.
   */
  private async validCovers(store: EventStore): Promise<SnapshotCover[]> {
    const covers = this.covers();
    for (let i = covers.length - 1; i >= 0; i--) {
      if (await this.stillCovers(store, covers[i])) continue;
      this.dropFrom(BigInt(covers[i].position));
      this.lastTexts = undefined;
      return covers.slice(i + 1);
    }
    return covers;
  }

  private dropFrom(position: bigint): void {
    this.db.transaction(() => {
      this.statements.dropFrom.run(position);
      this.statements.dropBoardOnlyFrom.run(position);
    })();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private async stillCovers(store: EventStore, cover: SnapshotCover): Promise<boolean> {
    const [event] = await store.readAll({ after: String(BigInt(cover.position) - 1n), limit: 1 });
    return event !== undefined && event.position === cover.position && event.id === cover.eventId && storedHash(event) === cover.eventHash;
  }
}

/** The hash the command handler chained into the event (null for one written without). */
export function storedHash(event: RecordedEvent): string | null {
  return typeof event.meta.hash === 'string' ? event.meta.hash : null;
}

/** Opens the file, emptying it when it was written by another snapshot version (or is no snapshot file at all). */
function openOrReset(path: string): Database.Database {
  const open = () => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // A cache: a snapshot lost in a crash is taken again, so no fsync per snapshot.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    return db;
  };
  let db: Database.Database;
  try {
    db = open();
  } catch {
    if (path !== ':memory:') for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    db = open();
  }
  const version = db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck(true).get() as string | undefined;
  if (version !== String(SNAPSHOT_VERSION)) {
    db.transaction(() => {
      db.exec('DELETE FROM snapshots; DELETE FROM board_only;');
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)").run(String(SNAPSHOT_VERSION));
    })();
  }
  return db;
}
