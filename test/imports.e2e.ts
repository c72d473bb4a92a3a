import { type RegionMap, pointInGeometry } from '@battlemap/events';
import { PASSWORD, type World, startWorld } from './support/fixtures';
import {
  LEDGER_HEADERS,
  type LedgerRow,
  TASK_FORCES_BY_NAME,
  csv,
  ledgerRows,
  readXlsx,
  upload,
  xlsx,
  zipBomb,
} from './support/ledger-files';

/**
 * 项目台账 in and out, against a real server and SQLite file: a 700-row county ledger imports, shows
 * on the board, re-imports to nothing, an edited copy yields exactly its edits, the export reads
 * back unchanged, and every kind of bad file is answered with its error and no write.
 */
let world: World;
const LEDGER = ledgerRows(700);
let ledger: Buffer;

beforeAll(async () => {
  world = await startWorld();
  ledger = await xlsx(LEDGER_HEADERS, LEDGER, { title: '2025年广元市重点项目台账' });
}, 120_000);
afterAll(() => world?.stop());

const importProjects = (file: Buffer, name = 'ledger.xlsx', query = '', token = world.admin) =>
  upload(world.server.url, `/api/imports/projects${query}`, file, name, token);

/** Events appended after a position, oldest first. */
async function eventsAfter(position: string | null): Promise<{ type: string; stream: string; data: any }[]> {
  const events: { type: string; stream: string; data: any }[] = [];
  let after = position;
  for (;;) {
    const page = (await world.api.get(`/api/events?limit=1000${after ? `&after=${after}` : ''}`, world.admin)).body;
    events.push(...page.events);
    if (!page.next) return events;
    after = page.next;
  }
}

