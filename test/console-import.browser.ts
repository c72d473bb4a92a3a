/**
 * 导入台账 in the console, in a real browser against the real server: a county supervisor uploads a
 * ledger, reads the dry run's findings (row, column, message), downloads them as a sheet, imports the
 * rows that passed and sees the result; on a phone, a clean month of figures goes in the same way.
 * Screenshots (390×844 and 1440×900) go to test/artifacts/.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { artifactPath, axeViolations, launchBrowser } from './support/browser';
import { ConsoleDevices, DESK, PHONE, noHorizontalScroll, shot } from './support/console-devices';
import { ADMIN_PASSWORD, PROJECTS, startConsoleWorld, type ConsoleWorld } from './support/console-world';
import { LEDGER_HEADERS, type LedgerRow, ledgerRows, readXlsx, xlsx } from './support/ledger-files';

jest.setTimeout(90_000);

let world: ConsoleWorld;
let browser: Browser;
const devices = new ConsoleDevices(
  () => browser,
  () => world,
  'console-import',
);
const scenario = devices.scenario.bind(devices);

beforeAll(async () => {
  const started = await Promise.allSettled([startConsoleWorld().then((w) => (world = w)), launchBrowser().then((b) => (browser = b))]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 120_000);

afterAll(async () => {
  await devices.closeAll();
  await browser?.close().catch(() => undefined);
  await world?.dispose().catch(() => undefined);
});

afterEach(async () => {
  expect(await devices.closeAll()).toEqual([]);
});

/** 王芳's county ledger: rows in 利州区 (her scope), and three that cannot go in. */
function lizhouLedger(): LedgerRow[] {
  const rows = ledgerRows(5, '利州区台账项目').map((row): LedgerRow => ({
    ...row,
    属地: '利州区',
    所属专班: '铝基新材料产业专班',
    经度: null,
    纬度: null,
  }));
  const bad = ledgerRows(3, '有问题的项目').map((row): LedgerRow => ({ ...row, 所属专班: '铝基新材料产业专班', 经度: null, 纬度: null }));
  bad[0].属地 = '成都市'; // unknown 属地
  bad[1].属地 = '昭化区'; // out of 王芳's scope
  bad[2]['年度计划投资(万元)'] = '三千万'; // text in a number column
  return [...rows.slice(0, 2), bad[0], rows[2], bad[1], rows[3], bad[2], rows[4]];
}

async function boardNames(): Promise<string[]> {
  const board = await world.api.must<{ projects: { name: string }[] }>('GET', '/api/board', undefined, world.admin, 200);
  return board.projects.map((p) => p.name);
}

