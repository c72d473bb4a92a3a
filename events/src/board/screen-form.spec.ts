import { addDays, yearOf } from '../dates';
import {
  envelopes,
  fold,
  given,
  inspection,
  problem,
  assigned,
  escalated,
  resolved,
  closed,
  reopened,
  frame,
  project,
} from './board-test-kit';
import { randomStream } from './random-stream';
import { screenForm } from './screen-form';
import { selectBoardView } from './selectors';
import { type BoardState, initialBoard } from './state';

/** The views a wallboard may show on `today`: the city, a county, a task force; this year's and last year's board. */
const views = (today: string) =>
  [{}, { region: 'lizhou' }, { taskForce: 'food' }, { year: yearOf(today) - 1 }].map((options) => ({
    year: yearOf(today),
    today,
    asOf: `${today}T04:00:00.000Z`,
    ...options,
  }));

function stepCount(state: BoardState): number {
  return Object.values(state.problems).reduce((sum, p) => sum + p.steps.length, 0);
}

describe('screenForm: the board as a live screen needs it from today on', () => {
  it.each([1, 2, 3, 4, 5])('seed %d: events folded into it give the whole board’s views on any day from the day before', (seed) => {
    const list = envelopes(randomStream(seed, 1_200));
    const cut = 700;
    const whole = fold(initialBoard(), list.slice(0, cut));
    // Today as the stream sees it at the cut: the latest business date so far.
    const today = list
      .slice(0, cut)
      .map((e) => (e.data as { on?: string }).on ?? '')
      .reduce((a, b) => (b > a ? b : a), '');
    const screen = screenForm(JSON.parse(JSON.stringify(whole)) as BoardState, today);

    // It is smaller: the history no view reads from today on is gone (else this spec proves nothing).
    expect(stepCount(screen)).toBeLessThan(stepCount(whole));
    expect(Object.keys(whole.inspections.byProject).length).toBeGreaterThan(0);
    expect(screen.inspections).toEqual({ byInspector: {}, byProject: {}, byVisit: {} });

    const later = list.slice(cut);
    const wholeLater = fold(whole, later);
    const screenLater = fold(screen, later);
    for (const day of [addDays(today, -1), today, addDays(today, 45), addDays(today, 400)]) {
      for (const options of views(day)) {
        expect(selectBoardView(screenLater, options)).toEqual(selectBoardView(wholeLater, options));
      }
    }
  });

  it('keeps the step a light reads on the day before today, and every step after it, in the order recorded', () => {
    const state = given(
      ...frame,
      project('p1', { regionId: 'lizhou', taskForceId: 'alu' }),
      inspection('i1', 'p1', '2026-03-01'),
      problem('q1', { projectId: 'p1', raisedOn: '2026-03-01', deadline: '2026-04-01' }),
      assigned('q1', '2026-03-02', '2026-05-01'),
      escalated('q1', '2026-04-10'),
      resolved('q1', '2026-05-20'),
      // Backdated: recorded after the resolution, taken on an earlier day.
      assigned('q1', '2026-04-20', '2026-06-01'),
      closed('q1', '2026-06-03'),
      reopened('q1', '2026-06-05'),
    );
    const steps = (s: BoardState) => s.problems.q1.steps.map((step) => `${step.status}@${step.on}`);

    // Reopened after an escalation: back to the higher level.
    expect(steps(screenForm(state, '2026-06-05'))).toEqual(['closed@2026-06-03', 'escalated@2026-06-05']);
    // The resolution on 20 May was recorded before the backdated assignment: the light of any day from then reads the latter.
    expect(steps(screenForm(state, '2026-05-21'))).toEqual(['assigned@2026-04-20', 'closed@2026-06-03', 'escalated@2026-06-05']);
    expect(steps(screenForm(state, '2026-03-01'))).toEqual(steps(state));
    // The whole state is left as it was.
    expect(state.problems.q1.steps).toHaveLength(7);
    expect(state.inspections.byProject.p1).toBeDefined();
  });
});
