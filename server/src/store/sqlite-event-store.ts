import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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
} from './event-store.port';
import { type SourceBatch, runSubscription } from './subscription-loop';

/** Raw row order of every SELECT: position, stream, revision, id, type, data, meta. */
type Row = [number | bigint, string, number, string, string, string, string];

/**
 * AUTOINCREMENT: a position is never used twice, even after the newest rows were deleted, so a screen
 * resuming with `after` can never skip an event that took a deleted one's place.
 */
const TABLE = (name: string) => `
CREATE TABLE IF NOT EXISTS ${name} (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  meta        TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (stream, revision),
  UNIQUE (stream, id)
);`;

const COLUMNS = 'position, stream, revision, id, type, data, meta';
const CATCH_UP_BATCH = 1000;
/**
 * A filtered subscription's read looks at most this many positions past where it is, so its loop yields
 * between reads even where nothing matches for a long way (a reactor of two event types in a million).
 */
const FILTERED_SCAN_POSITIONS = 50_000;
/** Another process may append to the same file: live subscribers also look every so often. */
const CROSS_PROCESS_POLL_MS = 500;
/** A unit of work's transaction commits once it has been open this long, so nobody waits on it for long. */
const UNIT_TRANSACTION_MS = 1000;
/** Reads by whoever is not in the open transaction stop here: at its committed head. */
const NO_CAP = BigInt(Number.MAX_SAFE_INTEGER);
/** How many different LIMITs one query keeps a statement for (reads use a few: 1, the catch-up batch, a page). */
const LIMITS_KEPT = 16;

/**
 * A read's statements by its LIMIT, written into the SQL: a LIMIT bound as a parameter costs SQLite
 * about 7 µs more per run than the same number written in (measured on better-sqlite3 12: an empty
 * stream read 7.7 µs against 0.8), and a command reads its stream's tail on every request. A negative
 * limit is no LIMIT; the first LIMITS_KEPT integer limits keep their statement, any other is bound.
 */
function limitedStatements(db: Database.Database, sql: string): (limit: number) => Reader {
  const kept = new Map<number, Reader>();
  const whole = db.prepare(sql).raw(true);
  const bound = db.prepare(`${sql} LIMIT ?`).raw(true);
  return (limit) => {
    if (limit < 0) return whole;
    let statement = kept.get(limit);
    if (statement) return statement;
    if (!Number.isSafeInteger(limit) || kept.size >= LIMITS_KEPT) return boundTo(bound, limit);
    statement = db.prepare(`${sql} LIMIT ${limit}`).raw(true);
    kept.set(limit, statement);
    return statement;
  };
}

type Reader = Pick<Database.Statement, 'all'>;

/** The statement with `LIMIT ?`, the limit given as its last parameter. */
function boundTo(statement: Database.Statement, limit: number): Reader {
  return { all: (...params: unknown[]) => statement.all(...params, limit) };
}
/** How often reads check that the file is still where it was opened (appends check every time). */
const READ_IDENTITY_CHECK_MS = 100;

interface PendingAppend {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface RunningUnit {
  running: boolean;
  unit: UnitOfWork;
  /**
   * Streams as the unit has read and written them (an empty list: known not to exist), so a batch does not
   * read and parse a stream again for each command. Dropped for a stream another writer in this process
   * appends to, and wholly when another process has committed since.
   */
  streams: Map<string, RecordedEvent[]>;
  /** SQLite's data_version when the unit last looked: it changes when another connection commits. */
  dataVersion: number;
}

/** A unit caches at most this many streams; beyond, it starts again (a province-sized import stays bounded). */
const UNIT_CACHE_STREAMS = 100_000;
/**
 * How many of its own newest committed events a connection keeps for its subscribers' reads (~10 MiB):
 * enough for a unit's one-second transaction of a bulk load, which its subscribers read after the commit.
 */
const RECENT_EVENTS = 16_384;

/** A unit of work's transaction, open on the connection. */
interface OpenTransaction {
  begunAt: number;
  /** The last committed position: what readers outside the unit may see. */
  committedHead: bigint;
  /** What its appends recorded: the connection's recent events once it commits. */
  recorded: RecordedEvent[];
  /** Resolves when it commits or rolls back: appends from outside wait for it. */
  closed: Promise<void>;
  close: () => void;
}

/**
 * The embedded event store: one SQLite file, WAL, synchronous=FULL (durable once `append` returns),
 * one writer with BEGIN IMMEDIATE so commit order is position order and no gap is ever skipped.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  readonly atomicUnits = true;
  private readonly db: Database.Database;
  /** The unit of work the current async context runs in, if any (and while it runs). */
  private readonly unitContext = new AsyncLocalStorage<RunningUnit>();
  /** Units run one at a time: each waits for the one before. */
  private unitQueue: Promise<void> = Promise.resolve();
  private transaction: OpenTransaction | null = null;
  private activeUnit: RunningUnit | null = null;
  /** Appends from outside units waiting for the next group commit. */
  private groupCommit: PendingAppend[] = [];
  private identityCheckedAt = 0;
  private readonly waiters = new Set<() => void>();
  /**
   * The newest events this connection appended and committed, by position, as they were given (their
   * data objects the very ones the command handler validated): a subscriber's read takes them instead of
   * parsing (and its reader validating) the same rows again. A row whose id differs is read from the file.
   */
  private readonly recent = new Map<string, RecordedEvent>();
  private readonly statements: ReturnType<SqliteEventStore['prepare']>;
  private readonly appendTx: (stream: string, events: NewEvent[], expected: ExpectedRevision, recorded?: RecordedEvent[]) => AppendResult;
  private closed = false;
  /** The file as opened (device and inode): if its directory is moved or deleted, SQLite would write on into a file nobody will find again. */
  private readonly identity: string | null;

