import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialBoard } from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { BoardSnapshots } from './board-snapshots';
import { writeDamagedHistoryStore } from './history-store.fixture';
import { LiveBoard, replayBoard } from './live-board';
import { SnapshotBackfill, firstGap } from './snapshot-backfill';

let folder: string;
let source: string;
const EVENTS = 3_000;
const EVERY = 100;
const PART_KEYS = 7;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'battlemap-backfill-'));
  source = join(folder, 'source.db');
  await writeDamagedHistoryStore(source, EVENTS);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A copy of the store, with no snapshots beside it yet. */
function freshCopy(name: string): string {
  const path = join(folder, `${name}.db`);
  copyFileSync(source, path);
  return path;
}

async function startBoard(path: string, backfillFrom: number) {
  const store = new SqliteEventStore(path);
  const snapshots = new BoardSnapshots(`${path}.snapshots.db`, EVERY, PART_KEYS);
  const live = new LiveBoard(store, 0, snapshots);
  const errors: Error[] = [];
  live.onError = (error) => errors.push(error);
  live.backfillFrom = backfillFrom;
  live.start();
  await live.ready;
  const takenOnTheWay = snapshots.size;
  const stop = async () => {
    await live.stop();
    snapshots.close();
    await store.close();
  };
  return { store, snapshots, live, errors, takenOnTheWay, stop };
}

/** Each snapshot's position, whether it holds the board only, and its board as JSON. */
async function contents(snapshots: BoardSnapshots) {
  const all = [];
  for (const cover of snapshots.covers().reverse()) {
    const body = await snapshots.body(cover.position);
    all.push({ position: cover.position, boardOnly: cover.boardOnly === true, board: JSON.stringify(body.board) });
  }
  return all;
}

