import { COMMAND_BODIES, type CommandName } from '@battlemap/events';
import { mulberry32 } from '@battlemap/events';
import { demoAccounts } from '@battlemap/seeds';
import { type SimBoard, type SimProjectDetail, Simulator } from './simulator';

const TODAY = '2026-11-22';
const board: SimBoard = {
  regions: [
    { id: 'lizhou', name: '利州区' },
    { id: 'cangxi', name: '苍溪县' },
  ],
  projects: [
    {
      id: 'p0001',
      name: '铝材项目',
      stage: 'started',
      light: 'yellow',
      stalled: false,
      progress: 40,
      regionId: 'lizhou',
      taskForceId: 'aluminum',
      totalInvestment: 80_000,
      annualPlanInvestment: 24_000,
    },
    {
      id: 'p0002',
      name: '猕猴桃项目',
      stage: 'signed',
      light: 'red',
      stalled: false,
      progress: 0,
      regionId: 'cangxi',
      taskForceId: 'agriculture',
      totalInvestment: 9_000,
      annualPlanInvestment: 3_000,
    },
    {
      id: 'p0003',
      name: '物流园项目',
      stage: 'started',
      light: 'green',
      stalled: false,
      progress: 92,
      regionId: 'lizhou',
      taskForceId: 'logistics',
      totalInvestment: 50_000,
      annualPlanInvestment: 15_000,
    },
    {
      id: 'p0004',
      name: '食品项目',
      stage: 'completed',
      light: 'green',
      stalled: false,
      progress: 100,
      regionId: 'cangxi',
      taskForceId: 'food-beverage',
      totalInvestment: 6_000,
      annualPlanInvestment: 2_000,
    },
  ],
};
const detail = (id: string): SimProjectDetail => ({
  id,
  leaderId: 'ld-lizhou-1',
  annualPlanInvestment: 24_000,
  reports: { '2026-10': { investment: 1_800, progress: 38 }, '2026-11': { investment: 600, progress: 40 } },
  problems: [
    { id: `${id}-q1`, status: 'raised', escalated: false, description: '施工用电负荷不足', regionId: 'lizhou' },
    { id: `${id}-q2`, status: 'assigned', escalated: false, description: '用地报批滞后', regionId: 'lizhou' },
    { id: `${id}-q3`, status: 'resolved', escalated: true, description: '资金缺口', regionId: 'lizhou' },
  ],
});

const KIND_OF: [RegExp, CommandName][] = [
  [/^\/api\/projects$/, 'registerProject'],
  [/\/progress$/, 'reportProgress'],
  [/\/stage$/, 'advanceStage'],
  [/^\/api\/inspections$/, 'recordInspection'],
  [/\/assign$/, 'assignProblem'],
  [/\/escalate$/, 'escalateProblem'],
  [/\/resolve$/, 'resolveProblem'],
  [/\/close$/, 'closeProblem'],
];

describe('Simulator', () => {
  const posted: { path: string; body: Record<string, unknown>; actor: string }[] = [];
  const lines: string[] = [];
  const simulator = new Simulator(
    {
      board: async () => board,
      project: async (id) => detail(id),
      post: async (path, body, actor) => posted.push({ path, body, actor }),
    },
    { random: mulberry32(42), today: () => TODAY, log: (line) => lines.push(line) },
  );

  beforeAll(async () => {
    for (let i = 0; i < 200; i++) await simulator.step();
  });

  it('pushes every kind of change a supervisor makes', () => {
    const kinds = new Set(posted.map((p) => KIND_OF.find(([pattern]) => pattern.test(p.path))?.[1]));
    for (const kind of KIND_OF.map(([, k]) => k)) expect(kinds).toContain(kind);
  });

  it('sends bodies the HTTP API accepts, dated today, as demo people', () => {
    const people = new Set(demoAccounts().map((a) => a.username));
    for (const { path, body, actor } of posted) {
      const kind = KIND_OF.find(([pattern]) => pattern.test(path))![1];
      expect({ path, ok: COMMAND_BODIES[kind].safeParse(body).success }).toEqual({ path, ok: true });
      if (typeof body.on === 'string') expect(body.on).toBe(TODAY);
      if (typeof body.month === 'string') expect(body.month).toBe('2026-11');
      expect(people.has(actor)).toBe(true);
    }
  });

  it('only moves stages forward, and reports this month cumulatively', () => {
    const stages = posted.filter((p) => p.path.endsWith('/stage'));
    for (const { path, body } of stages) {
      const from = board.projects.find((p) => path.includes(p.id))!.stage;
      expect(`${from}→${String(body.stage)}`).toMatch(/^(signed→started|started→completed|completed→operating)$/);
    }
    const reports = posted.filter((p) => p.path.endsWith('/progress'));
    expect(reports.every((r) => (r.body.investment as number) > 600)).toBe(true);
  });

  it('prints one Chinese line per change', () => {
    expect(lines).toHaveLength(200);
    expect(lines.some((l) => /报送11月进度/.test(l))).toBe(true);
    expect(lines.some((l) => /【苍溪县】/.test(l))).toBe(true);
  });
});
