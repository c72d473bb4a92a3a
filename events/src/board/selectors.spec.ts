import type { DomainEvent } from '../catalogue/events';
import {
  advance,
  assigned,
  closed,
  envelopes,
  escalated,
  fold,
  frame,
  given,
  indicator,
  problem,
  progress,
  project,
  redFlag,
  resolved,
  revitalized,
  stalled,
  target,
  taskForce,
  terminated,
} from './board-test-kit';
import { type BoardViewOptions, selectBoardView } from './selectors';
import { type BoardState, initialBoard } from './state';

const view = (state: BoardState, options: Partial<BoardViewOptions> = {}) =>
  selectBoardView(state, { year: 2026, today: '2026-11-05', asOf: '2026-11-05T02:00:00.000Z', ...options });

describe('四新一盘活 counters', () => {
  // Recorded in 2027 (a late entry); only the business dates decide the year.
  const movements = fold(
    initialBoard(),
    envelopes(
      [
        ...frame,
        project('p1', { stage: 'negotiating', stageOn: '2025-12-31', totalInvestment: 50_000 }),
        advance('p1', 'negotiating', 'signed', '2026-01-01'),
        project('p2', { stage: 'signed', stageOn: '2026-03-01', totalInvestment: 20_000 }),
        project('p3', { stage: 'started', stageOn: '2026-12-31', totalInvestment: 30_000 }),
        advance('p3', 'started', 'completed', '2027-01-03'),
        project('p4', { stage: 'started', stageOn: '2025-05-01' }),
        stalled('p4', '2025-06-01'),
        revitalized('p4', '2026-02-01'),
        stalled('p4', '2026-04-01'),
        revitalized('p4', '2027-02-01'),
      ],
      { recordedAt: Date.UTC(2027, 2, 1) },
    ),
  );

  it('counts flows in the year by business date, not by recording time', () => {
    expect(view(movements).counters).toEqual({
      negotiated: 0,
      signed: 2,
      signedInvestment: 70_000,
      started: 1,
      startedInvestment: 30_000,
      completed: 0,
      revitalized: 1,
    });
    expect(view(movements, { year: 2027 }).counters).toMatchObject({ completed: 1, revitalized: 1, signed: 0 });
    expect(view(movements, { year: 2025 }).counters).toMatchObject({ negotiated: 1, started: 1 });
  });

  it('counts every stage of a skipped-stage jump once, and a registration only as its own stage', () => {
    const state = given(
      ...frame,
      project('p1', { stage: 'negotiating', stageOn: '2026-02-01' }),
      advance('p1', 'negotiating', 'signed', '2026-05-01', { skipped: true }),
      advance('p1', 'signed', 'started', '2026-05-01'),
      project('p2', { stage: 'started', stageOn: '2026-04-01' }),
      project('p3', { stage: 'operating', stageOn: '2026-04-01' }),
    );

    expect(view(state).counters).toMatchObject({ negotiated: 1, signed: 1, started: 2, completed: 0 });
  });
});

describe('stages and problems', () => {
  it('counts the stock per stage; stalled ones also in their stage, terminated ones nowhere', () => {
    const state = given(
      ...frame,
      project('p1', { stage: 'started' }),
      project('p2', { stage: 'started' }),
      project('p3', { stage: 'signed' }),
      project('p4', { stage: 'signed' }),
      stalled('p2', '2026-05-01'),
      terminated('p4', '2026-06-01'),
    );

    expect(view(state).stages).toEqual({ negotiating: 0, signed: 1, started: 2, completed: 0, operating: 0, stalled: 1 });
  });

  it('counts open, overdue, escalated and closed problems and the closure rate', () => {
    const state = given(
      ...frame,
      project('p1'),
      problem('q1', { projectId: 'p1', deadline: '2026-11-04' }),
      problem('q2', { deadline: '2026-12-31' }),
      escalated('q2', '2026-03-05'),
      assigned('q2', '2026-03-06'),
      problem('q3'),
      closed('q3', '2026-04-01'),
      problem('q4', { deadline: '2026-01-01' }),
      resolved('q4', '2026-04-01'),
    );

    expect(view(state).problems).toEqual({ open: 2, overdue: 1, escalated: 1, closed: 1, closureRate: 0.25 });
    expect(view(given()).problems.closureRate).toBe(0);
  });
});

