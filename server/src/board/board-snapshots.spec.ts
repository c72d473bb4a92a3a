import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { type DomainEvent, type EventEnvelope, businessDay, evolveBoard, initialBoard, mulberry32, upcastEvent } from '@battlemap/events';
import { buildHistory, historyDecider } from '@battlemap/seeds';
import { AccountProjection } from '../auth/account-projection';
import { IdempotencyIndex } from '../commands/idempotency-index';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { BoardSnapshots, SNAPSHOT_VERSION } from './board-snapshots';
import { LiveBoard, replayBoard } from './live-board';

const DAY = 86_400_000;
const START = Date.UTC(2024, 11, 1);

let folder: string;
beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'battlemap-snapshots-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** The Guangyuan demo's history, decided once: its first commands make each test's log. */
const HISTORY = buildHistory('2025-09-30');

/**
 * The first `count` events of the demo history (random seed: where it starts), recorded into a SQLite
 * file up to 40 days after they happened, most with their business date, some without, so that
 * recorded and business order disagree as they do when a county catches up on its paperwork.
 */
async function recordedStream(path: string, seed: number, count: number) {
  const random = mulberry32(seed);
  let now = START;
  const store = new SqliteEventStore(path, () => now);
  const decided: { stream: string; event: DomainEvent; on: string }[] = [];
  const decide = historyDecider('2025-09-30', (stream, event, command) => decided.push({ stream, event, on: command.on }));
  for (const command of HISTORY) {
    if (decided.length >= count) break;
    decide(command);
  }
  for (const [i, { stream, event, on }] of decided.slice(0, count).entries()) {
    now = Math.max(now + 1, Date.parse(`${on}T09:00:00+08:00`) + Math.floor(random() * 40 * DAY));
    const meta = {
      actor: { id: 'u', name: '张伟', role: 'supervisor' },
      correlationId: `c${i}`,
      schema: 1,
      ...(random() < 0.8 && { occurredOn: on }),
      ...(random() < 0.1 && { idempotencyKey: `k${i}` }),
    };
    await store.append(stream, [{ id: crypto.randomUUID(), type: event.type, data: event.data, meta }], 'any');
  }
  const recorded = (await store.readAll()).map((e) => upcastEvent(e) as unknown as EventEnvelope);
  return { store, recorded, end: now };
}

const foldOf = (events: EventEnvelope[]) => events.reduce(evolveBoard, initialBoard());

/** Which events count on business day `on` (as in replay-board.spec.ts): standing data always, reports from their month. */
const STANDING = ['RegionDefined', 'TaskForceFormed', 'TaskForceAmended', 'IndicatorTargetSet', 'LightRulesAdopted'];
const countsOn = (e: EventEnvelope, on: string): boolean => {
  if (STANDING.includes(e.type)) return true;
  if (e.type === 'ProgressReported' || e.type === 'IndicatorReported') return `${(e.data as { month: string }).month}-01` <= on;
  return businessDay(e) <= on;
};

async function liveBoard(store: SqliteEventStore, snapshots: BoardSnapshots | null) {
  const live = new LiveBoard(store, 0, snapshots);
  const idempotency = new IdempotencyIndex();
  live.alsoApply(idempotency);
  live.start();
  await live.ready;
  await live.stop();
  return { live, idempotency };
}

