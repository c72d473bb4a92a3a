import { type ProjectState, type RegionGeometry, initialBoard, pointInGeometry, pointInside } from '@battlemap/events';
import { type PlanContext, ledgerProjectId, planProgress, planProjects } from './import-plan';
import type { ProgressRow, ProjectRow, ReadRows } from './ledger-rows';

const SQUARE: RegionGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [105, 32],
      [106, 32],
      [106, 33],
      [105, 33],
      [105, 32],
    ],
  ],
};

const known: ProjectState = {
  id: 'p-1',
  name: '铝箔项目',
  taskForceId: 'tf-al',
  regionId: 'lizhou',
  owner: '广元铝业',
  kind: '新建',
  totalInvestment: 50_000,
  annualPlanInvestment: 12_000,
  plannedStart: '2025-06',
  plannedCompletion: null,
  location: [105.5, 32.5],
  leadUnit: null,
  leaderId: null,
  stage: 'signed',
  stageOn: '2025-03-10',
  stages: [{ stage: 'signed', on: '2025-03-10' }],
  stalled: null,
  stalls: [],
  revitalizations: [],
  terminated: null,
  reports: { '2025-10': { investment: 300, progress: 40 } },
};

function context(role: 'admin' | 'supervisor' = 'admin'): PlanContext {
  const board = initialBoard();
  board.projects[known.id] = known;
  board.taskForces['tf-al'] = { id: 'tf-al', name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'c', leadUnit: '市经信局' };
  board.regions.lizhou = { id: 'lizhou', name: '利州区', kind: 'county', parentId: null };
  return {
    actor: { role, scopes: { taskForces: [], regions: role === 'supervisor' ? ['elsewhere'] : [] } },
    today: '2025-12-01',
    board,
    people: [{ id: 'wang', name: '王局长' }],
    place: (_, seed) => pointInside(SQUARE, seed),
  };
}

const rows = (...list: Omit<ProjectRow, 'row'>[]): ReadRows<ProjectRow> => ({
  rows: list.map((r, i) => ({ row: i + 2, ...r })),
  errors: [],
  headers: {},
});

const full = {
  name: '新项目',
  owner: '新业主',
  taskForce: '铝基新材料',
  region: '利州',
  kind: '扩建',
  totalInvestment: 1_000,
  annualPlanInvestment: 200,
  stage: '已签约',
  stageOn: '2025-05-01',
};

describe('planning a ledger against the board', () => {
  it('registers a new row with a stable id, its 专班 and 属地 found by name, and a point placed inside the county', () => {
    const plan = planProjects(rows(full), context());
    expect(plan.errors).toEqual([]);
    const [row] = plan.rows;
    expect(row).toMatchObject({ projectId: ledgerProjectId('新项目', '新业主'), outcome: 'created', placed: true });
    const command = row.commands[0].command;
    expect(command.type).toBe('RegisterProject');
    const data = command.data as { taskForceId: string; regionId: string; stage: string; location: [number, number] };
    expect(data).toMatchObject({ taskForceId: 'tf-al', regionId: 'lizhou', stage: 'signed' });
    expect(pointInGeometry(data.location, SQUARE)).toBe(true);
    expect(planProjects(rows(full), context()).rows[0]).toEqual(row);
  });

  it('leaves an untouched row alone, and turns changed cells into one amendment, a stage move and a leader', () => {
    const same = { name: '铝箔项目', owner: '广元铝业', totalInvestment: 50_000, stage: '签约', lng: 105.5, lat: 32.5 };
    expect(planProjects(rows(same), context()).rows[0]).toMatchObject({ outcome: 'unchanged', commands: [] });
    const changed = { ...same, totalInvestment: 60_000, leadUnit: '市发改委', stage: '开工', stageOn: '2025-11-02', leader: '王局长' };
    const plan = planProjects(rows(changed), context());
    expect(plan.rows[0].outcome).toBe('amended');
    expect(plan.rows[0].commands.map((c) => c.command)).toEqual([
      { type: 'AmendProject', data: { totalInvestment: 60_000, leadUnit: '市发改委' } },
      { type: 'AdvanceStage', data: { stage: 'started', on: '2025-11-02' } },
      { type: 'AssignLeader', data: { leaderId: 'wang', on: '2025-12-01' } },
    ]);
  });

  it('reports unknown names, a missing required cell, a duplicate and an out-of-scope row by row and column', () => {
    const plan = planProjects(
      rows(
        { ...full, taskForce: '航天' },
        { ...full, name: 'B', region: '成都' },
        { ...full, name: 'C', owner: undefined },
        { ...full, name: 'C' },
      ),
      context(),
    );
    expect(plan.errors).toEqual([
      { row: 2, column: '所属专班', message: '没有名为“航天”的产业专班' },
      { row: 3, column: '属地', message: '没有名为“成都”的属地' },
      { row: 4, column: '业主单位', message: '业主单位：必填' },
      { row: 5, column: '项目名称', message: '项目名称与第4行重复：同一文件里每个项目只能出现一次' },
    ]);
    expect(planProjects(rows(full), context('supervisor')).errors).toEqual([
      { row: 2, column: '项目名称', message: '不在您负责的专班或属地范围内' },
    ]);
  });

  it('refuses to move a project to another 专班 or 属地 by import', () => {
    const board = context();
    board.board.regions.zhaohua = { id: 'zhaohua', name: '昭化区', kind: 'county', parentId: null };
    expect(planProjects(rows({ name: '铝箔项目', region: '昭化区' }), board).errors).toEqual([
      { row: 2, column: '属地', message: '项目在“利州区”：导入不能改属地' },
    ]);
  });
});

describe('planning a month of figures', () => {
  const figures = (...list: Omit<ProgressRow, 'row'>[]): ReadRows<ProgressRow> => ({
    rows: list.map((r, i) => ({ row: i + 2, ...r })),
    errors: [],
    headers: {},
  });

  it('reports a new month, leaves the same figures alone and corrects changed ones', () => {
    const plan = planProgress(
      figures(
        { name: '铝箔项目', month: '2025-11', investment: 100, progress: 50 },
        { name: '铝箔项目', month: '2025-10', investment: 300, progress: 40 },
      ),
      context(),
    );
    expect(plan.rows.map((r) => r.outcome)).toEqual(['created', 'unchanged']);
    const corrected = planProgress(figures({ id: 'p-1', investment: 301, progress: 40 }), context(), '2025-10');
    expect(corrected.rows[0]).toMatchObject({ outcome: 'amended', commands: [{ command: { type: 'ReportProgress' } }] });
  });
});