describe('SnapshotBackfill', () => {
  it('leaves the same snapshots a catch-up taking them on the way does, live before those far behind the head are taken', async () => {
    const inLine = await startBoard(freshCopy('in-line'), Number.MAX_SAFE_INTEGER);
    await inLine.snapshots.settled();
    expect(await inLine.live.backfilled).toBeNull();
    const expected = await contents(inLine.snapshots);
    await inLine.stop();
    // 3,000 events less the two set aside, one snapshot every 100 folded.
    expect(expected.map((s) => s.position)).toHaveLength(29);
    expect(expected.every((s) => !s.boardOnly)).toBe(true);

    const deferred = await startBoard(freshCopy('deferred'), 1_000);
    try {
      // Live with at most the last two spacings' taken on the way (written while it went live).
      expect(deferred.takenOnTheWay).toBeLessThanOrEqual(2);
      const outcome = await deferred.live.backfilled;
      await deferred.snapshots.settled();
      expect(deferred.errors).toEqual([]);
      const filled = await contents(deferred.snapshots);
      const head = String(deferred.live.position);
      const deferredThrough = BigInt(head) - 2n * BigInt(EVERY);
      // The same positions, the same boards. Those more than two spacings behind the head were taken on
      // the thread and hold the board only; the others on the way, and one at the head once caught up
      // (the next start folds nothing), hold the projections too.
      const behind = filled.slice(0, -1);
      expect(behind.map(({ position, board }) => ({ position, board }))).toEqual(
        expected.map(({ position, board }) => ({ position, board })),
      );
      expect(behind.map((s) => s.boardOnly)).toEqual(behind.map((s) => BigInt(s.position) <= deferredThrough));
      expect(outcome!.written).toBe(behind.filter((s) => s.boardOnly).length);
      expect(outcome!.written).toBeGreaterThan(25);
      expect(filled.at(-1)).toMatchObject({ position: head, boardOnly: false });
      expect(BigInt(head)).toBeGreaterThan(BigInt(expected.at(-1)!.position));

      // Replays start from the filled-in snapshots and answer what the whole log folded answers.
      const at = filled[10].position;
      const [recorded] = await deferred.store.readAll({ after: String(BigInt(at) - 1n), limit: 1 });
      const asOf = { at: recorded.meta.recordedAt };
      expect(await deferred.snapshots.newestCover(deferred.store, asOf)).toMatchObject({ boardOnly: true });
      expect(JSON.stringify(await replayBoard(deferred.store, asOf, deferred.snapshots))).toBe(
        JSON.stringify(await replayBoard(deferred.store, asOf)),
      );
    } finally {
      await deferred.stop();
    }
  });

  it('never resumes the live board from a board-only snapshot, and fills in what a stop left missing', async () => {
    const path = freshCopy('stopped');
    const first = await startBoard(path, 1_000);
    // Shut down as soon as it is live, as the server does (a snapshot at the head, then stop): the
    // backfill never began; only the snapshots of the last two spacings and the head's are there.
    first.live.snapshotNow();
    await first.live.stop();
    await first.snapshots.settled();
    expect(await first.live.backfilled).toBeNull();
    const head = String(first.live.position);
    const kept = first.snapshots.covers();
    expect(kept[0].position).toBe(head);
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(kept.every((c) => !c.boardOnly && BigInt(c.position) > BigInt(head) - 2n * BigInt(EVERY))).toBe(true);
    first.snapshots.close();
    await first.store.close();

    const again = await startBoard(path, 1_000);
    try {
      expect(again.live.startReport).toMatchObject({ snapshotPosition: head, folded: 0 });
      expect(await again.live.backfilled).toMatchObject({ written: 30 - kept.length });
      expect(again.snapshots.size).toBe(30);
      expect(again.errors).toEqual([]);
    } finally {
      await again.stop();
    }
    // With every snapshot there, a start takes none and fills none in.
    const third = await startBoard(path, 1_000);
    try {
      expect(third.live.startReport).toMatchObject({ snapshotPosition: head, folded: 0 });
      expect(await third.live.backfilled).toBeNull();
    } finally {
      await third.stop();
    }
    // Those with the projections gone, the newest left holds the board only: the live board folds the
    // whole log rather than start without its projections.
    const file = new Database(`${path}.snapshots.db`);
    file.exec('DELETE FROM snapshots WHERE position NOT IN (SELECT position FROM board_only)');
    file.close();
    const left = new BoardSnapshots(`${path}.snapshots.db`, EVERY, PART_KEYS);
    expect(left.covers()[0]).toMatchObject({ boardOnly: true });
    left.close();
    const fourth = await startBoard(path, Number.MAX_SAFE_INTEGER);
    try {
      expect(fourth.live.startReport).toMatchObject({ snapshotPosition: null, folded: EVENTS - 2 });
    } finally {
      await fourth.stop();
    }
  });

  it('never lets a snapshot of the board alone take the place of one already there', async () => {
    const snapshots = new BoardSnapshots(join(folder, 'race.snapshots.db'), EVERY, PART_KEYS);
    try {
      const cover = { position: '500', eventId: 'e500', eventHash: null, maxRecordedAt: 1, maxBusinessDay: '2025-09-30' };
      const whole = { board: { ...initialBoard(), position: '500' }, projections: { accounts: { n: 1 } } };
      snapshots.save(cover, whole);
      await snapshots.settled();
      // The thread's, at the same position, written after: the one with the projections stays.
      snapshots.save(cover, { board: { ...initialBoard(), position: '499' }, projections: {} }, undefined, { boardOnly: true });
      snapshots.save({ ...cover, position: '600', eventId: 'e600' }, { board: initialBoard(), projections: {} }, undefined, {
        boardOnly: true,
      });
      await snapshots.settled();
      expect(snapshots.covers().map((c) => [c.position, c.boardOnly === true])).toEqual([
        ['600', true],
        ['500', false],
      ]);
      expect(await snapshots.body('500')).toEqual(whole);
    } finally {
      snapshots.close();
    }
  });

  it('finds the first gap wider than twice the spacing and the minimum', () => {
    expect(firstGap([], '50000', 5_000)).toEqual({ from: null, until: '50000' });
    expect(firstGap(['5000', '10000'], '50000', 5_000)).toEqual({ from: '10000', until: '50000' });
    expect(firstGap(['5000', '10000', '40000', '45000'], '50000', 5_000)).toEqual({ from: '10000', until: '40000' });
    expect(firstGap(['5000', '10000', '15000'], '20000', 5_000)).toBeUndefined();
    // Narrower than the minimum: not worth a thread.
    expect(firstGap(['5000'], '19000', 5_000)).toBeUndefined();
    expect(firstGap(['100'], '1101', 100, 1_000)).toEqual({ from: '100', until: '1101' });
    expect(SnapshotBackfill.available()).toBe(true);
  });
});
