import Database from 'better-sqlite3';
import { type DomainEvent } from '@battlemap/events';
import { buildHistory, historyDecider } from '@battlemap/seeds';
import { SqliteEventStore } from '../store/sqlite-event-store';

/** Two rows of a history store made unfoldable: one breaks its schema, one is not JSON at all. */
export interface DamagedRows {
  /** A ProgressReported row whose data fails its schema. */
  wrongShape: string;
  /** A row whose data is not JSON. */
  notJson: string;
}

/**
 * Writes the first `count` events of the demo's history into a new SQLite store at `path` (positions
 * 1..count), then damages two of its rows as a disk or a hand-edit would.
 */
export async function writeDamagedHistoryStore(path: string, count: number): Promise<DamagedRows> {
  const store = new SqliteEventStore(path, Date.now, { durable: false });
  const decided: { stream: string; event: DomainEvent }[] = [];
  const decide = historyDecider('2025-09-30', (stream, event) => decided.push({ stream, event }));
  for (const command of buildHistory('2025-09-30')) {
    if (decided.length >= count) break;
    decide(command);
  }
  for (const [i, { stream, event }] of decided.slice(0, count).entries()) {
    const meta = { actor: { id: 'u', name: '张伟', role: 'supervisor' }, correlationId: `c${i}`, schema: 1 };
    await store.append(stream, [{ id: crypto.randomUUID(), type: event.type, data: event.data, meta }], 'any');
  }
  await store.close();
  const db = new Database(path);
  const positions = db
    .prepare("SELECT position FROM events WHERE type = 'ProgressReported' ORDER BY position")
    .pluck(true)
    .all() as number[];
  if (positions.length <= 10) throw new Error(`only ${positions.length} ProgressReported in the first ${count} events`);
  const wrongShape = String(positions[Math.floor(positions.length / 2)]);
  const notJson = String(positions[positions.length - 3]);
  db.prepare(`UPDATE events SET data = json_set(data, '$.progress', 'eighty') WHERE position = ?`).run(wrongShape);
  db.prepare(`UPDATE events SET data = '{"month": "2025-0' WHERE position = ?`).run(notJson);
  db.close();
  return { wrongShape, notJson };
}
