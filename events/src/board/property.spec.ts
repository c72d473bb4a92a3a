import type { EventEnvelope } from '../envelope';
import { envelopes, fold, snapshot } from './board-test-kit';
import { evolveBoard } from './evolve';
import { mulberry32 as prng } from '../random';
import { randomStream } from './random-stream';
import { type BoardViewOptions, selectBoardView } from './selectors';
import { type BoardState, initialBoard } from './state';

/** Envelopes at positions that start near 2^53 and grow by random gaps, as a real store's may. */
function deliveries(seed: number, count: number): EventEnvelope[] {
  const random = prng(seed ^ 0x5eed);
  let position = 9_007_199_254_740_000n;
  return envelopes(randomStream(seed, count)).map((e) => {
    position += 1n + BigInt(Math.floor(random() * 1_000));
    return { ...e, position: String(position) };
  });
}

/**
 * The same stream as a screen may get it: random chunks, a snapshot (structuredClone or JSON, as
 * socket.io sends it) between some of them, and at-least-once redelivery of events already applied.
 */
function foldInChunks(list: EventEnvelope[], seed: number): BoardState {
  const random = prng(seed);
  let state = initialBoard();
  let at = 0;
  while (at < list.length) {
    const size = 1 + Math.floor(random() * 40);
    const replayFrom = random() < 0.3 ? Math.max(0, at - Math.floor(random() * 10)) : at;
    state = fold(state, list.slice(replayFrom, at + size));
    at += size;
    const roll = random();
    if (roll < 0.3) state = snapshot(state);
    else if (roll < 0.5) state = JSON.parse(JSON.stringify(state)) as BoardState;
  }
  return state;
}

const VIEWS: Omit<BoardViewOptions, 'asOf'>[] = [
  { year: 2026, today: '2026-08-15' },
  { year: 2025, today: '2026-08-15' },
  { year: 2026, today: '2027-03-02', region: 'lizhou' },
  { year: 2026, today: '2026-12-31', taskForce: 'food' },
];

describe('property: the fold does not care how the events arrive', () => {
  it.each([1, 2, 3, 4, 5])('seed %d: one by one, in chunks with snapshots and redeliveries, the same state and views', (seed) => {
    const list = deliveries(seed, 400);
    const oneByOne = list.reduce((state, e) => evolveBoard(state, e), initialBoard());
    const chunked = foldInChunks(list, seed * 7919);

    expect(chunked).toEqual(oneByOne);
    expect(JSON.parse(JSON.stringify(oneByOne))).toStrictEqual(oneByOne);
    for (const options of VIEWS) {
      const asOf = '2026-08-15T00:00:00.000Z';
      expect(selectBoardView(chunked, { ...options, asOf })).toEqual(selectBoardView(oneByOne, { ...options, asOf }));
    }
  });

  it('keeps the view consistent with itself', () => {
    const state = fold(initialBoard(), deliveries(42, 600));
    const view = selectBoardView(state, { year: 2026, today: '2026-08-15', asOf: 'now' });
    const live = Object.values(state.projects).filter((p) => !p.terminated).length;
    const { stalled, ...stages } = view.stages;

    expect(Object.values(stages).reduce((a, b) => a + b, 0)).toBe(live);
    expect(view.projects).toHaveLength(live);
    expect(stalled).toBeLessThanOrEqual(live);
    expect(view.problems.closureRate).toBeGreaterThanOrEqual(0);
    expect(view.problems.closureRate).toBeLessThanOrEqual(1);
    expect(view.taskForces.map((t) => t.rank)).toEqual([...view.taskForces.map((t) => t.rank)].sort((a, b) => a - b));
  });
});

describe('a long history', () => {
  // How fast: `npm run bench:fold` (timings are measured in benchmarks, never asserted in tests).
  it('folds 100,000 events into its 400 projects and selects a view that counts every one', () => {
    const state = fold(initialBoard(), deliveries(7, 100_000));
    expect(Object.keys(state.projects).length).toBe(400);
    const view = selectBoardView(state, { year: 2026, today: '2026-08-15', asOf: 'now' });
    expect(view.projects).toHaveLength(Object.values(state.projects).filter((p) => !p.terminated).length);
  });
});
