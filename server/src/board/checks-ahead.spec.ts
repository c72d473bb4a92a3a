import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unfoldableReason } from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { ChecksAhead } from './checks-ahead';
import { writeDamagedHistoryStore } from './history-store.fixture';
import { LiveBoard } from './live-board';

let folder: string;
beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'battlemap-checks-ahead-'))));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const EVENTS = 3_000;
/** A ProgressReported row made to fail its schema, and a row whose data is not JSON at all. */
let wrongShape: string;
let notJson: string;
let path: string;

beforeAll(async () => {
  path = join(folder, 'events.db');
  ({ wrongShape, notJson } = await writeDamagedHistoryStore(path, EVENTS));
});

describe('ChecksAhead', () => {
  it('gives, for every position, the verdict unfoldableReason gives in line', async () => {
    const ahead = ChecksAhead.start(path, undefined, String(EVENTS), 1)!;
    expect(ahead).not.toBeNull();
    try {
      for (let waited = 0; ahead.verdict(String(EVENTS)) === undefined; waited += 20) {
        if (waited > 30_000) throw new Error('the thread did not reach the head in 30 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const store = new SqliteEventStore(path);
      const events = await store.readAll();
      await store.close();
      expect(events).toHaveLength(EVENTS);
      let bad = 0;
      for (const event of events) {
        if (event.unreadable) continue; // the reader marks it itself; the thread leaves it alone
        const inLine = unfoldableReason(event);
        expect({ position: event.position, verdict: ahead.verdict(event.position) }).toEqual({ position: event.position, verdict: inLine });
        if (inLine !== null) bad++;
      }
      expect(bad).toBe(1);
      expect(events.find((e) => e.position === notJson)?.unreadable).toMatch(/not valid JSON/);
      // Past the head it has not looked: the board checks those itself.
      expect(ahead.verdict(String(EVENTS + 1))).toBeUndefined();
    } finally {
      await ahead.stop();
    }
  });

  it('is not started for a short catch-up, nor past the head', () => {
    expect(ChecksAhead.start(path, '2990', String(EVENTS), 20)).toBeNull();
    expect(ChecksAhead.start(path, undefined, null, 1)).toBeNull();
  });

  it('leaves a live board exactly as checking in line does: the same state, the same events set aside', async () => {
    const start = async (from: number) => {
      // The board's reads begin a while after its start, so the thread (which takes a moment to load
      // its modules) is ahead of it here, as it is on a long log; on a log this short it would not be.
      const store = new SqliteEventStore(path);
      const subscribe = store.subscribeAll.bind(store);
      store.subscribeAll = (options, handler) => {
        let subscription: ReturnType<typeof subscribe> | undefined;
        const later = new Promise<void>((resolve) =>
          setTimeout(() => {
            subscription = subscribe(options, handler);
            resolve();
          }, 2_000),
        );
        return { close: async () => (await later, subscription!.close()) };
      };
      const live = new LiveBoard(store);
      live.checkAheadFrom = from;
      live.start();
      await live.ready;
      const result = { state: JSON.stringify(live.state), setAside: live.quarantine.list(), report: live.startReport! };
      await live.stop();
      await store.close();
      return result;
    };
    const ahead = await start(1);
    const inLine = await start(Number.POSITIVE_INFINITY);
    expect(ahead.report.checkedAhead).toBeGreaterThan(0);
    expect(inLine.report.checkedAhead).toBe(0);
    expect(ahead.setAside.map((e) => e.position).sort()).toEqual([notJson, wrongShape].sort());
    expect(ahead.setAside).toEqual(inLine.setAside);
    expect(ahead.state).toEqual(inLine.state);
  });

  it('a store that cannot say its head at start is caught up all the same, every check in line', async () => {
    const store = new SqliteEventStore(path);
    store.headPosition = () => Promise.reject(new Error('the head is not known'));
    const live = new LiveBoard(store);
    live.checkAheadFrom = 1;
    const errors: string[] = [];
    live.onError = (error) => errors.push(error.message);
    live.start();
    await live.ready;
    expect(live.startReport).toMatchObject({ folded: EVENTS - 2, checkedAhead: 0 });
    expect(
      live.quarantine
        .list()
        .map((e) => e.position)
        .sort(),
    ).toEqual([notJson, wrongShape].sort());
    expect(errors).toEqual(["catching up without the store's head (every check in line): the head is not known"]);
    await live.stop();
    await store.close();
  });
});
