/**
 * The audit workbench (/audit) in a real browser against the real server, on a store with a recorded
 * history of 20,000+ events: an auditor signs in, scrubs back to a past moment and sees the board's
 * counters change, filters the log, scrolls to the far end of the whole log with only a few rows in
 * the page, compares two moments, sees the integrity check pass, and opens a 月通报's print page.
 * A supervisor is told 无权访问. Screenshots go to test/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser, openPage, testWebDist, type PageTrouble } from './support/browser';
import { HISTORY, writeHistory } from './support/audit-world';
import { Api } from './support/http-client';
import { type RunningServer, startServer, tempDataDir } from './support/server';

jest.setTimeout(120_000);

const ADMIN_PASSWORD = 'audit-admin-password';
const PASSWORD = 'audit-password-1';
const DESK = { width: 1440, height: 900 };
const SCREEN = { width: 1920, height: 1080 };

let server: RunningServer;
let browser: Browser;
let data: { dir: string; remove: () => void };
let written = 0;
const troubles: PageTrouble[] = [];

beforeAll(async () => {
  data = tempDataDir();
  written = await writeHistory(data.dir, 20_000);
  server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, WEB_DIST: testWebDist() } });
  const api = new Api(server.url);
  const admin = await api.login('admin', ADMIN_PASSWORD);
  await api.must('POST', '/api/accounts', { username: 'auditor', displayName: '纪检审计员', role: 'auditor', password: PASSWORD }, admin);
  await api.must(
    'POST',
    '/api/accounts',
    { username: 'sup', displayName: '督查员', role: 'supervisor', password: PASSWORD, scopes: { taskForces: ['tf-a'], regions: [] } },
    admin,
  );
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  data?.remove();
});

afterEach(() => {
  const seen = troubles.splice(0).flatMap((t) => [...t.errors, ...t.dialogs]);
  expect(seen).toEqual([]);
});

/** Reads until the check passes (or throws its last failure after `timeoutMs`). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function signIn(username: string, viewport = DESK): Promise<Page> {
  const { page, trouble } = await openPage(browser, `${server.url}/audit`, viewport);
  troubles.push(trouble);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

/** The figure a counter of the replayed board shows (四新一盘活: 新签约, 新开工…). */
async function counter(page: Page, label: string): Promise<string> {
  return (await page.locator('[data-testid=replay-board] li', { hasText: label }).locator('.value').first().textContent())!.trim();
}

async function scrubTo(page: Page, time: number): Promise<void> {
  await page.locator('input[type=range]').evaluate((input: HTMLInputElement, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, time);
  await page.waitForFunction(() => !document.querySelector('[data-testid=replay-board][aria-busy=true]'));
}

test('an auditor replays the board at past moments, in recorded and in business time', async () => {
  const page = await signIn('auditor');
  await page.locator('[data-testid=replay-board] li', { hasText: '新签约' }).waitFor();
  // Now: the board is about 2026 (no movement this year).
  // 20 January 2025: six projects signed so far (one every other day from 10 January), none started.
  await scrubTo(page, Date.UTC(2025, 0, 20, 4));
  await eventually(
    () => counter(page, '新签约'),
    (value) => expect(value).toBe('6'),
  );
  expect(await counter(page, '新开工')).toBe('0');
  await scrubTo(page, HISTORY.afterStarts);
  await eventually(
    () => counter(page, '新开工'),
    (value) => expect(value).toBe(String(HISTORY.started)),
  );
  expect(await counter(page, '新签约')).toBe(String(HISTORY.projects));
  await page.getByRole('radio', { name: '业务日期' }).click();
  await scrubTo(page, Date.UTC(2025, 2, 31, 4));
  await eventually(
    () => page.getByTestId('replay-moment').textContent(),
    (value) => expect(value).toContain('业务日期 2025-03-31'),
  );
  await eventually(
    () => counter(page, '新开工'),
    (value) => expect(value).toBe('0'),
  );
  await page.screenshot({ path: artifactPath('audit-replay-1440.png') });
  await page.close();
});

test('the log filters on the server and scrolls a log of 20,000 events with few rows in the page', async () => {
  const page = await signIn('auditor');
  const log = page.getByTestId('event-log');
  await log.locator('[data-position]').first().waitFor();
  // The whole log: the history written before the first start, and what the server wrote since (accounts…).
  const total = Number((await page.getByTestId('log-meta').textContent())!.replace(/[^\d]/g, ''));
  expect(total).toBeGreaterThanOrEqual(written);
  expect(total).toBeLessThan(written + 50);
  // To the far end of the whole log: the rows there are fetched by themselves, not everything before them.
  await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await eventually(
    async () => Number(await log.locator('[data-position]').last().getAttribute('data-position')),
    (value) => expect(value).toBeGreaterThan(written - 50),
    15_000,
  );
  const rows = await log.locator('[role=row]').count();
  expect(rows).toBeLessThan(60);
  await page.screenshot({ path: artifactPath('audit-log-end-1440.png'), fullPage: true });
  // Filtered by a stream: every row is that stream's.
  await page.getByPlaceholder('如 project-p-1').fill('project-h-3');
  await page.getByRole('button', { name: '筛选' }).click();
  await eventually(
    () => page.getByTestId('log-meta').textContent(),
    (value) => expect(value).toContain('匹配事件'),
  );
  await eventually(
    () => log.locator('.stream').allTextContents(),
    (streams) => {
      expect(streams.length).toBeGreaterThan(5);
      expect(new Set(streams.map((s) => s.trim()))).toEqual(new Set(['project-h-3']));
    },
  );
  // From a row to the project's history, field by field.
  await log.getByRole('button', { name: 'project-h-3' }).first().click();
  const history = page.getByTestId('history');
  await history.waitFor();
  await eventually(
    () => history.textContent(),
    (value) => expect(value).toContain('阶段'),
  );
  expect(await history.textContent()).toContain('历史数据导入');
  await page.close();
});

test('two moments compared, the integrity check shown, exports offered', async () => {
  const page = await signIn('auditor');
  await page.getByRole('button', { name: '两个时刻对比' }).click();
  await page.getByLabel('前一时刻').fill('2025-03-15');
  await page.getByLabel('后一时刻').fill('2025-04-15');
  await page.getByRole('button', { name: '对比', exact: true }).click();
  const diff = page.getByTestId('diff');
  await diff.waitFor();
  expect(await diff.textContent()).toContain(`阶段或亮灯变化的项目`);
  expect(await diff.textContent()).toContain('阶段 签约 → 开工');
  await page.screenshot({ path: artifactPath('audit-diff-1440.png'), fullPage: true });

  await page.getByRole('button', { name: '完整性校验' }).click();
  await eventually(
    () => page.getByTestId('verify').textContent(),
    (value) => expect(value).toContain('校验通过'),
    20_000,
  );

  await page.getByRole('button', { name: '导出' }).click();
  await page.getByRole('button', { name: '导出 CSV' }).first().click();
  await eventually(
    () => page.locator('.exports').textContent(),
    (value) => expect(value).toMatch(/已下载 事件日志\.csv（[\d,]+ 行/),
    30_000,
  );
  await page.close();
});

test('the 月通报 print page, and the workbench on a command-room screen', async () => {
  const page = await signIn('auditor', SCREEN);
  await page.locator('[data-testid=event-log] [data-position]').first().waitFor();
  await page.screenshot({ path: artifactPath('audit-1920.png') });
  await page.setViewportSize({ width: 900, height: 1270 });
  await page.goto(`${server.url}/audit/bulletin/2025-04`);
  await page.locator('[data-bulletin-ready]').waitFor();
  const text = await page.locator('[data-bulletin-ready]').textContent();
  expect(text).toContain('2025年4月');
  expect(text).toContain('四新一盘活');
  expect(text).toContain('铝基新材料产业专班');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: artifactPath('audit-bulletin-a4.png'), fullPage: true });
  await page.close();
});

