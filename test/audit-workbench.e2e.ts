import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { CHROMIUM, testWebDist } from './support/browser';
import { REGION_A, REGION_B, TF_A, TF_B, World, problemBody, projectBody, startWorld } from './support/fixtures';
import { expectError } from './support/http-client';

/**
 * The audit workbench's server side against a real server and SQLite file: the log's filters, the
 * difference between two moments, the 月通报 (JSON, XLSX, PDF) and the streamed exports, read back.
 */
describe('audit workbench over HTTP', () => {
  let world: World;
  let admin: string;
  let auditor: string;
  let beforeP2: number;
  let afterP2: number;

  beforeAll(async () => {
    world = await startWorld({ webDist: testWebDist() });
    ({ admin } = world);
    auditor = world.tokens.auditor!;
    const { api } = world;
    // A small fixed world in 2025 business time.
    await api.must(
      'POST',
      '/api/projects',
      projectBody('p1', TF_A, REGION_A, { stage: 'negotiating', stageOn: '2025-02-01', totalInvestment: 10_000 }),
      admin,
    );
    await api.must('POST', '/api/projects/p1/stage', { stage: 'started', on: '2025-03-05' }, admin);
    await api.must(
      'POST',
      '/api/problems',
      problemBody({ id: 'q2', projectId: 'p1', raisedOn: '2025-03-03', deadline: '2025-06-30' }),
      admin,
    );
    await api.must('POST', '/api/problems/q2/assign', { unit: '区自然资源局', on: '2025-03-04' }, admin);
    await api.must('POST', '/api/problems/q2/resolve', { resolution: '已落实用地指标', on: '2025-03-12' }, admin);
    await api.must('POST', '/api/problems/q2/close', { on: '2025-03-15' }, admin);
    await pause();
    beforeP2 = Date.now();
    await pause();
    await api.must('POST', '/api/projects', projectBody('p2', TF_B, REGION_B, { stageOn: '2025-03-10', totalInvestment: 50_000 }), admin);
    await api.must(
      'POST',
      '/api/problems',
      problemBody({ id: 'q1', projectId: 'p2', raisedOn: '2025-03-02', deadline: '2025-03-20' }),
      admin,
    );
    await pause();
    afterP2 = Date.now();
    await pause();
    await api.must('POST', `/api/taskforces/${TF_A}/red-flag`, { month: '2025-03', on: '2025-03-31' }, admin);
    await api.must(
      'POST',
      '/api/indicators',
      { regionId: REGION_A, metric: 'gdp', year: 2025, target: 1_200, unit: '亿元', label: '地区生产总值' },
      admin,
    );
    await api.must('POST', `/api/indicators/${REGION_A}/gdp/2025/report`, { month: '2025-03', value: 330, yoy: 6.5 }, admin);
    // The live board (which counts the log) has seen everything.
    const head = await api.position();
    await api.eventually(async () => ((await api.get('/api/board', admin)).body.position === head ? true : undefined));
  });
  afterAll(() => world?.stop());

  const get = (path: string, token = auditor) => world.api.get(path, token);

  describe('the event log', () => {
    it('gives the whole log a total, and keeps its old paging', async () => {
      const all = await get('/api/events?limit=1000');
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(all.body.events.length);
      const page = await get('/api/events?limit=3');
      expect(page.body.events).toHaveLength(3);
      expect(page.body.next).toBe(page.body.events[2].position);
      const rest = await get(`/api/events?limit=1000&after=${page.body.next}`);
      expect(rest.body.events).toHaveLength(all.body.events.length - 3);
    });

    it('filters by recorded time, and gives no total when filtered', async () => {
      const between = await get(`/api/events?from=${beforeP2}&to=${afterP2}`);
      expect(between.body.events.map((e: { stream: string }) => e.stream)).toEqual(['project-p2', 'problem-q1']);
      expect(between.body).not.toHaveProperty('total');
      const iso = await get(`/api/events?from=${new Date(beforeP2).toISOString()}&to=${new Date(afterP2).toISOString()}`);
      expect(iso.body.events).toHaveLength(2);
    });

    it('filters by region and task force through the project or problem an event is about', async () => {
      const regionB = await get(`/api/events?region=${REGION_B}&limit=1000`);
      const streams = new Set(regionB.body.events.map((e: { stream: string }) => e.stream));
      expect(streams).toEqual(new Set([`region-${REGION_B}`, 'project-p2', 'problem-q1']));
      const tfA = await get(`/api/events?taskForce=${TF_A}&limit=1000`);
      const tfStreams = new Set(tfA.body.events.map((e: { stream: string }) => e.stream));
      expect(tfStreams).toEqual(new Set([`taskforce-${TF_A}`, 'project-p1', 'problem-q2', 'redflag-2025-03']));
    });

    it('filters by actor and type', async () => {
      const byAdmin = await get('/api/events?actor=admin&type=ProjectRegistered');
      expect(byAdmin.body.events.map((e: { data: { projectId: string } }) => e.data.projectId)).toEqual(['p1', 'p2']);
      const byNobody = await get('/api/events?actor=nobody');
      expect(byNobody.body.events).toEqual([]);
    });

    it('refuses a filter it cannot read, in Chinese', async () => {
      const bad = await get('/api/events?from=yesterday');
      expectError(bad, 400, 'invalid_input');
      expect(bad.body.message).toContain('from');
      expectError(await get(`/api/events?from=${afterP2}&to=${beforeP2}`), 400, 'invalid_input');
    });
  });

  it('tells what changed between two moments (two 月调度 meetings)', async () => {
    const diff = await get('/api/audit/diff?fromOn=2025-02-28&toOn=2025-03-31');
    expect(diff.status).toBe(200);
    const projects = Object.fromEntries(diff.body.projects.map((p: { id: string }) => [p.id, p]));
    expect(projects.p1).toMatchObject({ kind: 'changed', stage: { from: 'negotiating', to: 'started' } });
    expect(projects.p2).toMatchObject({ kind: 'added', stage: { from: null, to: 'signed' } });
    expect(diff.body.problemsOpened.map((q: { id: string }) => q.id)).toEqual(['q1']);
    expect(diff.body.problemsClosed.map((q: { id: string }) => q.id)).toEqual(['q2']);
    expect(diff.body.counters.before).toMatchObject({ negotiated: 1, started: 0 });
    // p1 went from negotiating straight to started: it passed through signed, which counts.
    expect(diff.body.counters.after).toMatchObject({ negotiated: 1, started: 1, signed: 2 });
    const tfA = diff.body.ranking.find((r: { id: string }) => r.id === TF_A);
    expect(tfA.after.redFlag).toBe(true);
    expect(tfA.after.points).toBeGreaterThan(tfA.before.points);
    expectError(await get('/api/audit/diff?fromOn=2025-02-28'), 400, 'invalid_input');
  });

  describe('月通报', () => {
    it('is built from the board at the month end', async () => {
      const bulletin = await get('/api/bulletins/2025-03');
      expect(bulletin.status).toBe(200);
      expect(bulletin.body).toMatchObject({
        month: '2025-03',
        asOfDay: '2025-03-31',
        fourNew: {
          month: { negotiated: 0, signed: 2, signedInvestment: 60_000, started: 1, startedInvestment: 10_000 },
          yearToDate: { negotiated: 1, signed: 2, started: 1 },
        },
        redFlag: { taskForceId: TF_A, month: '2025-03', name: '铝基新材料产业专班' },
      });
      expect(bulletin.body.ranking.map((r: { id: string; rank: number }) => [r.id, r.rank])).toEqual([
        [TF_A, 1],
        [TF_B, 2],
      ]);
      expect(bulletin.body.red.map((p: { id: string }) => p.id)).toContain('p2');
      expect(bulletin.body.problems.new.map((q: { id: string }) => q.id)).toEqual(['q2', 'q1']);
      expect(bulletin.body.problems.closed.map((q: { id: string }) => q.id)).toEqual(['q2']);
      expect(bulletin.body.problems.overdue.map((q: { id: string }) => q.id)).toEqual(['q1']);
      expect(bulletin.body.indicators).toEqual([
        expect.objectContaining({ regionId: REGION_A, value: 330, target: 1_200, schedule: 0.25, regionName: '利州区' }),
      ]);
    });

    it('keeps to a region when asked, and refuses an unknown one', async () => {
      const regionA = await get(`/api/bulletins/2025-03?region=${REGION_A}`);
      expect(regionA.body.region).toEqual({ id: REGION_A, name: '利州区' });
      expect(regionA.body.fourNew.month.signed).toBe(1);
      expect(regionA.body.problems.overdue).toEqual([]);
      expectError(await get('/api/bulletins/2025-03?region=nowhere'), 400, 'invalid_input');
      expectError(await get('/api/bulletins/2025-13'), 400, 'invalid_input');
    });

    it('comes as XLSX, one sheet per section with Chinese headers', async () => {
      const workbook = await readXlsx('/api/bulletins/2025-03.xlsx');
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['四新一盘活', '专班排名', '红灯项目', '黄灯项目', '问题', '经济指标']);
      const flows = rows(workbook.getWorksheet('四新一盘活')!);
      expect(flows[0]).toEqual(['项目', '2025-03 当月', '年度累计']);
      expect(flows).toContainEqual(['新签约投资（万元）', 60_000, 60_000]);
      const ranking = rows(workbook.getWorksheet('专班排名')!);
      expect(ranking[1]).toEqual([1, '铝基新材料产业专班', expect.any(Number), '★ 流动红旗']);
      const problems = rows(workbook.getWorksheet('问题')!);
      expect(problems.slice(1).map((r) => [r[0], r[1]])).toEqual([
        ['新提出', 'q2'],
        ['新提出', 'q1'],
        ['已销号', 'q2'],
        ['超期', 'q1'],
      ]);
    });

    it('comes as an A4 PDF printed by Chromium from the print page', async () => {
      const response = await fetch(`${world.api.url}/api/bulletins/2025-03.pdf`, { headers: { authorization: `Bearer ${auditor}` } });
      if (!existsSync(CHROMIUM)) {
        expect(response.status).toBe(503);
        return;
      }
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // A4 is 595 × 842 points.
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    }, 60_000);
  });

  describe('exports, streamed', () => {
    it('gives the whole log as XLSX, every event a row', async () => {
      const all = await get('/api/events?limit=1000');
      const workbook = await readXlsx('/api/exports/events.xlsx');
      const sheet = rows(workbook.getWorksheet('事件日志')!);
      expect(sheet[0].slice(0, 6)).toEqual(['位置', '入库时间（UTC）', '业务日期', '事件流', '流内序号', '事件类型']);
      expect(sheet).toHaveLength(all.body.events.length + 1);
      expect(sheet.slice(1).map((r) => r[0])).toEqual(all.body.events.map((e: { position: string }) => e.position));
    });

    it('gives the filtered log as CSV, with the filters of the log', async () => {
      const response = await fetch(`${world.api.url}/api/exports/events.csv?region=${REGION_B}`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const lines = (await response.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toMatch(/^位置,入库时间（UTC）,业务日期,事件流/);
      expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual([`region-${REGION_B}`, 'project-p2', 'problem-q1']);
    });

    it('gives the board at a past moment, as CSV and as XLSX', async () => {
      const csv = await fetch(`${world.api.url}/api/exports/board.csv?at=${beforeP2}&year=2025`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      const lines = (await csv.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toMatch(/^项目编号,项目名称,属地,产业专班,阶段/);
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['p1']);
      const workbook = await readXlsx(`/api/exports/board.xlsx?at=${afterP2}&year=2025`);
      const projects = rows(workbook.getWorksheet('项目')!);
      expect(
        projects
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(['p1', 'p2']);
      expect(projects.find((r) => r[0] === 'p2')).toEqual(expect.arrayContaining(['昭化区', '清洁能源产业专班', '签约']));
      const totals = rows(workbook.getWorksheet('汇总')!);
      expect(totals).toContainEqual(['2025年 新开工', 1]);
    });
  });

  it('lets only auditors and admins in', async () => {
    const routes = [
      '/api/audit/diff?fromOn=2025-02-28&toOn=2025-03-31',
      '/api/bulletins/2025-03',
      '/api/bulletins/2025-03.xlsx',
      '/api/bulletins/2025-03.pdf',
      '/api/exports/events.csv',
      '/api/exports/events.xlsx',
      '/api/exports/board.csv',
      '/api/exports/board.xlsx',
    ];
    for (const route of routes) {
      for (const role of ['supTaskForce', 'screen'] as const) expectError(await get(route, world.tokens[role]!), 403);
      expectError(await world.api.get(route), 401);
    }
    expect((await get('/api/bulletins/2025-03', admin)).status).toBe(200);
  });

  async function readXlsx(path: string): Promise<ExcelJS.Workbook> {
    const response = await fetch(world.api.url + path, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    return workbook;
  }
});

/** Cell values row by row (exceljs' row.values starts at index 1). */
function rows(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