describe('导入台账', () => {
  scenario('a supervisor checks a ledger, downloads the findings, imports the rows that passed and sees the result', async () => {
    const { page } = await devices.signedIn('wang', DESK);
    await page.getByRole('link', { name: '导入台账' }).click();
    await page.getByRole('heading', { level: 1, name: '导入台账' }).waitFor();
    const before = await world.api.position();

    await page.locator('input[type="file"]').setInputFiles({
      name: '利州区项目台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx(LEDGER_HEADERS, lizhouLedger(), { title: '利州区2025年重点项目台账' }),
    });
    await page.getByRole('button', { name: '检查文件' }).click();
    const findings = page.getByRole('region', { name: '检查结果' });
    await findings.waitFor();
    // The dry run wrote nothing.
    expect(await world.api.position()).toBe(before);
    expect(await findings.locator('dl').innerText()).toMatch(/将新登记\s*5[\s\S]*有问题\s*3/);
    const table = await findings.locator('tbody tr').allInnerTexts();
    expect(table.map((row) => row.split('\t').slice(0, 2).join(' '))).toEqual(['5 属地', '7 项目名称', '9 年度计划投资(万元)']);
    expect(table[0]).toContain('没有名为“成都市”的属地');
    expect(table[1]).toContain('不在您负责的专班或属地范围内');
    expect(table[2]).toContain('应为数字');
    await shot(page, 'console-import-findings-desk.png', true);
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载问题清单（Excel）' }).click(),
    ]);
    // The address says which download this was if the name is ever wrong (the sheet's own blob, or something else).
    expect({ name: download.suggestedFilename(), url: download.url() }).toEqual({
      name: '导入检查结果.xlsx',
      url: expect.stringMatching(/^blob:/),
    });
    const saved = artifactPath('console-import-findings.xlsx');
    await download.saveAs(saved);
    const sheet = await readXlsx(readFileSync(saved));
    expect(sheet.headers).toEqual(['行号', '列', '问题']);
    expect(sheet.rows.map((r) => r.slice(0, 2))).toEqual([
      [5, '属地'],
      [7, '项目名称'],
      [9, '年度计划投资(万元)'],
    ]);

    await page.getByRole('button', { name: '只导入没有问题的 5 行' }).click();
    const result = page.getByRole('region', { name: '导入结果' });
    await result.waitFor();
    expect(await result.locator('dl').innerText()).toMatch(/新登记\s*5/);
    await result.getByText('5 行没有坐标，已落在属地范围内').waitFor();
    const names = await boardNames();
    for (let i = 1; i <= 5; i++) expect(names).toContain(`利州区台账项目${String(i).padStart(4, '0')}`);
    expect(names.filter((n) => n.startsWith('有问题的项目'))).toEqual([]);
    await shot(page, 'console-import-done-desk.png', true);
  });

  scenario('on a phone, a month of figures is checked and imported, with nothing to scroll sideways', async () => {
    const { page } = await devices.signedIn('wang', PHONE, '/import');
    await page.getByRole('tab', { name: '月度进度' }).click();
    const month = world.today.slice(0, 7);
    const headers = ['项目名称', '月份', '当月完成投资(万元)', '形象进度', '形象进度节点'];
    const rows = [PROJECTS.alu, PROJECTS.alu2].map((p, i) => ({
      项目名称: p.name,
      月份: month,
      '当月完成投资(万元)': 800 + i * 100,
      形象进度: `${60 + i}%`,
      形象进度节点: i === 1 ? '设备安装' : null,
    }));
    await page.locator('input[type="file"]').setInputFiles({
      name: '月报.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx(headers, rows),
    });
    await page.getByRole('button', { name: '检查文件' }).click();
    const findings = page.getByRole('region', { name: '检查结果' });
    await findings.waitFor();
    expect(await findings.locator('dl').innerText()).toMatch(/将新填报\s*2[\s\S]*有问题\s*0/);
    await noHorizontalScroll(page);
    await shot(page, 'console-import-check-phone.png', true);

    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('region', { name: '导入结果' }).waitFor();
    const detail = await world.api.must<{ reports: Record<string, { investment: number; milestone?: string }> }>(
      'GET',
      `/api/projects/${PROJECTS.alu2.id}`,
      undefined,
      world.admin,
      200,
    );
    expect(detail.reports[month]).toMatchObject({ investment: 900, milestone: '设备安装' });
    await noHorizontalScroll(page);
    await page.evaluate(() => scrollTo(0, 0)); // a full-page shot taken scrolled down draws the sticky bar mid-page
    await shot(page, 'console-import-done-phone.png', true);
  });

  scenario('the admin, whose phone bar holds six pages, reaches the import from it with nothing to scroll sideways', async () => {
    const { page } = await devices.device(PHONE);
    await devices.logIn(page, 'admin', '', ADMIN_PASSWORD);
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['我的项目', '挂点联系', '月度填报', '新建项目', '导入台账', '管理']);
    await nav.getByRole('link', { name: '导入台账' }).click();
    await page.getByRole('heading', { level: 1, name: '导入台账' }).waitFor();
    const overflowing = await nav.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(overflowing).toBe(false);
    // Each label on one line, each icon at its full 20 px.
    const sizes = await nav
      .locator('a')
      .evaluateAll((links) =>
        links.map((a) => [
          Math.round(a.querySelector('span')!.getBoundingClientRect().height),
          Math.round(a.querySelector('svg')!.getBoundingClientRect().height),
        ]),
      );
    for (const [label, icon] of sizes) expect({ oneLine: label < 24, icon }).toEqual({ oneLine: true, icon: 20 });
    await noHorizontalScroll(page);
    await shot(page, 'console-import-admin-phone.png');
  });
});