describe('task forces: 积分 and the 流动红旗', () => {
  const league: DomainEvent[] = [
    ...frame,
    taskForce('logistics', '现代物流产业专班'),
    project('a1', { taskForceId: 'alu', stage: 'started', stageOn: '2026-03-01' }), // 5
    project('f1', { taskForceId: 'food', stage: 'signed', stageOn: '2026-03-01' }), // 3
    project('f2', { taskForceId: 'food', stage: 'negotiating', stageOn: '2026-03-01' }), // 1
    problem('q1', { projectId: 'f2' }),
    closed('q1', '2026-04-01'), // 1
    project('l1', { taskForceId: 'logistics', stage: 'signed', stageOn: '2025-12-01' }), // last year
    redFlag('alu', '2026-09'),
    redFlag('food', '2026-10'),
    redFlag('logistics', '2026-12'),
  ];

  it('ranks by points with shared ranks for ties, and gives the flag to the latest month awarded by today', () => {
    expect(view(given(...league)).taskForces).toEqual([
      { id: 'alu', name: '铝基新材料产业专班', points: 5, rank: 1, redFlag: false },
      { id: 'food', name: '食品饮料产业专班', points: 5, rank: 1, redFlag: true },
      { id: 'logistics', name: '现代物流产业专班', points: 0, rank: 3, redFlag: false },
    ]);
    expect(view(given(...league), { today: '2026-12-01' }).redFlag).toEqual({ taskForceId: 'logistics', month: '2026-12' });
  });

  it('takes configurable weights', () => {
    const rows = view(given(...league), { weights: { started: 1, problemClosed: 10 } }).taskForces;
    expect(rows.map((r) => [r.id, r.points, r.rank])).toEqual([
      ['food', 14, 1],
      ['alu', 1, 2],
      ['logistics', 0, 3],
    ]);
  });
});

describe('indicators', () => {
  it('reports the latest year-to-date value against the target, with its 序时进度 ratio', () => {
    const state = given(
      ...frame,
      target('lizhou', 'gdp', 2026, 1_200_000),
      indicator('lizhou', 'gdp', 2026, '2026-03', 270_000, 7.5),
      indicator('lizhou', 'gdp', 2026, '2026-06', 540_000, 8.1),
      target('cangxi', 'gdp', 2026, 500_000),
      target('lizhou', 'gdp', 2025, 1_100_000),
    );

    expect(view(state).indicators).toEqual([
      {
        regionId: 'lizhou',
        metric: 'gdp',
        year: 2026,
        target: 1_200_000,
        unit: '万元',
        label: '规上工业总产值',
        value: 540_000,
        yoy: 8.1,
        month: '2026-06',
        scheduleRatio: 0.9,
      },
      {
        regionId: 'cangxi',
        metric: 'gdp',
        year: 2026,
        target: 500_000,
        unit: '万元',
        label: '规上工业总产值',
        value: 0,
        yoy: null,
        month: null,
        scheduleRatio: null,
      },
    ]);
  });
});

