import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DomainEvent, unfoldableReason } from '@battlemap/events';
import { buildHistory, historyDecider } from '@battlemap/seeds';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { LiveBoard } from './live-board';
import { Precheck, type PrecheckOptions, precheckWorkerFromSource } from './precheck';

/** The worker from source, through tsx (the server runs the compiled one beside precheck.js). */
const FROM_SOURCE = precheckWorkerFromSource();

let folder: string;
beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'battlemap-precheck-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** The demo history's first `count` events in a SQLite file, then three of its rows broken by hand. */
async function brokenStore(path: string, count: number) {
  const store = new SqliteEventStore(path, Date.now, { durable: false });
  const decided: { stream: string; event: DomainEvent }[] = [];
  const decide = historyDecider('2025-09-30', (stream, event) => decided.push({ stream, event }));
  for (const command of buildHistory('2025-09-30')) {
    if (decided.length >= count) break;
    decide(command);
  }
  const meta = { actor: { id: 'u', name: '张伟', role: 'supervisor' }, correlationId: 'c', schema: 1 };
  await store.unitOfWork(async () => {
    for (const { stream, event } of decided.slice(0, count)) {
      await store.append(stream, [{ id: crypto.randomUUID(), type: event.type, data: event.data, meta }], 'any');
    }
  });
  await store.close();
  const raw = new Database(path);
  const progress = raw
    .prepare("SELECT position FROM events WHERE type = 'ProgressReported' ORDER BY position LIMIT 2")
    .pluck()
    .all() as number[];
  raw.prepare("UPDATE events SET data = json_set(data, '$.progress', 'lots') WHERE position = ?").run(progress[0]);
  raw.prepare("UPDATE events SET data = '{broken' WHERE position = ?").run(progress[1]);
  raw
    .prepare(
      "UPDATE events SET data = json_set(data, '$.name', '') WHERE position = (SELECT min(position) FROM events WHERE type = 'ProjectRegistered')",
    )
    .run();
  raw.close();
  return new SqliteEventStore(path);
}

describe('the precheck thread', () => {
  it("gives for every row the verdict the board's own check gives, naming the events that fail", async () => {
    const path = join(folder, 'events.db');
    const store = await brokenStore(path, 1500);
    const events = await store.readAll();
    const precheck = Precheck.start({ path, minimum: 0, worker: FROM_SOURCE }, undefined, await store.headPosition())!;
    expect(precheck).not.toBeNull();
    await precheck.finished;
    expect(precheck.failure).toBeNull();
    const verdicts = events.filter((e) => e.unreadable === undefined).map((e) => [e.position, precheck.verdict(e.position)]);
    const own = events.filter((e) => e.unreadable === undefined).map((e) => [e.position, unfoldableReason(e)]);
    expect(verdicts).toEqual(own);
    expect(precheck.answered).toBe(verdicts.length);
    const failing = verdicts.filter(([, reason]) => reason !== null);
    expect(failing).toHaveLength(2);
    expect(failing.map(([, reason]) => /the (\w+) schema/.exec(String(reason))?.[1]).sort()).toEqual([
      'ProgressReported',
      'ProjectRegistered',
    ]);
    // Past what it has checked, it does not know.
    expect(precheck.verdict(String(Number(events.at(-1)!.position) + 1))).toBeUndefined();
    precheck.stop();
    await store.close();
  });

  it('is not started for a short tail, nor after a position it cannot read as a number', async () => {
    const options: PrecheckOptions = { path: join(folder, 'none.db'), worker: FROM_SOURCE };
    expect(Precheck.start(options, '100', '19000')).toBeNull();
    expect(Precheck.start(options, undefined, null)).toBeNull();
    expect(Precheck.start(options, 'x', '90000')).toBeNull();
  });

  it('a thread that cannot run (no such worker) leaves every check to the board, which folds the same', async () => {
    const path = join(folder, 'events.db');
    const store = await brokenStore(path, 1500);
    const plain = new LiveBoard(store);
    plain.start();
    await plain.ready;
    for (const worker of [FROM_SOURCE, { file: join(folder, 'missing-worker.js') }]) {
      const board = new LiveBoard(store);
      board.precheckFrom = { path, minimum: 0, worker };
      board.start();
      await board.ready;
      expect(board.state).toEqual(plain.state);
      expect(board.quarantine.list()).toEqual(plain.quarantine.list());
      expect(board.quarantine.list()).toHaveLength(3);
      await board.stop();
    }
    await plain.stop();
    await store.close();
  });
});