describe('board snapshots', () => {
  it('a board folded from the nearest snapshot plus the tail equals the full fold, at random T, on random D, and both (property)', async () => {
    const { store, recorded, end } = await recordedStream(join(folder, 'events.db'), 20261202, 1500);
    const snapshots = new BoardSnapshots(join(folder, 'events.db.snapshots.db'), 97, 7);
    await liveBoard(store, snapshots);
    expect(snapshots.size).toBe(Math.floor(1500 / 97));

    const random = mulberry32(11);
    let fromSnapshot = 0;
    for (let i = 0; i < 12; i++) {
      const at = START + Math.floor(random() * (end - START + DAY));
      const on = new Date(START + Math.floor(random() * (end - START + DAY))).toISOString().slice(0, 10);
      if (await snapshots.newest(store, { at })) fromSnapshot += 1;
      expect(await replayBoard(store, { at }, snapshots)).toEqual(foldOf(recorded.filter((e) => e.meta.recordedAt <= at)));
      expect(await replayBoard(store, { on }, snapshots)).toEqual(foldOf(recorded.filter((e) => countsOn(e, on))));
      expect(await replayBoard(store, { at, on }, snapshots)).toEqual(
        foldOf(recorded.filter((e) => e.meta.recordedAt <= at && countsOn(e, on))),
      );
    }
    // Most moments really started from a snapshot, or the property would say little about them.
    expect(fromSnapshot).toBeGreaterThan(6);
    snapshots.close();
    await store.close();
  });

  it('a live board restarted from its newest snapshot folds only the tail and ends where a full fold does, projections too', async () => {
    const { store, recorded } = await recordedStream(join(folder, 'events.db'), 7, 800);
    const snapshots = new BoardSnapshots(join(folder, 'events.db.snapshots.db'), 150, 7);
    const first = await liveBoard(store, snapshots);
    expect(first.live.startReport).toMatchObject({ snapshotPosition: null, folded: 800 });

    const again = await liveBoard(store, snapshots);
    expect(again.live.startReport).toMatchObject({ snapshotPosition: '750', folded: 50 });
    expect(again.live.state).toEqual(foldOf(recorded));
    expect(again.idempotency.save()).toEqual(first.idempotency.save());
    // The ring for resuming screens reaches back before the snapshot.
    expect(again.live.eventsAfter('700')?.map((e) => e.position)).toEqual(recorded.slice(700).map((e) => e.position));
    snapshots.close();
    await store.close();
  });

  it('the ring after a catch-up longer than it: every position answers exactly the events after it, or null before its floor', async () => {
    const { store, recorded } = await recordedStream(join(folder, 'events.db'), 5, 900);
    const positions = recorded.map((e) => e.position);
    const check = (live: LiveBoard) => {
      let answered = 0;
      for (let p = 0; p <= 900; p++) {
        const after = live.eventsAfter(String(p));
        if (after === null) continue;
        answered += 1;
        expect({ p, after: after.map((e) => e.position) }).toEqual({ p, after: positions.slice(p) });
      }
      // It reaches back the ring's size (120) at least: a screen that missed that many gets them.
      expect(answered).toBeGreaterThanOrEqual(121);
      expect(live.eventsAfter('0')).toBeNull();
    };
    const start = async (snapshots: BoardSnapshots | null) => {
      const live = new LiveBoard(store, 0, snapshots);
      live.ringSize = 120;
      live.start();
      await live.ready;
      await live.stop();
      return live;
    };
    // From the whole log.
    check(await start(null));
    // From a snapshot at 300, 600 events behind the head: the ring filled back from 300 must not be kept
    // with a hole after it.
    const snapshots = new BoardSnapshots(join(folder, 'events.db.snapshots.db'), 300, 7);
    const taking = await start(snapshots);
    expect(snapshots.covers().map((c) => c.position)).toEqual(['900', '600', '300']);
    check(taking);
    snapshots.close();
    const raw = new Database(join(folder, 'events.db.snapshots.db'));
    raw.prepare('DELETE FROM snapshots WHERE position > 300').run();
    raw.close();
    const fromOld = new BoardSnapshots(join(folder, 'events.db.snapshots.db'), 100_000, 7);
    const resumed = await start(fromOld);
    expect(resumed.startReport).toMatchObject({ snapshotPosition: '300', folded: 600 });
    check(resumed);
    fromOld.close();
    await store.close();
  });

  it('a snapshot whose covered events changed in the store is discarded, with every later one, and taken again', async () => {
    const path = join(folder, 'events.db');
    const { store, recorded } = await recordedStream(path, 3, 600);
    const snapshots = new BoardSnapshots(`${path}.snapshots.db`, 100);
    await liveBoard(store, snapshots);
    expect(snapshots.covers().map((c) => c.position)).toEqual(['600', '500', '400', '300', '200', '100']);

    // Someone rewrites the event at position 400 (a new id, as a re-append would give it): the snapshot
    // there no longer covers the store, and the later ones were folded over the old event.
    const raw = new Database(path);
    raw.prepare("UPDATE events SET id = 'rewritten' WHERE position = 400").run();
    raw.close();

    const restarted = await liveBoard(store, snapshots);
    expect(restarted.live.startReport).toMatchObject({ snapshotPosition: '300', folded: 300 });
    expect(restarted.live.state).toEqual(foldOf(recorded));
    // 400 and after were dropped, and the restart took 400, 500 and 600 again from its own fold.
    expect(snapshots.covers().map((c) => [c.position, c.eventId === 'rewritten'])).toEqual([
      ['600', false],
      ['500', false],
      ['400', true],
      ['300', false],
      ['200', false],
      ['100', false],
    ]);
    snapshots.close();
    await store.close();
  });

  it('snapshots past the end of a truncated store are dropped', async () => {
    const path = join(folder, 'events.db');
    const { store, recorded } = await recordedStream(path, 9, 500);
    const snapshots = new BoardSnapshots(`${path}.snapshots.db`, 100);
    await liveBoard(store, snapshots);
    const raw = new Database(path);
    raw.prepare('DELETE FROM events WHERE position > 350').run();
    raw.close();
    const restarted = await liveBoard(store, snapshots);
    expect(restarted.live.startReport).toMatchObject({ snapshotPosition: '300', folded: 50 });
    expect(restarted.live.state).toEqual(foldOf(recorded.slice(0, 350)));
    expect(snapshots.covers().map((c) => c.position)).toEqual(['300', '200', '100']);
    snapshots.close();
    await store.close();
  });

  it('a snapshot without the state of a projection this process folds is not a start: the whole log is folded', async () => {
    const path = join(folder, 'events.db');
    const { store, recorded } = await recordedStream(path, 13, 300);
    const snapshots = new BoardSnapshots(`${path}.snapshots.db`, 100);
    await liveBoard(store, snapshots);
    const live = new LiveBoard(store, 0, snapshots);
    live.alsoApply(new IdempotencyIndex());
    live.alsoApply(new AccountProjection());
    live.start();
    await live.ready;
    await live.stop();
    expect(live.startReport).toMatchObject({ snapshotPosition: null, folded: 300 });
    expect(live.state).toEqual(foldOf(recorded));
    snapshots.close();
    await store.close();
  });

  it('a snapshot file of another version is emptied, not used', async () => {
    const path = join(folder, 'events.db');
    const { store } = await recordedStream(path, 5, 300);
    const snapshots = new BoardSnapshots(`${path}.snapshots.db`, 100);
    await liveBoard(store, snapshots);
    snapshots.close();
    const raw = new Database(`${path}.snapshots.db`);
    raw.prepare("UPDATE meta SET value = '0' WHERE key = 'version'").run();
    raw.close();
    const reopened = new BoardSnapshots(`${path}.snapshots.db`, 100);
    expect(reopened.size).toBe(0);
    reopened.close();
    await store.close();
  });

  it('a body of millions of characters, CJK and U+2028 across the escaping slices, is written and read back exactly', async () => {
    const snapshots = new BoardSnapshots(':memory:', 100);
    const line = (i: number) => `${i} 项目用地指标尚未落实\u2028影响开工 🚧`;
    const problems = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`q${i}`, { id: `q${i}`, description: line(i) }]));
    const board = { ...initialBoard(), position: '7', problems, recent: Array.from({ length: 120_000 }, (_, i) => line(i)) };
    const body = { board, projections: { accounts: { u: { name: '张伟' } } } };
    expect(JSON.stringify(body.board.recent).length).toBeGreaterThan(3 * 2 ** 20);
    const cover = { position: '7', eventId: 'e7', eventHash: null, maxRecordedAt: 1, maxBusinessDay: '2025-01-01' };
    snapshots.save(cover, body as unknown as Parameters<BoardSnapshots['save']>[1]);
    await snapshots.settled();
    expect(snapshots.size).toBe(1);
    expect(JSON.stringify(await snapshots.body('7'))).toBe(JSON.stringify(body));
    snapshots.close();
  });

  it('a snapshot whose body cannot be decoded is a cache miss: a replay folds the log instead, and equals the fold', async () => {
    const path = join(folder, 'events.db');
    const { store, recorded, end } = await recordedStream(path, 13, 350);
    const snapshots = new BoardSnapshots(`${path}.snapshots.db`, 100, 7);
    await liveBoard(store, snapshots);
    expect(snapshots.size).toBe(3);
    const raw = new Database(`${path}.snapshots.db`);
    // One part's bytes garbled (the frame still holds), the other snapshot's frame cut short.
    const body = raw.prepare('SELECT body FROM snapshots WHERE position = 300').pluck(true).get() as Buffer;
    body.fill(7, body.length - 40);
    raw.prepare('UPDATE snapshots SET body = ? WHERE position = 300').run(body);
    raw.prepare('UPDATE snapshots SET body = substr(body, 1, 100) WHERE position = 200').run();
    raw.close();
    await expect(snapshots.body('300')).rejects.toThrow();
    await expect(snapshots.body('200')).rejects.toThrow('truncated');
    expect(await snapshots.newestCover(store, { at: end })).toMatchObject({ position: '300' });
    expect(await replayBoard(store, { at: end }, snapshots)).toEqual(foldOf(recorded));
    const at = recorded[250].meta.recordedAt;
    expect(await snapshots.newestCover(store, { at })).toMatchObject({ position: '200' });
    expect(await replayBoard(store, { at }, snapshots)).toEqual(foldOf(recorded.slice(0, 251)));
    snapshots.close();
    await store.close();
  });

  it('a snapshot of version 3 (one deflated JSON body) is ignored and taken again in the current format', async () => {
    const path = join(folder, 'events.db');
    const { store, recorded, end } = await recordedStream(path, 9, 450);
    // The file as the previous version wrote it: a valid cover of position 400, its body one deflated JSON text.
    const event = recorded[399];
    const raw = new Database(`${path}.snapshots.db`);
    raw.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE snapshots (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, event_hash TEXT,
        max_recorded_at INTEGER NOT NULL, max_business_day TEXT NOT NULL, body BLOB NOT NULL);
      INSERT INTO meta VALUES ('version', '3');`);
    const body = { board: foldOf(recorded.slice(0, 400)), projections: {} };
    raw
      .prepare('INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?)')
      .run(400, event.id, null, event.meta.recordedAt, '9999-12-31', deflateSync(JSON.stringify(body)));
    raw.close();

    const snapshots = new BoardSnapshots(`${path}.snapshots.db`, 100, 7);
    expect(snapshots.size).toBe(0);
    const { live } = await liveBoard(store, snapshots);
    expect(live.startReport).toMatchObject({ snapshotPosition: null, folded: 450 });
    expect(snapshots.covers().map((cover) => cover.position)).toEqual(['400', '300', '200', '100']);
    expect(await snapshots.newestCover(store, { at: end })).toMatchObject({ position: '400' });
    const replayed = await replayBoard(store, { at: end }, snapshots);
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(foldOf(recorded)));
    const version = new Database(`${path}.snapshots.db`, { readonly: true });
    expect(version.prepare("SELECT value FROM meta WHERE key = 'version'").pluck(true).get()).toBe(String(SNAPSHOT_VERSION));
    version.close();
    snapshots.close();
    await store.close();
  });
});
