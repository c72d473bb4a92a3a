import type { DomainEvent } from '../catalogue/events';
import {
  advance,
  assigned,
  closed,
  envelopes,
  escalated,
  event,
  fold,
  frame,
  given,
  indicator,
  inspection,
  problem,
  progress,
  project,
  redFlag,
  rules,
  stalled,
  target,
} from './board-test-kit';
import { formatYi } from './format';
import { LABELS } from './labels';
import { initialBoard } from './state';

describe('formatYi', () => {
  it.each([
    [12_000, '1.2亿元'],
    [12_345, '1.23亿元'],
    [10_000, '1.0亿元'],
    [9_563_000, '956.3亿元'],
    [0, '0.0亿元'],
    [500, '0.05亿元'],
    [50, '50万元'],
  ])('%d万元 reads %s', (wan, text) => {
    expect(formatYi(wan)).toBe(text);
  });
});

describe('feed narration', () => {
  const place = [...frame, project('p1', { regionId: 'cangxi', name: '川娃子火锅食材产业园', totalInvestment: 125_000 })];
  /** The feed line of the last event, after the frame. */
  const lineOf = (...events: DomainEvent[]) => {
    const state = given(...place, ...events);
    return state.recent[state.recent.length - 1];
  };

  it('narrates project events with the place, the project and who did it', () => {
    expect(lineOf().text).toBe('【苍溪县】川娃子火锅食材产业园 纳入重点项目（签约，总投资12.5亿元） · 张伟');
    expect(lineOf(advance('p1', 'signed', 'started', '2026-03-01'))).toMatchObject({
      text: '【苍溪县】川娃子火锅食材产业园 开工 · 张伟',
      occurredOn: '2026-03-01',
      projectId: 'p1',
      regionId: 'cangxi',
      taskForceId: 'alu',
    });
    expect(lineOf(advance('p1', 'signed', 'started', '2026-03-01', { batchId: 'b1' })).text).toContain('集中开工');
    expect(lineOf(progress('p1', '2026-03', 12_000, 45)).text).toBe(
      '【苍溪县】川娃子火锅食材产业园 3月完成投资1.2亿元，形象进度45% · 张伟',
    );
    expect(lineOf(stalled('p1', '2026-04-01')).text).toBe('【苍溪县】川娃子火锅食材产业园 列为问题项目：资金链断裂 · 张伟');
  });

  it('narrates inspections and the problem loop', () => {
    expect(lineOf(inspection('i1', 'p1', '2026-03-02', 'insp1', 2)).text).toBe('督查：川娃子火锅食材产业园 发现问题2个 · 张伟');
    const raised = problem('q1', { projectId: 'p1', description: '用地指标未落实', deadline: '2026-04-30' });
    expect(lineOf(raised).text).toBe('发现问题：川娃子火锅食材产业园 【用地】用地指标未落实（较大） · 张伟');
    expect(lineOf(raised, assigned('q1', '2026-03-02')).text).toBe('问题交办：用地指标未落实 → 区自然资源局，时限2026-04-30 · 张伟');
    expect(lineOf(raised, escalated('q1', '2026-03-03', 'joint_meeting')).text).toBe('问题提交联席会议：用地指标未落实 · 张伟');
    expect(lineOf(raised, closed('q1', '2026-03-04'))).toMatchObject({ text: '问题销号：用地指标未落实 · 张伟', regionId: 'cangxi' });
  });

  it('narrates what time did: overdue, a system escalation, a light turning red or back', () => {
    const raised = problem('q1', { projectId: 'p1', description: '用地指标未落实', deadline: '2026-04-30' });
    const overdue = event('ProblemWentOverdue', { problemId: 'q1', deadline: '2026-04-30', since: '2026-05-01', on: '2026-05-01' });
    expect(lineOf(raised, overdue)).toMatchObject({
      text: '问题超期：用地指标未落实（时限2026-04-30） · 张伟',
      regionId: 'cangxi',
      occurredOn: '2026-05-01',
    });
    const bySystem = event('ProblemEscalated', {
      problemId: 'q1',
      level: 'county',
      reason: '超期3天未办结',
      on: '2026-05-04',
      rule: 'overdue-major-3d',
    });
    expect(lineOf(raised, overdue, bySystem).text).toBe('问题上报区县（超期自动上报）：用地指标未落实 · 张伟');
    const red = event('ProjectLightChanged', {
      projectId: 'p1',
      from: 'yellow',
      to: 'red',
      reasons: ['计划2026-02开工，已滞后4个月'],
      on: '2026-06-01',
    });
    expect(lineOf(red).text).toBe('【苍溪县】川娃子火锅食材产业园 亮红灯：计划2026-02开工，已滞后4个月 · 张伟');
    const back = event('ProjectLightChanged', { projectId: 'p1', from: 'red', to: 'yellow', reasons: [], on: '2026-06-02' });
    expect(lineOf(red, back).text).toBe('【苍溪县】川娃子火锅食材产业园 红灯解除，转为黄灯 · 张伟');
    // A first light that is not red, a reminder and the outbox are not news for a screen.
    const first = event('ProjectLightChanged', { projectId: 'p1', from: null, to: 'green', reasons: [], on: '2026-06-01' });
    const reminder = event('DeadlineReminderDue', { problemId: 'q1', deadline: '2026-04-30', daysLeft: 3, on: '2026-04-27' });
    expect(given(...place, first, reminder).recent).toEqual(given(...place).recent);
  });

  it('narrates the red flag, indicators and rules', () => {
    expect(lineOf(redFlag('alu', '2026-10')).text).toBe('铝基新材料产业专班 获得2026-10流动红旗 · 张伟');
    expect(lineOf(target('lizhou', 'gdp', 2026, 1_470_000), indicator('lizhou', 'gdp', 2026, '2026-03', 306_600, 8.1)).text).toBe(
      '【利州区】规上工业总产值 1-3月累计30.66亿元，同比+8.1% · 张伟',
    );
    expect(lineOf(rules(2, '2026-07-01')).text).toBe('红黄绿灯规则第2版自2026-07-01起施行 · 张伟');
  });

  it('leaves set-up out of the feed and system events unsigned', () => {
    expect(given(...frame).recent.map((item) => item.type)).toEqual(['TaskForceFormed', 'TaskForceFormed']);
    expect(given(event('AccountDisabled', { username: 'x', reason: '离职' })).recent).toEqual([]);
    const [loaded] = envelopes([project('p1')]);
    loaded.meta.actor = { id: 'system', name: '系统', role: 'system' };
    expect(fold(initialBoard(), [loaded]).recent[0].text).not.toContain('系统');
  });

  it('exports the labels the web reuses', () => {
    expect(LABELS.stage).toEqual({ negotiating: '洽谈', signed: '签约', started: '开工', completed: '竣工', operating: '投产' });
    expect(Object.values(LABELS.category)).toEqual(['用地', '资金', '用能', '用工', '审批', '基础设施', '其他']);
    expect(Object.values(LABELS.severity)).toEqual(['一般', '较大', '重大']);
    expect(Object.values(LABELS.escalation)).toEqual(['上报区县', '上报市', '提交联席会议']);
    expect(Object.values(LABELS.inspection)).toEqual(['督查', '走访', '现场办公']);
  });
});
