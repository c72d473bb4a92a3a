import type { DomainEvent } from '../catalogue/events';
import {
  advance,
  closed,
  escalated,
  frame,
  given,
  indicator,
  problem,
  project,
  redFlag,
  revitalized,
  stalled,
  target,
} from './board-test-kit';
import { buildBulletin } from './bulletin';

describe('月通报', () => {
  const world: DomainEvent[] = [
    ...frame,
    project('p1', { stage: 'signed', stageOn: '2026-01-10', totalInvestment: 50_000 }),
    advance('p1', 'signed', 'started', '2026-03-05'),
    project('p2', { stage: 'started', stageOn: '2026-02-01', taskForceId: 'food', regionId: 'cangxi', totalInvestment: 20_000 }),
    stalled('p2', '2026-02-20', '资金链断裂'),
    revitalized('p2', '2026-03-15'),
    project('p3', { stage: 'negotiating', stageOn: '2026-03-20', taskForceId: 'food', regionId: 'cangxi' }),
    project('p4', { stage: 'started', stageOn: '2026-01-02' }),
    stalled('p4', '2026-03-25', '用地未落实'),
    problem('q1', { projectId: 'p1', raisedOn: '2026-02-01', deadline: '2026-02-28' }),
    problem('q2', { projectId: 'p2', raisedOn: '2026-03-02', deadline: '2026-03-20' }),
    closed('q2', '2026-03-18'),
    problem('q3', { projectId: 'p3', raisedOn: '2026-03-10', deadline: '2026-06-30' }),
    escalated('q3', '2026-03-12'),
    redFlag('alu', '2026-03', '2026-03-31'),
    target('guangyuan', 'gdp', 2026, 1200),
    indicator('guangyuan', 'gdp', 2026, '2026-03', 330, 6.5),
  ];
  const bulletin = buildBulletin(given(...world), { month: '2026-03' });

  it('takes the board at the month end', () => {
    expect(bulletin.asOfDay).toBe('2026-03-31');
    expect(bulletin.region).toBeNull();
  });

  it('counts 四新一盘活 of the month and of the year to date', () => {
    expect(bulletin.fourNew.month).toEqual({
      negotiated: 1,
      signed: 0,
      signedInvestment: 0,
      started: 1,
      startedInvestment: 50_000,
      completed: 0,
      revitalized: 1,
    });
    expect(bulletin.fourNew.yearToDate.signed).toBe(1);
    expect(bulletin.fourNew.yearToDate.started).toBe(3);
  });

  it('gives the ranking with points and the 流动红旗 of the month', () => {
    expect(bulletin.ranking.map((r) => [r.id, r.points, r.rank])).toEqual([
      ['alu', 13, 1],
      ['food', 12, 2],
    ]);
    expect(bulletin.redFlag).toEqual({ taskForceId: 'alu', name: '铝基新材料产业专班', month: '2026-03' });
  });

  it('lists the red and yellow projects with their reasons', () => {
    // p4 is stalled; p1 has a problem past its deadline; p2 lags its 序时进度 (no investment reported).
    expect(bulletin.red.map((p) => p.id)).toEqual(['p4', 'p1']);
    expect(bulletin.red[0].reasons.join('')).toContain('问题项目');
    expect(bulletin.red[0].regionName).toBe('利州区');
    expect(bulletin.red[1].reasons.join('')).toContain('已超期');
    expect(bulletin.yellow.map((p) => p.id)).toEqual(['p2']);
    expect(bulletin.yellow.every((p) => p.reasons.length > 0)).toBe(true);
  });

  it('lists problems new, closed, overdue and escalated in the month', () => {
    const ids = (list: { id: string }[]) => list.map((p) => p.id);
    expect(ids(bulletin.problems.new)).toEqual(['q2', 'q3']);
    expect(ids(bulletin.problems.closed)).toEqual(['q2']);
    expect(ids(bulletin.problems.overdue)).toEqual(['q1']);
    expect(ids(bulletin.problems.escalated)).toEqual(['q3']);
    expect(bulletin.problems.new[0].projectName).toBe('p2项目');
    expect(bulletin.problems.counts).toMatchObject({ open: 2, overdue: 1, escalated: 1, closed: 1 });
  });

  it('sets the indicators against 序时进度', () => {
    expect(bulletin.indicators).toEqual([
      expect.objectContaining({ regionId: 'guangyuan', regionName: '广元市', value: 330, target: 1200, month: '2026-03', schedule: 0.25 }),
    ]);
    expect(bulletin.indicators[0].completion).toBeCloseTo(0.275);
    expect(bulletin.indicators[0].scheduleRatio).toBeCloseTo(1.1);
  });

  it('keeps to one region when asked', () => {
    const cangxi = buildBulletin(given(...world), { month: '2026-03', region: 'cangxi' });
    expect(cangxi.region).toEqual({ id: 'cangxi', name: '苍溪县' });
    expect(cangxi.fourNew.month.revitalized).toBe(1);
    expect(cangxi.fourNew.month.started).toBe(0);
    expect(cangxi.red).toEqual([]);
    expect(cangxi.problems.new.map((p) => p.id)).toEqual(['q2', 'q3']);
    expect(cangxi.problems.overdue).toEqual([]);
    // The ranking is city-wide on every bulletin.
    expect(cangxi.ranking).toHaveLength(2);
  });
});
