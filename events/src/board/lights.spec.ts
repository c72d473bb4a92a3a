import {
  advance,
  assigned,
  closed,
  frame,
  given,
  problem,
  progress,
  project,
  revitalized,
  rules,
  stalled,
  terminated,
} from './board-test-kit';
import { DEFAULT_LIGHT_RULES, lightHistory, projectLight, rulesInForce } from './lights';
import type { DomainEvent } from '../catalogue/events';

/** An under-construction project with a 12,000万元 annual plan, so 1% of plan is 120万元. */
const building = project('p1', { stage: 'started', stageOn: '2025-10-01', annualPlanInvestment: 12_000 });
const lightOf = (events: DomainEvent[], today: string) => {
  const state = given(...frame, ...events);
  return projectLight(state.projects.p1, state, today);
};
const monthly = (amounts: number[]) => amounts.map((a, i) => progress('p1', `2026-${String(i + 1).padStart(2, '0')}`, a));
/** 1,000万元 a month: exactly on 序时进度 all year, so only the rule under test can colour the light. */
const onSchedule = monthly(Array<number>(12).fill(1000));

describe('projectLight: 序时进度 of the annual investment plan', () => {
  it('measures no lag in January', () => {
    expect(lightOf([building], '2026-01-20')).toEqual({ light: 'green', reasons: [] });
  });

  it('is green on schedule, yellow from 10 points behind, up to and including 30', () => {
    expect(lightOf([building, ...monthly([1000, 1000, 1000])], '2026-04-15').light).toBe('green');
    // 3 months gone = 25%; 1,800 of 12,000 = 15%: exactly 10 points behind.
    expect(lightOf([building, ...monthly([600, 600, 600])], '2026-04-15')).toEqual({
      light: 'yellow',
      reasons: ['年度投资完成率15%，落后序时进度10个百分点'],
    });
    // 6 months gone = 50%; 2,400 = 20%: exactly 30 points behind is still yellow.
    expect(lightOf([building, ...monthly([400, 400, 400, 400, 400, 400])], '2026-07-02').light).toBe('yellow');
  });

  it('is red more than 30 points behind', () => {
    expect(lightOf([building, ...monthly([2300])], '2026-07-02')).toEqual({
      light: 'red',
      reasons: ['年度投资完成率19%，落后序时进度30.8个百分点'],
    });
  });

  it('does not judge a completed project against its plan', () => {
    expect(lightOf([building, advance('p1', 'started', 'completed', '2026-02-01')], '2026-09-01').light).toBe('green');
  });
});

describe('projectLight: planned start', () => {
  const signed = (plannedStart: string) => project('p1', { stage: 'signed', stageOn: '2025-12-01', plannedStart });

  it('is green within the planned month, yellow once it is past, red three months on', () => {
    expect(lightOf([signed('2026-03')], '2026-03-31').light).toBe('green');
    expect(lightOf([signed('2026-03')], '2026-04-01')).toEqual({ light: 'yellow', reasons: ['计划2026-03开工，已滞后1个月'] });
    expect(lightOf([signed('2026-03-15')], '2026-06-01')).toEqual({ light: 'red', reasons: ['计划2026-03开工，已滞后3个月'] });
  });

  it('stops counting the slip once the project has started', () => {
    expect(lightOf([signed('2026-03'), advance('p1', 'signed', 'started', '2026-05-20'), ...onSchedule], '2026-06-01').light).toBe('green');
  });
});

describe('projectLight: problems', () => {
  it('is red when a problem on it is open past its deadline, green again once closed', () => {
    const raised = [building, ...onSchedule, problem('q1', { projectId: 'p1', deadline: '2026-04-30' })];

    expect(lightOf(raised, '2026-04-30').light).toBe('green');
    expect(lightOf(raised, '2026-05-01')).toEqual({ light: 'red', reasons: ['问题“q1用地指标未落实”已超期'] });
    expect(lightOf([...raised, closed('q1', '2026-05-03')], '2026-05-04').light).toBe('green');
  });

  it('follows a deadline moved by the assignment', () => {
    const moved = [
      building,
      ...onSchedule,
      problem('q1', { projectId: 'p1', deadline: '2026-04-30' }),
      assigned('q1', '2026-04-10', '2026-06-30'),
    ];
    expect(lightOf(moved, '2026-05-01').light).toBe('green');
  });

  it('is red while stalled (问题项目) and recovers when revitalized', () => {
    expect(lightOf([building, ...onSchedule, stalled('p1', '2026-03-01')], '2026-03-05')).toEqual({
      light: 'red',
      reasons: ['问题项目：资金链断裂'],
    });
    expect(lightOf([building, ...onSchedule, stalled('p1', '2026-03-01'), revitalized('p1', '2026-03-20')], '2026-03-25').light).toBe(
      'green',
    );
  });
});

