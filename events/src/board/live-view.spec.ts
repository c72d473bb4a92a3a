import type { DomainEvent } from '../catalogue/events';
import type { EventEnvelope } from '../envelope';
import { mulberry32 as prng } from '../random';
import { envelopes, snapshot } from './board-test-kit';
import { LiveBoardView } from './live-view';
import { randomStream } from './random-stream';
import { type BoardViewOptions, selectBoardView } from './selectors';
import { type BoardState, initialBoard } from './state';

const DAYS = ['2026-03-31', '2026-04-01', '2026-08-15', '2026-12-31', '2027-01-02'];
const SCOPES: Pick<BoardViewOptions, 'region' | 'taskForce'>[] = [
  {},
  { region: 'guangyuan' },
  { region: 'lizhou' },
  { region: 'cangxi' },
  { taskForce: 'food' },
  { region: 'lizhou', taskForce: 'alu' },
];

/**
 * The random stream, with now and then an earlier registration or problem raised again at a later
 * position (a replaced project object, a problem moved to another project): the fold allows both.
 */
function stream(seed: number, count: number): EventEnvelope[] {
  const random = prng(seed ^ 0xbeef);
  const events: DomainEvent[] = [];
  for (const e of randomStream(seed, count, 120)) {
    events.push(e);
    if (random() < 0.02) {
      const earlier = events.filter((x) => x.type === 'ProjectRegistered' || x.type === 'ProblemRaised');
      const again = earlier[Math.floor(random() * earlier.length)];
      if (again?.type === 'ProjectRegistered')
        events.push({ ...again, data: { ...again.data, totalInvestment: 1 + Math.floor(random() * 9_000) } });
      if (again?.type === 'ProblemRaised') {
        const projects = earlier.filter((x) => x.type === 'ProjectRegistered');
        const to = projects[Math.floor(random() * projects.length)] as Extract<DomainEvent, { type: 'ProjectRegistered' }>;
        events.push({ ...again, data: { ...again.data, projectId: to.data.projectId, deadline: '2026-01-05' } });
      }
    }
  }
  return envelopes(events);
}

function options(random: () => number): BoardViewOptions {
  const today = DAYS[Math.floor(random() * DAYS.length)];
  const year = random() < 0.8 ? Number(today.slice(0, 4)) : 2025;
  return { year, today, asOf: `${today}T08:00:00.000Z`, ...SCOPES[Math.floor(random() * SCOPES.length)] };
}

describe('LiveBoardView', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'seed %d: after every random batch (redeliveries, snapshots, other days, years and scopes) it equals selectBoardView',
    (seed) => {
      const random = prng(seed);
      const list = stream(seed, 1_500);
      const live = new LiveBoardView();
      let state: BoardState = initialBoard();
      let at = 0;
      let selects = 0;
      let sameDay = options(random);
      while (at < list.length) {
        const size = 1 + Math.floor(random() * (random() < 0.1 ? 200 : 12));
        const from = random() < 0.2 ? Math.max(0, at - Math.floor(random() * 5)) : at;
        for (const envelope of list.slice(from, at + size)) state = live.fold(state, envelope);
        at += size;
        if (random() < 0.05) state = snapshot(state);
        // Mostly the same day and scope, as a screen's recomputes are; now and then another.
        if (random() < 0.15) sameDay = options(random);
        const view = live.select(state, sameDay);
        expect(view).toStrictEqual(selectBoardView(state, sameDay));
        selects++;
      }
      expect(selects).toBeGreaterThan(50);
    },
  );

  it('rebuilds only the rows of the projects a batch touched', () => {
    const list = stream(11, 800);
    const live = new LiveBoardView();
    let state: BoardState = initialBoard();
    for (const envelope of list) state = live.fold(state, envelope);
    const day = { year: 2026, today: '2026-08-15', asOf: 'now' };
    const first = live.select(state, day);
    expect(live.recomputed).toHaveLength(first.projects.length);

    const target = first.projects[0];
    const position = String(BigInt(state.position!) + 1n);
    const report = envelopes([
      { type: 'ProgressReported', data: { projectId: target.id, month: '2027-12', investment: 123, progress: 42 } },
    ])[0];
    state = live.fold(state, { ...report, position });
    const second = live.select(state, day);

    expect(live.recomputed.map((r) => r.id)).toEqual([target.id]);
    expect(second.projects.find((r) => r.id === target.id)?.progress).toBe(42);
    // Untouched rows are the very same objects: a keyed list or a map can tell what changed.
    const untouched = second.projects.filter((r) => r.id !== target.id);
    expect(untouched.every((row) => first.projects.includes(row))).toBe(true);
    expect(second).toStrictEqual(selectBoardView(state, day));
  });
});