describe('a county ledger of 700 rows', () => {
  let projects: Record<string, any>;

  it('checks in a dry run without writing, then imports every row and the board shows them', async () => {
    const before = await world.api.position();
    const dry = await importProjects(ledger, 'ledger.xlsx', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 700, created: 700, amended: 0, unchanged: 0, errors: [], dryRun: true, written: false });
    expect(await world.api.position()).toBe(before);

    const done = await importProjects(ledger);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ rows: 700, created: 700, amended: 0, unchanged: 0, errors: [], written: true });
    expect(done.body.placed).toHaveLength(LEDGER.filter((r) => r.经度 === null).length);

    const board = (await world.api.get('/api/board?year=2025', world.admin)).body;
    projects = Object.fromEntries(board.projects.map((p: any) => [p.name, p]));
    expect(Object.keys(projects)).toHaveLength(700);
    for (const row of LEDGER) {
      const project = projects[row.项目名称 as string];
      expect({
        name: project.name,
        taskForceId: project.taskForceId,
        totalInvestment: project.totalInvestment,
      }).toEqual({
        name: row.项目名称,
        taskForceId: TASK_FORCES_BY_NAME[row.所属专班 as string],
        // 亿元 with two decimals, converted to integer 万元.
        totalInvestment: Math.round((row['总投资（亿元）'] as number) * 10_000),
      });
    }
  });

  it('places a row without coordinates inside its county and flags it', async () => {
    const map = (await world.api.get('/api/map', world.admin)).body as RegionMap;
    const geometry = (name: string) => map.features.find((f) => f.properties.name === name)!.geometry;
    const placed = LEDGER.filter((r) => r.经度 === null);
    expect(placed.length).toBeGreaterThan(90);
    for (const row of placed) {
      const project = projects[row.项目名称 as string];
      expect({ name: row.项目名称, inside: pointInGeometry(project.location, geometry(row.属地 as string)) }).toEqual({
        name: row.项目名称,
        inside: true,
      });
    }
  });

  it('imports the same file again and appends nothing', async () => {
    const before = await world.api.position();
    const again = await importProjects(ledger);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ rows: 700, created: 0, amended: 0, unchanged: 700, errors: [] });
    expect(await world.api.position()).toBe(before);
  });

  it('turns an edited copy with 3 changed rows into exactly those amendments and that stage move', async () => {
    const edited = LEDGER.map((row) => ({ ...row }));
    edited[9]['总投资（亿元）'] = 12.34; // an amendment of 总投资
    edited[29].业主单位 = '广元新业主有限公司'; // an amendment of 业主单位
    expect(edited[51].当前阶段).toBe('签约');
    edited[51].当前阶段 = '开工'; // a stage move
    edited[51].阶段日期 = '2025年10月8日';
    const before = await world.api.position();
    const answer = await importProjects(await xlsx(LEDGER_HEADERS, edited));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ rows: 700, created: 0, amended: 3, unchanged: 697, errors: [] });
    const appended = await eventsAfter(before);
    const idOf = (i: number) => projects[LEDGER[i].项目名称 as string].id;
    expect(appended.map((e) => ({ type: e.type, stream: e.stream, data: e.data }))).toEqual([
      { type: 'ProjectDetailsAmended', stream: `project-${idOf(9)}`, data: { projectId: idOf(9), changes: { totalInvestment: 123_400 } } },
      {
        type: 'ProjectDetailsAmended',
        stream: `project-${idOf(29)}`,
        data: { projectId: idOf(29), changes: { owner: '广元新业主有限公司' } },
      },
      {
        type: 'ProjectStageAdvanced',
        stream: `project-${idOf(51)}`,
        data: { projectId: idOf(51), from: 'signed', to: 'started', on: '2025-10-08' },
      },
    ]);
  });

  it('exports the ledger in the columns it imports, and the export reads back with nothing changed', async () => {
    const response = await fetch(`${world.server.url}/api/exports/projects.xlsx`, { headers: { authorization: `Bearer ${world.admin}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const exported = Buffer.from(await response.arrayBuffer());
    const { headers, rows } = await readXlsx(exported);
    expect(headers).toEqual(
      expect.arrayContaining(['项目编号', '项目名称', '所属专班', '属地', '总投资(万元)', '当前阶段', '经度', '纬度']),
    );
    expect(rows).toHaveLength(700);
    const before = await world.api.position();
    const back = await importProjects(exported, '项目台账.xlsx');
    expect(back.body).toMatchObject({ rows: 700, created: 0, amended: 0, unchanged: 700, errors: [] });
    expect(await world.api.position()).toBe(before);
  });

  it('gives a supervisor the projects in their scope only, and refuses screens', async () => {
    const response = await fetch(`${world.server.url}/api/exports/projects.xlsx`, {
      headers: { authorization: `Bearer ${world.tokens.supTaskForce}` },
    });
    const { rows } = await readXlsx(Buffer.from(await response.arrayBuffer()));
    expect(rows).toHaveLength(LEDGER.filter((r) => r.所属专班 === '铝基新材料产业专班').length);
    const screen = await fetch(`${world.server.url}/api/exports/projects.xlsx`, {
      headers: { authorization: `Bearer ${world.tokens.screen}` },
    });
    expect(screen.status).toBe(403);
  });
});

/** One valid row, to which each bad-file case adds its own fault. */
const good = (name: string, overrides: LedgerRow = {}): LedgerRow => ({ ...ledgerRows(1, name)[0], 项目名称: name, ...overrides });

describe('a bad file is answered with its error and writes nothing', () => {
  /** The answer, after checking that the store's head did not move. */
  async function refused(file: Buffer, name: string, query = '') {
    const before = await world.api.position();
    const answer = await importProjects(file, name, query);
    expect(await world.api.position()).toBe(before);
    return answer;
  }

  it.each([
    ['a text file', Buffer.from('项目名称,业主单位\n'), 'notes.txt', 'not_a_spreadsheet', /只能导入 \.xlsx 或 \.csv/],
    [
      'a renamed binary',
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      '台账.xlsx',
      'not_a_spreadsheet',
      /内容却不是 Excel 工作簿/,
    ],
    ['a binary named .csv', Buffer.from([0x00, 0x01, 0x02, 0x41]), '台账.csv', 'not_a_spreadsheet', /内容却不是文本/],
    ['an old .xls', Buffer.from('d0cf11e0a1b11ae1000000', 'hex'), '台账.xls', 'legacy_xls', /另存为/],
  ])('%s: 400', async (_, file, name, code, message) => {
    const answer = await refused(file, name);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: code, message: expect.stringMatching(message) });
  });

  it('a zip that is not a workbook: 400', async () => {
    const zip = await zipBomb(1);
    const notWorkbook = Buffer.from(zip.toString('latin1').replace(/xl\/workbook\.xml/g, 'xl/notebook.xml'), 'latin1');
    const answer = await refused(notWorkbook, '台账.xlsx');
    expect(answer).toMatchObject({ status: 400, body: { error: 'not_a_spreadsheet' } });
  });

  it('a zip bomb: 413 from the zip directory, before anything is inflated', async () => {
    const bomb = await zipBomb(300);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const answer = await refused(bomb, '台账.xlsx');
    expect(answer).toMatchObject({ status: 413, body: { error: 'too_large', message: expect.stringMatching(/解压后有 300 MB.*20 MB/) } });
  });

  it('over 20 MB: 413 with the limits', async () => {
    const answer = await refused(Buffer.alloc(21 * 1024 * 1024, 0x41), '台账.csv');
    expect(answer).toMatchObject({ status: 413, body: { error: 'too_large', message: expect.stringMatching(/20 MB.*100,000 行/) } });
  });

  it('over 100,000 rows: 413 with the limits', async () => {
    const rows = Array.from({ length: 100_001 }, (_, i) => ({ 项目名称: `p${i}` }));
    const answer = await refused(csv(LEDGER_HEADERS, rows), '台账.csv');
    expect(answer).toMatchObject({
      status: 413,
      body: { error: 'too_large', message: expect.stringMatching(/100001 行数据.*100,000 行/) },
    });
  });

  it('an empty sheet, and a header without rows: 400', async () => {
    expect((await refused(await xlsx([], []), '台账.xlsx')).body).toMatchObject({ error: 'empty_sheet' });
    expect((await refused(await xlsx(LEDGER_HEADERS, []), '台账.xlsx')).body).toMatchObject({ error: 'empty_sheet' });
    expect((await refused(Buffer.from(''), '台账.csv')).status).toBe(400);
  });

  it('wrong headers, and a missing column: 400 naming what is missing', async () => {
    const wrong = await refused(await xlsx(['序号', '名字', '金额'], [{ 序号: 1, 名字: 'x', 金额: 3 }]), '台账.xlsx');
    expect(wrong).toMatchObject({ status: 400, body: { error: 'missing_header', message: expect.stringContaining('项目名称') } });
    const headers = LEDGER_HEADERS.filter((h) => h !== '业主单位');
    const missing = await refused(await xlsx(headers, [good('缺列项目')]), '台账.xlsx');
    expect(missing).toMatchObject({ status: 400, body: { error: 'missing_columns', message: expect.stringContaining('“业主单位”') } });
  });

  it('merged header cells: 400 naming the column', async () => {
    const answer = await refused(await xlsx(LEDGER_HEADERS, [good('合并表头项目')], { merge: ['B1:C1'] }), '台账.xlsx');
    expect(answer).toMatchObject({ status: 400, body: { error: 'merged_header', message: expect.stringContaining('B 列是合并单元格') } });
  });

  it('row errors: text in a number column, unknown 专班 and 属地, a duplicate name, a bad date, a formula without a value', async () => {
    const rows = [
      good('数字列写了字', { '年度计划投资(万元)': '三千' }),
      good('未知专班项目', { 所属专班: '航天专班' }),
      good('未知属地项目', { 属地: '成都市' }),
      good('重名项目'),
      good('重名项目'),
      good('日期有误项目', { 阶段日期: '2024年13月1日' }),
      good('公式没有值项目', { '年度计划投资(万元)': { formula: 'B2*2' } }),
      good('好的项目'),
    ];
    const answer = await refused(await xlsx(LEDGER_HEADERS, rows), '台账.xlsx');
    expect(answer.status).toBe(422);
    // The counts say what the rows that passed would do: 好的项目 and the first 重名项目.
    expect(answer.body).toMatchObject({ error: 'import_rejected', written: false, created: 2 });
    expect(answer.body.errors).toEqual([
      { row: 2, column: '年度计划投资(万元)', message: expect.stringContaining('应为数字') },
      { row: 3, column: '所属专班', message: expect.stringContaining('航天专班') },
      { row: 4, column: '属地', message: expect.stringContaining('成都市') },
      { row: 6, column: '项目名称', message: expect.stringContaining('与第5行重复') },
      { row: 7, column: '阶段日期', message: expect.stringContaining('月份不存在') },
      { row: 8, column: '年度计划投资(万元)', message: expect.stringContaining('公式') },
    ]);
  });

  it('a stage going backwards on a known project: 422, the decider’s own message', async () => {
    const rows = [good(LEDGER[1].项目名称 as string, { ...LEDGER[1], 当前阶段: '洽谈' })];
    const answer = await refused(await xlsx(LEDGER_HEADERS, rows), '台账.xlsx');
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([{ row: 2, column: '当前阶段', message: expect.stringContaining('阶段只能向前推进') }]);
  });

  it('a supervisor importing a row outside their scope: a row error', async () => {
    const rows = [good('越权项目', { 所属专班: '清洁能源产业专班', 属地: '昭化区' })];
    const before = await world.api.position();
    const answer = await importProjects(await xlsx(LEDGER_HEADERS, rows), '台账.xlsx', '', world.tokens.supTaskForce!);
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([{ row: 2, column: '项目名称', message: '不在您负责的专班或属地范围内' }]);
    expect(await world.api.position()).toBe(before);
  });

  it('auditors and screens may not import: 403', async () => {
    for (const token of [world.tokens.auditor!, world.tokens.screen!]) {
      expect((await importProjects(await xlsx(LEDGER_HEADERS, [good('x')]), 'a.xlsx', '', token)).status).toBe(403);
    }
  });
});

describe('what a ledger may hold', () => {
  it('reads dates as Excel serials and in Chinese formats, formulas by their cached value, CSV as Excel saves it', async () => {
    const rows = [
      good('序列号日期项目', { 阶段日期: 45352, '年度计划投资(万元)': { formula: '1000*3', result: 3000 } }),
      good('中文日期项目', { 阶段日期: '2024年3月1日', 计划开工: '2024年6月' }),
      good('点号日期项目', { 阶段日期: '2024.3.1', 计划开工: '2024.6' }),
      good('日期单元格项目', { 阶段日期: new Date(Date.UTC(2024, 2, 1)) }),
    ];
    const answer = await importProjects(await xlsx(LEDGER_HEADERS, rows), '台账.xlsx');
    expect(answer.body).toMatchObject({ created: 4, errors: [] });
    const csvAnswer = await importProjects(csv(LEDGER_HEADERS, [good('CSV项目', { 阶段日期: '2024/3/1' })]), '台账.csv');
    expect(csvAnswer.body).toMatchObject({ created: 1, errors: [] });
    const board = (await world.api.get('/api/board?year=2024', world.admin)).body;
    const byName = Object.fromEntries(board.projects.map((p: any) => [p.name, p]));
    for (const name of ['序列号日期项目', '中文日期项目', '点号日期项目', '日期单元格项目', 'CSV项目']) {
      const detail = (await world.api.get(`/api/projects/${byName[name].id}`, world.admin)).body;
      expect({ name, stageOn: detail.stageOn }).toEqual({ name, stageOn: '2024-03-01' });
    }
    const serial = (await world.api.get(`/api/projects/${byName['序列号日期项目'].id}`, world.admin)).body;
    expect(serial.annualPlanInvestment).toBe(3000);
    expect((await world.api.get(`/api/projects/${byName['中文日期项目'].id}`, world.admin)).body.plannedStart).toBe('2024-06');
  });

  it('with partial=true, writes the rows that pass and reports the others', async () => {
    const rows = [good('部分导入一'), good('部分导入二', { 属地: '不存在县' }), good('部分导入三')];
    const answer = await importProjects(await xlsx(LEDGER_HEADERS, rows), '台账.xlsx', '?partial=true');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ rows: 3, created: 2, written: true, errors: [{ row: 3, column: '属地' }] });
  });

  it('two uploads of the same new ledger at once register each project once', async () => {
    const file = await xlsx(LEDGER_HEADERS, ledgerRows(30, '同时导入项目'));
    const before = await world.api.position();
    const answers = await Promise.all([importProjects(file), importProjects(file)]);
    // Whichever comes second finds the projects there (unchanged), or is refused because they now exist.
    expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([201]));
    const registered = (await eventsAfter(before)).filter((e) => e.type === 'ProjectRegistered');
    expect(registered).toHaveLength(30);
    expect(new Set(registered.map((e) => e.stream)).size).toBe(30);
  });

  it('a supervisor imports the rows in their scope', async () => {
    const sup = await world.api.login('sup-tf', PASSWORD);
    const rows = [good('专班督查员导入', { 所属专班: '铝基新材料产业专班' })];
    const answer = await importProjects(await xlsx(LEDGER_HEADERS, rows), '台账.xlsx', '', sup);
    expect(answer).toMatchObject({ status: 201, body: { created: 1 } });
  });
});

describe('monthly figures', () => {
  const HEADERS = ['项目名称', '月份', '当月完成投资(万元)', '形象进度', '形象进度节点'];
  const importProgress = (file: Buffer, query = '') =>
    upload(world.server.url, `/api/imports/progress${query}`, file, '月报.xlsx', world.admin);

  it('reports a month per project; the same sheet again appends nothing; a changed figure corrects it', async () => {
    const rows = LEDGER.slice(0, 20).map((r, i) => ({
      项目名称: r.项目名称,
      月份: '2025-11',
      '当月完成投资(万元)': 100 + i,
      形象进度: `${40 + i}%`,
      形象进度节点: i === 0 ? '主体封顶' : null,
    }));
    const first = await importProgress(await xlsx(HEADERS, rows));
    expect(first).toMatchObject({ status: 201, body: { rows: 20, created: 20, amended: 0, unchanged: 0, errors: [] } });
    const before = await world.api.position();
    expect((await importProgress(await xlsx(HEADERS, rows))).body).toMatchObject({ created: 0, unchanged: 20 });
    expect(await world.api.position()).toBe(before);
    rows[4]['当月完成投资(万元)'] = 999;
    expect((await importProgress(await xlsx(HEADERS, rows))).body).toMatchObject({ created: 0, amended: 1, unchanged: 19 });
    const appended = await eventsAfter(before);
    expect(appended.map((e) => [e.type, e.data.investment, e.data.month])).toEqual([['ProgressReported', 999, '2025-11']]);
  });

  it('refuses an unknown project and a future month, and takes the month from the query when the sheet has none', async () => {
    const rows = [
      { 项目名称: '没有这个项目', '当月完成投资(万元)': 1, 形象进度: 1 },
      { 项目名称: LEDGER[0].项目名称, '当月完成投资(万元)': 5, 形象进度: 50 },
    ];
    const headers = ['项目名称', '当月完成投资(万元)', '形象进度'];
    const bad = await importProgress(await xlsx(headers, rows), '?month=2025-10');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ row: 2, column: '项目名称', message: expect.stringContaining('没有名为“没有这个项目”的项目') }]);
    const future = await importProgress(await xlsx(headers, rows.slice(1)), '?month=2099-01');
    expect(future.body.errors).toEqual([{ row: 2, column: '当月完成投资', message: expect.stringContaining('未来月份') }]);
    expect((await importProgress(await xlsx(headers, rows.slice(1)), '?month=2025-10')).body).toMatchObject({ created: 1 });
  });
});

describe('templates and the error report', () => {
  it('serves blank templates whose headers the import reads, and turns a dry run’s errors into a sheet', async () => {
    const template = await fetch(`${world.server.url}/api/exports/projects-template.xlsx`, {
      headers: { authorization: `Bearer ${world.admin}` },
    });
    const { headers, rows } = await readXlsx(Buffer.from(await template.arrayBuffer()));
    expect(rows).toEqual([]);
    expect(headers).toContain('项目名称');
    const report = await fetch(`${world.server.url}/api/imports/report.xlsx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ errors: [{ row: 3, column: '属地', message: '没有名为“成都市”的属地' }] }),
    });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const sheet = await readXlsx(Buffer.from(await report.arrayBuffer()));
    expect(sheet).toEqual({ headers: ['行号', '列', '问题'], rows: [[3, '属地', '没有名为“成都市”的属地']] });
  });
});