  /**
   * `clock` stamps `recordedAt` (UTC ms); tests move it. `durable: false` skips the fsync per append
   * (synchronous=OFF): only for writing a bench fixture that is thrown away if the write is cut short.
   */
  constructor(
    readonly path: string,
    private readonly clock: () => number = Date.now,
    options: { durable?: boolean } = {},
  ) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(options.durable === false ? 'synchronous = OFF' : 'synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(TABLE('events'));
      upgradeToAutoincrement(this.db);
      this.identity = path === ':memory:' ? null : identityOf(path);
    } catch (error) {
      throw new StoreUnavailableError(`cannot open the SQLite event store at ${path}: ${(error as Error).message}`);
    }
    this.statements = this.prepare();
    const tx = this.db.transaction(this.appendInTransaction.bind(this));
    this.appendTx = (stream, events, expected, recorded) => tx.immediate(stream, events, expected, recorded);
  }

  private prepare() {
    const limited = (sql: string) => limitedStatements(this.db, sql);
    return {
      lastRevision: this.db.prepare('SELECT max(revision) AS r FROM events WHERE stream = ?').pluck(true),
      lastRevisionUpTo: this.db.prepare('SELECT max(revision) AS r FROM events WHERE stream = ? AND position <= ?').pluck(true),
      revisionOfId: this.db.prepare('SELECT revision, position FROM events WHERE stream = ? AND id = ?').raw(true),
      insert: this.db.prepare('INSERT INTO events (stream, revision, id, type, data, meta, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      streamForwards: limited(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision ASC`),
      streamBackwards: limited(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? AND position <= ? ORDER BY revision DESC`),
      allForwards: limited(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position ASC`),
      allBackwards: limited(`SELECT ${COLUMNS} FROM events WHERE position < ? ORDER BY position DESC`),
      head: this.db.prepare('SELECT max(position) FROM events').pluck(true),
      dataVersion: this.db.prepare('PRAGMA data_version').pluck(true),
      headUpTo: this.db.prepare('SELECT max(position) FROM events WHERE position <= ?').pluck(true),
    };
  }

  /**
   * Appends that arrive together (concurrent requests, within one turn of the event loop) commit in one
   * durable transaction, each in its own savepoint: one fsync for all of them, and a conflict fails only
   * its own append. Each resolves once that transaction is durable.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.inUnit()) return this.appendInUnit(stream, events, expected);
    // The file's identity is checked once for the whole group, before its transaction (commitGroup).
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.groupCommit.push({ stream, events, expected, resolve, reject });
      if (this.groupCommit.length === 1) setImmediate(() => void this.commitGroup());
    });
  }

  private async commitGroup(): Promise<void> {
    while (this.transaction) await this.transaction.closed;
    const group = this.groupCommit;
    this.groupCommit = [];
    const outcomes: ({ result: AppendResult } | { error: unknown })[] = [];
    const written: RecordedEvent[] = [];
    try {
      this.assertOpen(true);
      this.db
        .transaction(() => {
          for (const { stream, events, expected } of group) {
            const recorded: RecordedEvent[] = [];
            try {
              outcomes.push({ result: this.appendTx(stream, events, expected, recorded) });
              for (const event of recorded) written.push(event);
            } catch (error) {
              outcomes.push({ error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (a full disk, the file gone): none of the group was written.
      for (const append of group) append.reject(error);
      return;
    }
    this.remember(written);
    for (const { stream } of group) this.activeUnit?.streams.delete(stream);
    group.forEach((append, i) => {
      const outcome = outcomes[i];
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    this.wakeSubscribers();
  }

  async unitOfWork<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    const joined = this.unitContext.getStore();
    if (joined?.running) return work(joined.unit);
    const before = this.unitQueue;
    let done!: () => void;
    this.unitQueue = new Promise((resolve) => (done = resolve));
    await before;
    const running: RunningUnit = {
      running: true,
      unit: { commit: async () => this.commitTransaction() },
      streams: new Map(),
      dataVersion: this.statements.dataVersion.get() as number,
    };
    this.activeUnit = running;
    try {
      const result = await this.unitContext.run(running, () => work(running.unit));
      this.commitTransaction();
      return result;
    } catch (error) {
      this.rollbackTransaction();
      throw error;
    } finally {
      // A timer or loop the work started keeps this context: from now on it is outside.
      running.running = false;
      this.activeUnit = null;
      done();
    }
  }

  /** Into the unit's open transaction (begun now if none), each append in its own savepoint. */
  private appendInUnit(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    if (this.transaction && this.clock() - this.transaction.begunAt >= UNIT_TRANSACTION_MS) this.commitTransaction();
    if (!this.transaction) {
      this.assertOpen(true);
      this.db.exec('BEGIN IMMEDIATE');
      let close!: () => void;
      const closed = new Promise<void>((resolve) => (close = resolve));
      const head = this.statements.head.get() as number | bigint | null;
      this.transaction = { begunAt: this.clock(), committedHead: BigInt(head ?? 0), recorded: [], closed, close };
      this.unitCache();
    }
    const open = this.transaction;
    const recorded: RecordedEvent[] = [];
    const cache = this.activeUnit?.streams;
    try {
      const result = this.appendTx(stream, events, expected, recorded);
      cache?.get(stream)?.push(...recorded);
      for (const event of recorded) open.recorded.push(event);
      return result;
    } catch (error) {
      cache?.delete(stream);
      throw error;
    }
  }

  /** The running unit's stream cache, emptied first if another process has committed since it last looked. */
  private unitCache(): Map<string, RecordedEvent[]> | null {
    const unit = this.activeUnit;
    if (!unit || !this.inUnit()) return null;
    const version = this.statements.dataVersion.get() as number;
    if (version !== unit.dataVersion || unit.streams.size > UNIT_CACHE_STREAMS) {
      unit.streams.clear();
      unit.dataVersion = version;
    }
    return unit.streams;
  }

  private commitTransaction(): void {
    const open = this.transaction;
    if (!open) return;
    try {
      // The file moved or removed since the transaction began: a COMMIT would land where nobody finds it.
      this.assertOpen(true);
      this.db.exec('COMMIT');
      this.remember(open.recorded);
    } catch (error) {
      // A full disk fails the commit: nothing of this transaction was written, nor is it in the cache.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.activeUnit?.streams.clear();
      throw error;
    } finally {
      this.transaction = null;
      open.close();
      this.wakeSubscribers();
    }
  }

  private remember(events: RecordedEvent[]): void {
    for (const event of events) this.recent.set(event.position, event);
    let over = this.recent.size - RECENT_EVENTS;
    for (const position of this.recent.keys()) {
      if (over-- <= 0) break;
      this.recent.delete(position);
    }
  }

  private rollbackTransaction(): void {
    const open = this.transaction;
    if (!open) return;
    this.transaction = null;
    this.activeUnit?.streams.clear();
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      open.close();
    }
  }

  /** The last position the caller may read: everything, or, outside an open unit's transaction, what it had committed. */
  private readCap(): bigint {
    return this.transaction && !this.inUnit() ? this.transaction.committedHead : NO_CAP;
  }

  fileForReaders(): string | null {
    return this.path === ':memory:' ? null : this.path;
  }

  inUnitOfWork(): boolean {
    return this.inUnit();
  }

  private inUnit(): boolean {
    return this.unitContext.getStore()?.running === true;
  }

  /** `recorded`, when given, receives the events as written (as a read would return them). */
  private appendInTransaction(stream: string, events: NewEvent[], expected: ExpectedRevision, recorded?: RecordedEvent[]): AppendResult {
    const s = this.statements;
    const last = s.lastRevision.get(stream) as number | null;
    const current = last ?? -1;
    if (events.length > 0) {
      const retried = this.findRetry(stream, events);
      if (retried) return retried;
    }
    checkExpected(stream, expected, current);
    const recordedAt = this.clock();
    let revision = current;
    let position: number | bigint = 0;
    for (const event of events) {
      revision += 1;
      const meta = { ...event.meta, recordedAt };
      const data = event.data ?? null;
      position = s.insert.run(
        stream,
        revision,
        event.id,
        event.type,
        JSON.stringify(data),
        JSON.stringify(meta),
        recordedAt,
      ).lastInsertRowid;
      // The objects as given (validated JSON): what a read would parse back, without parsing it.
      recorded?.push({ position: String(position), stream, revision, id: event.id, type: event.type, data, meta });
    }
    if (events.length === 0) return { stream, revision: current, position: String(s.head.get() ?? 0) };
    return { stream, revision, position: String(position) };
  }

  /** The same ids already stored, consecutively, in this stream: a retry, answered with the first result. */
  private findRetry(stream: string, events: NewEvent[]): AppendResult | null {
    const first = this.statements.revisionOfId.get(stream, events[0].id) as [number, number | bigint] | undefined;
    if (!first) return null;
    let found = first;
    for (let i = 1; i < events.length; i++) {
      const next = this.statements.revisionOfId.get(stream, events[i].id) as [number, number | bigint] | undefined;
      if (!next || next[0] !== first[0] + i) {
        throw new WrongExpectedRevisionError(stream, first[0] - 1 + i, next ? next[0] : -1);
      }
      found = next;
    }
    return { stream, revision: found[0], position: String(found[1]) };
  }

  /**
   * Runs `work` in one transaction: the appends it starts (synchronously) commit together, or not at
   * all. For writing bench fixtures in big transactions through the same append path.
   */
  inOneTransaction(work: () => void): void {
    this.assertOpen();
    this.db.transaction(work).immediate();
    this.wakeSubscribers();
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const cache = this.unitCache();
    const cached = cache?.get(stream);
    if (cached) return sliceStream(cached, options);
    if (cache && options.from === undefined && options.limit === undefined && options.direction !== 'backwards') {
      const whole = (this.statements.streamForwards(-1).all(stream, 0, NO_CAP) as Row[]).map(toEvent);
      cache.set(stream, whole);
      return sliceStream(whole, options);
    }
    const limit = options.limit ?? -1;
    const cap = this.readCap();
    const rows = (
      options.direction === 'backwards'
        ? this.statements.streamBackwards(limit).all(stream, options.from ?? Number.MAX_SAFE_INTEGER, cap)
        : this.statements.streamForwards(limit).all(stream, options.from ?? 0, cap)
    ) as Row[];
    if (rows.length > 0) return { exists: true, events: rows.map(toEvent) };
    const exists = this.statements.lastRevisionUpTo.get(stream, cap) !== null;
    return { exists, events: [] };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllSync(options).map(toEvent);
  }

  private readAllSync(options: ReadAllOptions): Row[] {
    const limit = options.limit ?? -1;
    const cap = this.readCap();
    if (options.direction === 'backwards') {
      const before = options.after === undefined ? cap + 1n : BigInt(options.after);
      return this.statements.allBackwards(limit).all(before < cap + 1n ? before : cap + 1n) as Row[];
    }
    return this.statements.allForwards(limit).all(BigInt(options.after ?? 0), cap) as Row[];
  }

  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    this.assertOpen();
    const filtered = this.filteredRead(options.filter);
    return runSubscription(
      {
        readBatch: async (after) => {
          this.assertOpen();
          return filtered ? filtered(after) : this.batchOf(this.readAllSync({ after: after ?? undefined, limit: CATCH_UP_BATCH }), null);
        },
        waitForMore: (signal) => this.waitForAppend(signal),
      },
      options,
      handler,
    );
  }

  /**
   * A subscription's reads when it has a filter: SQLite compares the type and stream columns and hands
   * over only the rows that match, so no other row is made into an event (its JSON parsed). At province
   * scale a reactor that watches two event types catches up at each start over a million events it
   * would otherwise parse and drop. Null without a filter (matchesFilter: no type and no prefix = all).
   */
  private filteredRead(filter: SubscribeAllOptions['filter']): ((after: string | null) => SourceBatch) | null {
    const types = filter?.eventTypes ?? [];
    const prefixes = filter?.streamPrefixes ?? [];
    if (types.length + prefixes.length === 0) return null;
    const matches = [
      ...(types.length > 0 ? [`type IN (${types.map(() => '?').join(', ')})`] : []),
      // Character for character, as startsWith: substr and length both count characters.
      ...prefixes.map(() => 'substr(stream, 1, length(?)) = ?'),
    ];
    const statement = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? AND (${matches.join(' OR ')}) ORDER BY position ASC LIMIT ?`,
      )
      .raw(true);
    const params = [...types, ...prefixes.flatMap((prefix) => [prefix, prefix])];
    return (after) => {
      const from = BigInt(after ?? 0);
      const head = this.statements.headUpTo.get(this.readCap()) as number | bigint | null;
      if (head === null || BigInt(head) <= from) return { events: [], through: null };
      const to = BigInt(head) < from + BigInt(FILTERED_SCAN_POSITIONS) ? BigInt(head) : from + BigInt(FILTERED_SCAN_POSITIONS);
      const rows = statement.all(from, to, ...params, CATCH_UP_BATCH) as Row[];
      // A full batch may stop short of `to`: the next read goes on after its last row.
      return this.batchOf(rows, rows.length === CATCH_UP_BATCH ? null : String(to));
    };
  }

  /** Rows as a subscription's batch (this connection's own recent events as they were written), read up to `through` (default: the last row). */
  private batchOf(rows: Row[], through: string | null): SourceBatch {
    const events =
      this.recent.size === 0
        ? rows.map(toEvent)
        : rows.map((row) => {
            const mine = this.recent.get(String(row[0]));
            return mine !== undefined && mine.id === row[3] ? mine : toEvent(row);
          });
    return { events, through: through ?? events.at(-1)?.position ?? null };
  }

  async headPosition(): Promise<string | null> {
    this.assertOpen();
    const head = this.statements.headUpTo.get(this.readCap()) as number | bigint | null;
    return head === null ? null : String(head);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.rollbackTransaction();
    this.closed = true;
    this.wakeSubscribers();
    this.db.close();
  }

  private waitForAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, CROSS_PROCESS_POLL_MS);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }

  private wakeSubscribers(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Every write, and a read at most every READ_IDENTITY_CHECK_MS, first checks that the file is still
   * where it was opened (a stat).
   */
  private assertOpen(writing = false): void {
    if (this.closed) throw new StoreUnavailableError('the SQLite event store is closed');
    if (this.identity === null) return;
    const now = Date.now();
    if (!writing && now - this.identityCheckedAt < READ_IDENTITY_CHECK_MS) return;
    this.identityCheckedAt = now;
    if (identityOf(this.path) !== this.identity) {
      this.identityCheckedAt = 0;
      throw new StoreUnavailableError(`the SQLite file ${this.path} is no longer there (its directory was moved or removed)`);
    }
  }
}

function identityOf(path: string): string | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : null;
}

function toEvent(row: Row): RecordedEvent {
  const event: RecordedEvent = {
    position: String(row[0]),
    stream: row[1],
    revision: row[2],
    id: row[3],
    type: row[4],
    data: null,
    meta: { recordedAt: 0 },
  };
  try {
    event.data = JSON.parse(row[5]);
  } catch (error) {
    // One damaged row must not stop every reader: hand it over marked, with its raw text.
    event.data = row[5];
    event.unreadable = `data is not valid JSON (${(error as Error).message})`;
  }
  try {
    event.meta = JSON.parse(row[6]);
  } catch (error) {
    event.unreadable ??= `meta is not valid JSON (${(error as Error).message})`;
  }
  return event;
}

/**
 * Stores made before positions were AUTOINCREMENT are rebuilt once, in one transaction, keeping every
 * position; the sequence starts after the highest position ever handed out that is still known.
 */
function upgradeToAutoincrement(db: Database.Database): void {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").pluck(true).get() as string;
  if (/AUTOINCREMENT/i.test(sql)) return;
  db.transaction(() => {
    db.exec(TABLE('events_upgraded'));
    db.exec(
      'INSERT INTO events_upgraded SELECT position, stream, revision, id, type, data, meta, recorded_at FROM events ORDER BY position',
    );
    db.exec('DROP TABLE events');
    db.exec('ALTER TABLE events_upgraded RENAME TO events');
  }).immediate();
}

/** A read of a stream held in memory (revisions 0…n-1), as the query would answer it. */
function sliceStream(events: RecordedEvent[], options: ReadStreamOptions): ReadStreamResult {
  const limit = options.limit ?? Infinity;
  let picked: RecordedEvent[];
  if (options.direction === 'backwards') {
    const from = Math.min(options.from ?? events.length - 1, events.length - 1);
    picked = events.slice(Math.max(0, from + 1 - limit), from + 1).reverse();
  } else {
    picked = events.slice(options.from ?? 0).slice(0, limit);
  }
  return { exists: events.length > 0, events: picked };
}
