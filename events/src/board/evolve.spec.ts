import {
  advance,
  assigned,
  closed,
  envelopes,
  escalated,
  fold,
  frame,
  given,
  inspection,
  problem,
  progress,
  project,
  reopened,
  revitalized,
  snapshot,
  stalled,
} from './board-test-kit';
import { comparePositions } from '../positions';
import { evolveBoard } from './evolve';
import { RECENT_LIMIT, initialBoard } from './state';

describe('evolveBoard', () => {
  it('registers a project with its registered stage as the first dated stage', () => {
    const state = given(...frame, project('p1', { stage: 'signed', stageOn: '2026-02-03', plannedStart: '2026-05' }));

    expect(state.projects.p1).toMatchObject({
      stage: 'signed',
      stageOn: '2026-02-03',
      stages: [{ stage: 'signed', on: '2026-02-03' }],
      plannedStart: '2026-05',
      stalled: null,
      terminated: null,
    });
  });

  it('records each stage of a skipped-stage jump with its date', () => {
    const state = given(
      ...frame,
      project('p1', { stage: 'negotiating', stageOn: '2026-01-05' }),
      advance('p1', 'negotiating', 'signed', '2026-03-01', { skipped: true }),
      advance('p1', 'signed', 'started', '2026-03-01'),
    );

    expect(state.projects.p1.stage).toBe('started');
    expect(state.projects.p1.stages.map((s) => s.stage)).toEqual(['negotiating', 'signed', 'started']);
  });

  it('keeps monthly reports by month, a second report correcting the first', () => {
    const state = given(...frame, project('p1'), progress('p1', '2026-03', 500, 20), progress('p1', '2026-03', 800, 25, '主体封顶'));

    expect(state.projects.p1.reports).toEqual({ '2026-03': { investment: 800, progress: 25, milestone: '主体封顶' } });
  });

  it('tracks stalled spells and revitalizations', () => {
    const state = given(
      ...frame,
      project('p1'),
      stalled('p1', '2026-03-01'),
      revitalized('p1', '2026-06-01'),
      stalled('p1', '2026-08-01', '用地受阻'),
    );

    expect(state.projects.p1.stalled).toEqual({ reason: '用地受阻', on: '2026-08-01' });
    expect(state.projects.p1.stalls).toEqual([
      { reason: '资金链断裂', on: '2026-03-01', endedOn: '2026-06-01' },
      { reason: '用地受阻', on: '2026-08-01', endedOn: null },
    ]);
    expect(state.projects.p1.revitalizations).toEqual([{ on: '2026-06-01', how: '引入战投' }]);
  });

  it('copies region and task force onto a problem from its project, and walks the closed loop', () => {
    const state = given(
      ...frame,
      project('p1', { regionId: 'cangxi', taskForceId: 'food' }),
      problem('q1', { projectId: 'p1', regionId: 'lizhou' }),
      assigned('q1', '2026-03-02', '2026-05-31'),
      escalated('q1', '2026-03-10'),
      closed('q1', '2026-04-01'),
      reopened('q1', '2026-04-05'),
    );

    expect(state.problems.q1).toMatchObject({
      regionId: 'cangxi',
      taskForceId: 'food',
      deadline: '2026-05-31',
      status: 'escalated',
      escalated: true,
      escalationLevel: 'city',
      closedOn: null,
      reopenCount: 1,
    });
    expect(state.projectProblems.p1).toEqual(['q1']);
  });

  it('counts inspections per inspector and per project per month', () => {
    const state = given(
      ...frame,
      project('p1'),
      inspection('i1', 'p1', '2026-03-02', 'wang'),
      inspection('i2', 'p1', '2026-03-20', 'wang'),
      inspection('i3', 'p1', '2026-04-01', 'li'),
    );

    expect(state.inspections.byInspector).toEqual({ wang: { '2026-03': 2 }, li: { '2026-04': 1 } });
    expect(state.inspections.byProject).toEqual({ p1: { '2026-03': 2, '2026-04': 1 } });
  });

  it('skips an event at or before the last applied position (at-least-once delivery)', () => {
    const list = envelopes([...frame, project('p1'), progress('p1', '2026-03', 500)]);
    const once = fold(initialBoard(), list);
    const again = fold(snapshot(once), [list[list.length - 1], list[3], ...list]);

    expect(again).toEqual(once);
    expect(once.position).toBe(String(list.length));
  });

  it('compares positions as numbers, beyond 2^53 too', () => {
    const [a, b] = envelopes([project('p1'), progress('p1', '2026-03', 1)], { from: 9007199254740993n });
    const state = evolveBoard(evolveBoard(initialBoard(), a), b);

    expect(state.position).toBe('9007199254740994');
    expect(evolveBoard(snapshot(state), a)).toEqual(state);
    expect(comparePositions('10', '9')).toBe(1);
    expect(comparePositions('9007199254740993', '9007199254740992')).toBe(1);
  });

  it('ignores unknown event types but advances the position', () => {
    const [unknown] = envelopes([{ type: 'SomethingNew', data: { x: 1 } }], { from: 7n });
    const state = evolveBoard(initialBoard(), unknown);

    expect(state).toEqual({ ...initialBoard(), position: '7' });
  });

  it('ignores events about a project it never saw registered', () => {
    const state = given(progress('ghost', '2026-03', 1), advance('ghost', 'signed', 'started', '2026-03-01'));

    expect(state.projects).toEqual({});
  });

  it(`keeps the last ${RECENT_LIMIT} narrated events`, () => {
    const reports = Array.from({ length: 60 }, (_, i) => progress('p1', `2026-${String((i % 12) + 1).padStart(2, '0')}`, i));
    const state = given(...frame, project('p1'), ...reports);

    expect(state.recent).toHaveLength(RECENT_LIMIT);
    expect(state.recent[RECENT_LIMIT - 1].position).toBe(state.position);
  });

  it('holds only plain JSON, so a snapshot survives structuredClone and JSON unchanged', () => {
    const state = given(
      ...frame,
      project('p1'),
      progress('p1', '2026-03', 500),
      problem('q1', { projectId: 'p1' }),
      stalled('p1', '2026-04-01'),
    );

    expect(snapshot(state)).toEqual(state);
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });
});