describe('light rules versions', () => {
  const late = project('p1', { stage: 'signed', stageOn: '2025-12-01', plannedStart: '2026-03' });
  const lenient = rules(1, '2026-07-01', { redStartSlipMonths: 6 });

  it('uses the defaults until a version takes effect, and that version from its date on', () => {
    expect(lightOf([late, lenient], '2026-06-30').light).toBe('red'); // slip 3, defaults: red at 3
    expect(lightOf([late, lenient], '2026-07-01').light).toBe('yellow'); // slip 4, version 1: red at 6
  });

  it('judges each past month with the rules in force at its end', () => {
    // Lag 12 points at the end of June and of July: yellow by default, red under version 2 (red over 10).
    const state = given(
      ...frame,
      building,
      rules(2, '2026-07-01', { yellowLagPoints: 5, redLagPoints: 10 }),
      ...monthly([4560, 0, 0, 0, 0, 0, 1000]),
    );

    expect(
      lightHistory(state, 'p1', 2026, '2026-08-05')
        .slice(5)
        .map((r) => r.light),
    ).toEqual(['yellow', 'red']);
  });

  it('picks the latest effective version, whatever order they were adopted in', () => {
    const state = given(rules(2, '2026-09-01', { redLagPoints: 20 }), rules(1, '2026-03-01', { redLagPoints: 25 }));

    expect(rulesInForce(state.lightRules, '2026-02-28')).toBe(DEFAULT_LIGHT_RULES);
    expect(rulesInForce(state.lightRules, '2026-08-31').version).toBe(1);
    expect(rulesInForce(state.lightRules, '2026-09-01').version).toBe(2);
  });
});

describe('lightHistory', () => {
  it('keeps the red months of a project that caught up', () => {
    const state = given(...frame, building, ...monthly([0, 0, 0, 0, 3000, 3000]));
    const history = lightHistory(state, 'p1', 2026, '2026-07-10');

    expect(history.map((r) => [r.month, r.light])).toEqual([
      ['2026-01', 'green'],
      ['2026-02', 'yellow'],
      ['2026-03', 'yellow'],
      ['2026-04', 'red'],
      ['2026-05', 'yellow'],
      ['2026-06', 'green'],
    ]);
    expect(history[3].reasons).toEqual(['年度投资完成率0%，落后序时进度33.3个百分点']);
    expect(projectLight(state.projects.p1, state, '2026-07-10').light).toBe('green');
  });

  it('sees a problem overdue at a month-end even though it was closed later', () => {
    const state = given(
      ...frame,
      building,
      ...monthly([1000, 1000, 1000]),
      problem('q1', { projectId: 'p1', raisedOn: '2026-01-10', deadline: '2026-02-28' }),
      closed('q1', '2026-03-10'),
    );

    expect(lightHistory(state, 'p1', 2026, '2026-04-01').map((r) => r.light)).toEqual(['green', 'red', 'green']);
  });

  it('starts at the registration and stops at the termination', () => {
    const state = given(...frame, project('p1', { stage: 'started', stageOn: '2026-03-05' }), terminated('p1', '2026-06-10'));

    expect(lightHistory(state, 'p1', 2026, '2026-12-01').map((r) => r.month)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(lightHistory(state, 'p1', 2025, '2026-12-01')).toEqual([]);
    expect(lightHistory(state, 'nobody', 2026, '2026-12-01')).toEqual([]);
  });

  it('covers all twelve months of a past year', () => {
    const state = given(...frame, building);
    expect(lightHistory(state, 'p1', 2026, '2027-02-01')).toHaveLength(12);
  });
});
