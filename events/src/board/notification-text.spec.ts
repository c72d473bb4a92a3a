import type { EventEnvelope } from '../envelope';
import { evolveBoard } from './evolve';
import { dailyDigest, redLightMessage } from './notification-text';
import { type BoardState, initialBoard } from './state';

let position = 0;
const event = (type: string, data: object): EventEnvelope =>
  ({
    id: `e${++position}`,
    stream: 's',
    revision: 0,
    position: String(position),
    type,
    data,
    meta: { actor: { id: 'a', name: '张伟', role: 'admin' }, recordedAt: 0 },
  }) as unknown as EventEnvelope;

function world(): BoardState {
  const events = [
    event('RegionDefined', { regionId: 'lizhou', name: '利州区', kind: 'county' }),
    event('TaskForceFormed', { taskForceId: 'al', name: '铝基新材料产业专班', industry: '铝', chiefId: 'c', leadUnit: '市经信局' }),
    event('ProjectRegistered', {
      projectId: 'p1',
      name: '铝箔深加工项目',
      taskForceId: 'al',
      regionId: 'lizhou',
      owner: '某公司',
      kind: '新建',
      totalInvestment: 50000,
      annualPlanInvestment: 12000,
      stage: 'signed',
      stageOn: '2026-01-10',
      plannedStart: '2026-02',
      location: [105.8, 32.4],
    }),
    event('ProblemRaised', {
      problemId: 'q1',
      projectId: 'p1',
      category: 'land',
      description: '用地指标未落实',
      deadline: '2026-06-10',
      severity: 'major',
      raisedOn: '2026-05-01',
    }),
    event('ProblemRaised', {
      problemId: 'q2',
      projectId: 'p1',
      category: 'energy',
      description: '供电线路未接入',
      deadline: '2026-06-17',
      severity: 'normal',
      raisedOn: '2026-05-01',
    }),
    event('ProblemRaised', {
      problemId: 'q3',
      projectId: 'p1',
      category: 'funding',
      description: '贷款未到位',
      deadline: '2026-06-30',
      severity: 'normal',
      raisedOn: '2026-05-01',
    }),
    event('ProblemAssigned', { problemId: 'q1', unit: '自然资源局', on: '2026-05-02' }),
  ];
  return events.reduce(evolveBoard, initialBoard());
}

describe('notification texts', () => {
  it('the daily digest of a fixed day: new reds since yesterday, overdue problems, deadlines this week', () => {
    const newReds = [
      { projectId: 'p1', on: '2026-06-14', reason: '计划2026-02开工，已滞后4个月' },
      { projectId: 'p1', on: '2026-06-01', reason: '旧的红灯' },
    ];
    expect(dailyDigest(world(), '2026-06-15', newReds, 'https://board.example.cn')).toEqual({
      title: '挂图作战每日提醒（2026-06-15）',
      text: [
        '### 挂图作战每日提醒（2026-06-15）',
        '',
        '**新增红灯项目 1 个**',
        '',
        '- 铝箔深加工项目：计划2026-02开工，已滞后4个月',
        '',
        '**超期未办结问题 1 个**',
        '',
        '- 铝箔深加工项目：用地指标未落实（自然资源局），超期5天',
        '',
        '**本周到期问题 1 个**',
        '',
        '- 铝箔深加工项目：供电线路未接入，2026-06-17到期',
        '',
        '[打开挂图作战平台](https://board.example.cn/console/)',
      ].join('\n'),
    });
  });

  it('a digest scoped to another region lists nothing', () => {
    const digest = dailyDigest(world(), '2026-06-15', [], '', (place) => place.regionId === 'zhaohua');
    expect(digest.text).toContain('**超期未办结问题 0 个**\n\n- 无');
  });

  it('a red light names the project, its 属地 and 专班, the reasons and a link', () => {
    const message = redLightMessage(
      world(),
      { projectId: 'p1', from: 'yellow', to: 'red', reasons: ['计划2026-02开工，已滞后4个月'], on: '2026-06-15' },
      'https://b.cn',
    );
    expect(message.title).toBe('红灯预警：铝箔深加工项目');
    expect(message.text).toBe(
      [
        '### 红灯预警：铝箔深加工项目',
        '',
        '- 属地：利州区',
        '- 专班：铝基新材料产业专班',
        '- 原因：计划2026-02开工，已滞后4个月',
        '- 日期：2026-06-15',
        '',
        '[查看项目](https://b.cn/console/projects/p1)',
      ].join('\n'),
    );
  });
});