describe('projects list', () => {
  it('lists live projects red, then yellow, then green, then by investment, with progress and the year’s investment', () => {
    const state = given(
      ...frame,
      project('green-big', { stage: 'negotiating', totalInvestment: 900_000 }),
      project('green-small', { stage: 'negotiating', totalInvestment: 10_000 }),
      project('yellow', { stage: 'signed', plannedStart: '2026-09' }),
      project('red', { stage: 'negotiating', totalInvestment: 1_000 }),
      stalled('red', '2026-10-01'),
      project('gone', { stage: 'negotiating' }),
      terminated('gone', '2026-10-01'),
      progress('green-big', '2025-12', 300, 5),
      progress('green-big', '2026-02', 700, 12),
      progress('green-big', '2026-01', 500, 8),
    );
    const rows = view(state).projects;

    expect(rows.map((r) => [r.id, r.light])).toEqual([
      ['red', 'red'],
      ['yellow', 'yellow'],
      ['green-big', 'green'],
      ['green-small', 'green'],
    ]);
    expect(rows[2]).toMatchObject({ progress: 12, yearInvestment: 1_200, stalled: false, terminated: false });
    expect(rows[0]).toMatchObject({ stalled: true, lightReasons: ['问题项目：资金链断裂'] });
  });
});

describe('region and task-force filters', () => {
  const board = given(
    ...frame,
    project('lz', { regionId: 'lizhou', taskForceId: 'alu', stage: 'signed', stageOn: '2026-02-01' }),
    project('park', { regionId: 'lizhou-park', taskForceId: 'food', stage: 'signed', stageOn: '2026-02-01' }),
    project('cx', { regionId: 'cangxi', taskForceId: 'alu', stage: 'signed', stageOn: '2026-02-01' }),
    problem('q-lz', { projectId: 'lz' }),
    problem('q-cx', { projectId: 'cx' }),
    problem('q-free', { regionId: 'cangxi', taskForceId: 'food' }),
    target('lizhou', 'gdp', 2026, 100),
    target('cangxi', 'gdp', 2026, 100),
    redFlag('food', '2026-10'),
  );

  it('shows a county with its parks: projects, problems, counters, indicators and feed', () => {
    const county = view(board, { region: 'lizhou' });

    expect(county.projects.map((p) => p.id).sort()).toEqual(['lz', 'park']);
    expect(county.counters.signed).toBe(2);
    expect(county.problems.open).toBe(1);
    expect(county.indicators.map((i) => i.regionId)).toEqual(['lizhou']);
    expect(county.taskForces).toHaveLength(2);
    expect(county.recent.every((item) => !item.regionId || ['lizhou', 'lizhou-park'].includes(item.regionId))).toBe(true);
    expect(county.recent.some((item) => item.type === 'RedFlagAwarded')).toBe(true);
  });

  it('treats the city as everything', () => {
    const { asOf: _a, ...city } = view(board, { region: 'guangyuan' });
    const { asOf: _b, ...all } = view(board);
    expect(city).toEqual(all);
  });

  it('shows a task force’s projects and problems but still the whole league table', () => {
    const food = view(board, { taskForce: 'food' });

    expect(food.projects.map((p) => p.id)).toEqual(['park']);
    expect(food.problems.open).toBe(1);
    expect(food.counters.signed).toBe(1);
    expect(food.taskForces.map((t) => t.id).sort()).toEqual(['alu', 'food']);
    expect(food.indicators).toHaveLength(2);
    expect(food.recent.filter((item) => item.projectId).map((item) => item.projectId)).toEqual(['park']);
  });
});

describe('the rest of the view', () => {
  it('passes position, asOf, year and today through, lists regions and the feed newest first', () => {
    const state = given(
      ...frame,
      project('p1', { regionId: 'cangxi', name: '川娃子火锅食材产业园' }),
      advance('p1', 'signed', 'started', '2026-03-01'),
    );
    const board = view(state);

    expect(board).toMatchObject({
      position: state.position,
      asOf: '2026-11-05T02:00:00.000Z',
      year: 2026,
      today: '2026-11-05',
      lightRulesVersion: 0,
    });
    expect(board.regions.map((r) => r.name)).toEqual(['广元市', '利州区', '苍溪县', '利州经开区']);
    expect(board.recent[0].text).toBe('【苍溪县】川娃子火锅食材产业园 开工 · 张伟');
  });
});
