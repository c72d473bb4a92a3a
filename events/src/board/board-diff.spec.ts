import { advance, assigned, closed, frame, given, problem, project, redFlag, reopened, stalled } from './board-test-kit';
import { diffBoards } from './board-diff';
import { type BoardViewOptions, selectBoardView } from './selectors';
import type { BoardState } from './state';
import type { DomainEvent } from '../catalogue/events';

const moment = (events: DomainEvent[], today: string, options: Partial<BoardViewOptions> = {}) => {
  const state: BoardState = given(...events);
  return { state, view: selectBoardView(state, { year: 2026, today, asOf: `${today}T02:00:00.000Z`, ...options }) };
};

describe('the difference between two moments', () => {
  // The board at the March 月调度 and at the April one.
  const march: DomainEvent[] = [
    ...frame,
    project('p1', { stage: 'signed', stageOn: '2026-01-10' }),
    project('p2', { stage: 'started', stageOn: '2026-02-01', taskForceId: 'food' }),
    problem('q1', { projectId: 'p1', raisedOn: '2026-03-01', deadline: '2026-06-30' }),
    problem('q2', { projectId: 'p2', raisedOn: '2026-03-02', deadline: '2026-06-30' }),
  ];
  const april: DomainEvent[] = [
    ...march,
    advance('p1', 'signed', 'started', '2026-04-02'),
    stalled('p2', '2026-04-03'),
    project('p3', { stage: 'negotiating', stageOn: '2026-04-05', taskForceId: 'food' }),
    assigned('q1', '2026-04-01'),
    closed('q1', '2026-04-10'),
    problem('q3', { projectId: 'p3', raisedOn: '2026-04-06', deadline: '2026-06-30' }),
    redFlag('alu', '2026-03', '2026-04-01'),
  ];

  it('lists projects that changed stage or light, and the ones that came', () => {
    const diff = diffBoards(moment(march, '2026-03-31'), moment(april, '2026-04-30'));
    expect(diff.projects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'p1', kind: 'changed', stage: { from: 'signed', to: 'started' } }),
        expect.objectContaining({ id: 'p2', kind: 'changed', stage: null, light: { from: 'yellow', to: 'red' } }),
        expect.objectContaining({ id: 'p3', kind: 'added', stage: { from: null, to: 'negotiating' } }),
      ]),
    );
    expect(diff.projects).toHaveLength(3);
  });

  it('lists problems opened and closed between the two moments', () => {
    const diff = diffBoards(moment(march, '2026-03-31'), moment(april, '2026-04-30'));
    expect(diff.problemsOpened.map((p) => p.id)).toEqual(['q3']);
    expect(diff.problemsClosed.map((p) => p.id)).toEqual(['q1']);
  });

  it('counts a reopened problem as opened again', () => {
    const later = [...april, reopened('q1', '2026-05-02')];
    const diff = diffBoards(moment(april, '2026-04-30'), moment(later, '2026-05-31'));
    expect(diff.problemsOpened.map((p) => p.id)).toEqual(['q1']);
    expect(diff.problemsClosed).toEqual([]);
  });

  it('gives counters, stages and ranking before and after', () => {
    const diff = diffBoards(moment(march, '2026-03-31'), moment(april, '2026-04-30'));
    expect(diff.counters.before.started).toBe(1);
    expect(diff.counters.after.started).toBe(2);
    expect(diff.stages.after.stalled).toBe(1);
    expect(diff.problems.before.closed).toBe(0);
    expect(diff.problems.after.closed).toBe(1);
    const alu = diff.ranking.find((r) => r.id === 'alu');
    expect(alu?.before).toEqual({ rank: 2, points: 3, redFlag: false });
    expect(alu?.after).toEqual({ rank: 1, points: 9, redFlag: true });
  });

  it('keeps to one task force when asked', () => {
    const diff = diffBoards(moment(march, '2026-03-31', { taskForce: 'alu' }), moment(april, '2026-04-30', { taskForce: 'alu' }), {
      taskForce: 'alu',
    });
    expect(diff.projects.map((p) => p.id)).toEqual(['p1']);
    expect(diff.problemsOpened).toEqual([]);
    expect(diff.problemsClosed.map((p) => p.id)).toEqual(['q1']);
  });

  it('finds nothing between a moment and itself', () => {
    const same = moment(april, '2026-04-30');
    const diff = diffBoards(same, same);
    expect(diff.projects).toEqual([]);
    expect(diff.problemsOpened).toEqual([]);
    expect(diff.problemsClosed).toEqual([]);
  });
});
