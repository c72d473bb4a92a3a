import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Fewer events than this to catch up: checked in line, a thread is not worth starting. */
export const CHECK_AHEAD_MIN_EVENTS = 20_000;
/** The thread reports after this many rows. */
const CHUNK = 5_000;

/**
 * The thread's code (CommonJS, run with `eval`: the same in the compiled server, under ts-jest and tsx).
 * It reads the rows itself from its own read-only connection, parses them and asks `unfoldableReason`
 * of the very build the server folds with; rows whose JSON does not parse are left to the reader, which
 * marks them unreadable itself.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const { unfoldableReason } = require(workerData.events);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
const rows = db.prepare('SELECT position, type, data, meta FROM events WHERE position > ? AND position <= ? ORDER BY position').raw(true);
let bad = [];
let n = 0;
for (const [position, type, data, meta] of rows.iterate(BigInt(workerData.after), BigInt(workerData.head))) {
  let event = null;
  try {
    event = { type, data: JSON.parse(data), meta: JSON.parse(meta) };
  } catch {}
  const reason = event === null ? null : unfoldableReason(event);
  if (reason !== null) bad.push([String(position), reason]);
  if (++n % ${CHUNK} === 0) {
    parentPort.postMessage({ through: String(position), bad });
    bad = [];
  }
}
db.close();
parentPort.postMessage({ through: workerData.head, bad });
`;

interface Report {
  through: string;
  bad: [string, string][];
}

/**
 * The schema checks of a long catch-up, done ahead on the other core. A cold start without a snapshot
 * reads every event and checks each against its schema (zod) before folding it: a fifth of its time. A
 * thread reads the same rows from the file and checks them while the live board folds; the board takes
 * its verdict for every position it has reached and checks in line wherever the board got there first.
 * What is set aside, and why, is the same either way.
 */
export class ChecksAhead {
  private through = 0n;
  private readonly bad = new Map<string, string>();
  /** Verdicts the board took from the thread. */
  taken = 0;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (report: Report) => {
      for (const [position, reason] of report.bad) this.bad.set(position, reason);
      this.through = BigInt(report.through);
    });
    // A thread that failed leaves every later check to the board: slower, never different.
    worker.on('error', () => undefined);
    worker.unref();
  }

  /**
   * Starts a thread for the events after `after` up to `head` of the SQLite file at `path`, or answers
   * null when there are fewer than `minEvents` of them or the thread's modules cannot be found.
   */
  static start(path: string, after: string | undefined, head: string | null, minEvents = CHECK_AHEAD_MIN_EVENTS): ChecksAhead | null {
    if (head === null || BigInt(head) - BigInt(after ?? 0) < BigInt(minEvents)) return null;
    const modules = threadModules();
    if (modules === null) return null;
    const worker = new Worker(THREAD, { eval: true, workerData: { path, after: after ?? '0', head, ...modules } });
    return new ChecksAhead(worker);
  }

  /**
   * Why the event at `position` cannot be folded (null: it can), or undefined when the thread is not there
   * yet. `at` is the position as a number, when the caller has it already.
   */
  verdict(position: string, at = BigInt(position)): string | null | undefined {
    if (at > this.through) return undefined;
    this.taken += 1;
    const reason = this.bad.get(position);
    if (reason === undefined) return null;
    this.bad.delete(position);
    return reason;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Where the thread finds better-sqlite3 and the compiled events package (its `main`, also where the
 * server itself runs from sources, as under ts-jest), or null when either is not there.
 */
function threadModules(): { sqlite: string; events: string } | null {
  try {
    const manifest = require.resolve('@battlemap/events/package.json');
    const events = join(dirname(manifest), (JSON.parse(readFileSync(manifest, 'utf8')) as { main: string }).main);
    return existsSync(events) ? { sqlite: require.resolve('better-sqlite3'), events } : null;
  } catch {
    return null;
  }
}
