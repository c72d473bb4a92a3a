import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A gap in the snapshots (or a first catch-up) of fewer positions than this is not worth a thread. */
export const BACKFILL_MIN_EVENTS = 20_000;

/**
 * The thread's code (CommonJS, run with `eval`, as `ChecksAhead`'s). It folds the events between two
 * snapshots exactly as the live board does (a row whose JSON does not parse, or that fails its schema
 * or its fold, is set aside) and takes a board snapshot wherever `every` events were folded since the
 * last one, there or already in the file, up to (not including) `until`. Each is written before the
 * next is taken, so at most one board's text is held at a time.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const { countsFrom, evolveBoard, initialBoard, unfoldableReason, upcastEvent } = require(workerData.events);
const { BoardSnapshots, storedHash } = require(workerData.snapshots);
(async () => {
  const { path, snapshotsPath, every, partKeys, from, until } = workerData;
  const snapshots = new BoardSnapshots(snapshotsPath, every, partKeys);
  const taken = new Set(snapshots.covers().map((cover) => cover.position));
  let state = initialBoard();
  let maxRecordedAt = -Infinity;
  let maxBusinessDay = '';
  if (from !== null) {
    const cover = snapshots.covers().find((c) => c.position === from);
    if (!cover) throw new Error('the snapshot to start from is gone: ' + from);
    state = (await snapshots.body(from)).board;
    ({ maxRecordedAt, maxBusinessDay } = cover);
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const rows = db
    .prepare('SELECT position, stream, revision, id, type, data, meta FROM events WHERE position > ? AND position < ? ORDER BY position')
    .raw(true);
  let since = 0;
  let written = 0;
  let failed = null;
  for (const [at, stream, revision, id, type, data, meta] of rows.iterate(BigInt(from ?? 0), BigInt(until))) {
    const position = String(at);
    let event;
    try {
      event = { position, stream, revision, id, type, data: JSON.parse(data), meta: JSON.parse(meta) };
    } catch {
      continue;
    }
    if (unfoldableReason(event) !== null) continue;
    const envelope = upcastEvent(event);
    try {
      state = evolveBoard(state, envelope);
    } catch {
      continue;
    }
    if (envelope.meta.recordedAt > maxRecordedAt) maxRecordedAt = envelope.meta.recordedAt;
    const day = countsFrom(envelope);
    if (day > maxBusinessDay) maxBusinessDay = day;
    since += 1;
    if (taken.has(position)) since = 0;
    else if (since >= every) {
      since = 0;
      const cover = { position, eventId: id, eventHash: storedHash(event), maxRecordedAt, maxBusinessDay };
      snapshots.save(cover, { board: state, projections: {} }, (error) => (failed = error), { boardOnly: true });
      await snapshots.settled();
      if (failed) throw failed;
      written += 1;
      parentPort.postMessage({ written, position });
    }
  }
  db.close();
  snapshots.close();
  parentPort.postMessage({ done: true, written });
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

interface Progress {
  written?: number;
  position?: string;
  done?: boolean;
  error?: string;
}

export interface BackfillOutcome {
  written: number;
  ms: number;
}

/**
 * The board snapshots a long catch-up did not take, taken afterwards on another thread. A first start
 * on a province's log (a new snapshot version, a restored backup without its snapshots file) would
 * otherwise write 200 snapshots of a 40 MB board on the event loop while it folds: minutes before the
 * board is live instead of seconds. The live board takes one snapshot at the head once caught up (the
 * next start folds nothing); this thread folds the log again beside it and fills in the ones every
 * `every` events that replays start from. They hold the board only (`boardOnly`): replays need
 * nothing else, and the live board never resumes from one.
 */
export class SnapshotBackfill {
  readonly done: Promise<BackfillOutcome>;
  /** Snapshots written so far. */
  written = 0;

  private constructor(
    private readonly worker: Worker,
    startedAt: number,
  ) {
    this.done = new Promise((resolve, reject) => {
      worker.on('message', (progress: Progress) => {
        if (progress.written !== undefined) this.written = progress.written;
        if (progress.error !== undefined) reject(new Error(progress.error));
        if (progress.done) resolve({ written: this.written, ms: performance.now() - startedAt });
      });
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error('the backfill thread stopped before it was done')));
    });
    // Whoever starts it may never wait for it (a shutdown terminates it).
    this.done.catch(() => undefined);
    worker.unref();
  }

  /** Whether the thread's modules are there (the compiled server beside the sources, see `threadModules`). */
  static available(): boolean {
    return threadModules() !== null;
  }

  /**
   * Fills in the snapshots of the store at `path` after the snapshot at `from` (null: the beginning)
   * and before the one at `until`, or answers null when the thread's modules cannot be found.
   */
  static start(options: {
    path: string;
    snapshotsPath: string;
    every: number;
    partKeys: number;
    from: string | null;
    until: string;
  }): SnapshotBackfill | null {
    const modules = threadModules();
    if (modules === null) return null;
    const worker = new Worker(THREAD, { eval: true, workerData: { ...options, ...modules } });
    return new SnapshotBackfill(worker, performance.now());
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * The first gap in the snapshots at `positions` (ascending) up to `end` (a snapshot there, or about to
 * be) that is more than twice their spacing and at least `minEvents` positions long: the snapshot to
 * fold from (null: the beginning) and the one that closes it, or undefined when there is none.
 */
export function firstGap(
  positions: string[],
  end: string,
  every: number,
  minEvents = BACKFILL_MIN_EVENTS,
): { from: string | null; until: string } | undefined {
  let previous = 0n;
  const wide = BigInt(Math.max(2 * every, minEvents));
  for (const position of [...positions.map(BigInt).filter((p) => p < BigInt(end)), BigInt(end)]) {
    if (position - previous > wide) return { from: previous === 0n ? null : String(previous), until: String(position) };
    previous = position;
  }
  return undefined;
}

/**
 * Where the thread finds better-sqlite3, the compiled events package and the compiled snapshots module
 * (beside this file in the compiled server; under `dist/` when the server runs from its sources, as
 * under ts-jest or tsx), or null when one is not there.
 */
function threadModules(): { sqlite: string; events: string; snapshots: string } | null {
  try {
    const manifest = require.resolve('@battlemap/events/package.json');
    const events = join(dirname(manifest), (JSON.parse(readFileSync(manifest, 'utf8')) as { main: string }).main);
    const snapshots = __filename.endsWith('.ts')
      ? join(__dirname, '..', '..', 'dist', 'board', 'board-snapshots.js')
      : join(__dirname, 'board-snapshots.js');
    return existsSync(events) && existsSync(snapshots) ? { sqlite: require.resolve('better-sqlite3'), events, snapshots } : null;
  } catch {
    return null;
  }
}
