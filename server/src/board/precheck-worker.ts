/**
 * The precheck's thread (see precheck.ts): reads the SQLite store's rows after a position, in position
 * order, checks each event's data against its schema (upcast first, as the board's reader does) and
 * posts, per batch, how far it got and the events that fail. Rows whose JSON does not parse are left to
 * the reader, which marks them unreadable itself.
 */
import Database from 'better-sqlite3';
import { unfoldableReason } from '@battlemap/events';
import { type MessagePort, workerData } from 'node:worker_threads';

const BATCH = 2000;

interface Job {
  path: string;
  after: number;
  port: MessagePort;
}

function run({ path, after, port }: Job): void {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT position, type, data, meta FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
  let from = after;
  try {
    for (;;) {
      const batch = rows.all(from, BATCH) as [number, string, string, string][];
      if (batch.length === 0) break;
      const bad: [number, string][] = [];
      for (const [position, type, data, meta] of batch) {
        let event: { type: string; data: unknown; meta: object };
        try {
          event = { type, data: JSON.parse(data), meta: JSON.parse(meta) as object };
        } catch {
          continue;
        }
        const reason = unfoldableReason(event);
        if (reason !== null) bad.push([position, reason]);
      }
      from = batch[batch.length - 1][0];
      port.postMessage({ upTo: from, bad });
    }
  } finally {
    db.close();
    port.postMessage({ done: true });
    port.close();
  }
}

run(workerData as Job);