test('the replayed board fits its panels on a desk: nothing spills, figures stay on one line, the page’s own styles stay out', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, DESK, SCREEN]) {
    const page = await signIn('auditor', viewport);
    const board = page.locator('[data-testid=replay-board]');
    await board.locator('.cell.problems .figure').first().waitFor();
    const found = await board.evaluate((root) => {
      const faults: string[] = [];
      const box = (el: Element) => el.getBoundingClientRect();
      // Every panel but the red/yellow list (which shows what fits) holds its content inside its frame.
      for (const cell of root.querySelectorAll('.cell:not(.lights)')) {
        const frame = box(cell);
        for (const el of cell.querySelectorAll('*')) {
          // What shows of it: clipped by the boxes between it and the cell that hide their overflow (a rolling digit's strip).
          let { bottom, right } = box(el);
          const { width, height } = box(el);
          for (let up = el.parentElement; up && up !== cell; up = up.parentElement) {
            if (getComputedStyle(up).overflow === 'visible') continue;
            bottom = Math.min(bottom, box(up).bottom);
            right = Math.min(right, box(up).right);
          }
          if (width === 0 || height === 0) continue;
          if (bottom > frame.bottom + 1 || right > frame.right + 1) faults.push(`${cell.className}: ${el.tagName}.${el.className} spills`);
        }
      }
      // A figure wrapped onto a second line is taller than one and a half of its lines.
      for (const el of root.querySelectorAll('.figure, .funnel .count')) {
        const lineHeight = parseFloat(getComputedStyle(el).fontSize) * 1.5;
        if (box(el).height > lineHeight) faults.push(`${el.className} "${el.textContent}" wraps`);
      }
      // The ranking's flag column is the wallboard's, not the workbench's brand mark.
      for (const mark of root.querySelectorAll('.ranking .mark')) {
        if (getComputedStyle(mark).backgroundColor !== 'rgba(0, 0, 0, 0)') faults.push('ranking .mark has a background');
      }
      return faults;
    });
    expect({ viewport, faults: [...new Set(found)].slice(0, 10) }).toEqual({ viewport, faults: [] });
    await page.screenshot({ path: artifactPath(`audit-board-${viewport.width}.png`) });
    await page.close();
  }
});

test('a supervisor is told the workbench is not theirs', async () => {
  const page = await signIn('sup');
  await page.getByRole('heading', { name: '无权访问' }).waitFor();
  await page.close();
});
