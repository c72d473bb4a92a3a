import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoardState, type DomainEvent, type EventEnvelope, RECENT_LIMIT, evolveBoard, initialBoard, isNews } from '@battlemap/events';
import { buildHistory, historyDecider } from '@battlemap/seeds';
import { type RecordedEvent } from '../store/event-store.port';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { writeDamagedHistoryStore } from './history-store.fixture';
import { LiveBoard, type Projection } from './live-board';

let folder: string;
let path: string;
const EVENTS = 3_000;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'battlemap-feed-lines-'));
  path = join(folder, 'events.db');
  await writeDamagedHistoryStore(path, EVENTS);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Looks at the board before each event after `after`, as the audit trail does at a month's end. */
class Look implements Projection {
  readonly seen: string[] = [];
  constructor(private readonly after: string | null) {}
  readsBoardAfter(): string | null {
    return this.after;
  }
  beforeApply(event: RecordedEvent, board: BoardState): void {
    if (this.after === null || BigInt(event.position) > BigInt(this.after))
      this.seen.push(`${event.position} ${JSON.stringify(board.recent)}`);
  }
  apply(): void {}
}

async function caughtUp(quietFrom: number, look?: Look) {
  const store = new SqliteEventStore(path);
  const live = new LiveBoard(store, 0);
  live.backfillFrom = quietFrom;
  live.checkAheadFrom = Number.MAX_SAFE_INTEGER;
  if (look) live.alsoApply(look);
  live.start();
  await live.ready;
  await live.stop();
  await store.close();
  return { state: JSON.stringify(live.state), report: live.startReport! };
}

describe('the feed lines a long catch-up leaves out', () => {
  it('isNews says which events narrate gives a line, on the whole demo history', () => {
    const decided: { stream: string; event: DomainEvent }[] = [];
    const decide = historyDecider('2025-09-30', (stream, event) => decided.push({ stream, event }));
    for (const command of buildHistory('2025-09-30')) decide(command);
    let state = initialBoard();
    const types = new Set<string>();
    const disagreeing: string[] = [];
    for (const [i, { stream, event }] of decided.entries()) {
      const before = state.recent.at(-1);
      const envelope = { position: String(i + 1), stream, type: event.type, data: event.data, meta: { recordedAt: 0 } } as EventEnvelope;
      state = evolveBoard(state, envelope);
      const narrated = state.recent.at(-1) !== before;
      if (narrated !== isNews(event)) disagreeing.push(`${event.type} ${JSON.stringify(event.data).slice(0, 80)}`);
      types.add(event.type);
    }
    expect(disagreeing).toEqual([]);
    expect(types.size).toBeGreaterThan(15);
    // A type this build does not know is folded without a line.
    expect(isNews({ type: 'SomethingNewer', data: {} })).toBe(false);
  });

  it('ends with the very board, feed included, that narrating every event gives', async () => {
    const every = await caughtUp(Number.MAX_SAFE_INTEGER);
    expect(every.report.withoutFeedLine).toBe(0);
    const quiet = await caughtUp(1_000);
    // Nearly all of it: up to the RECENT_LIMIT-th event that is news before the head.
    expect(quiet.report.withoutFeedLine).toBeGreaterThan(EVENTS - 4 * RECENT_LIMIT);
    expect(JSON.parse(quiet.state).recent).toHaveLength(RECENT_LIMIT);
    expect(quiet.state).toBe(every.state);
  });

  it('narrates before a projection that reads the board, and not at all for one that may read it anywhere', async () => {
    const reference = new Look('2000');
    await caughtUp(Number.MAX_SAFE_INTEGER, reference);
    const look = new Look('2000');
    const quiet = await caughtUp(1_000, look);
    expect(quiet.report.withoutFeedLine).toBeGreaterThan(1_500);
    expect(quiet.report.withoutFeedLine).toBeLessThan(2_000);
    expect(look.seen.length).toBeGreaterThan(EVENTS - 2_000 - 3);
    expect(look.seen).toEqual(reference.seen);

    const anywhere = await caughtUp(1_000, new Look(null));
    expect(anywhere.report.withoutFeedLine).toBe(0);
  });
});
