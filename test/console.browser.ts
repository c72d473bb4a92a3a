/**
 * The supervisors' console (/console) in a real browser (Debian's Chromium via playwright-core)
 * against the real server: a supervisor on a phone advances a stage and the open wallboard shows it;
 * what is out of scope is neither offered nor writable; two people on one project meet a 409 and the
 * second re-applies; month-end reporting for 20 projects in one go; no serious axe-core violations.
 * Screenshots (390×844 and 1440×900) go to test/artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EventEnvelope } from '@battlemap/events';
import { artifactPath, axeViolations, launchBrowser, watchFeed } from './support/browser';
import { MONTH_END_PROJECTS, PASSWORD, PEOPLE, PROJECTS, startConsoleWorld, type ConsoleWorld, type Person } from './support/console-world';

jest.setTimeout(90_000);

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };

let world: ConsoleWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];
const troubles: string[] = [];

beforeAll(async () => {
  const started = await Promise.allSettled([startConsoleWorld().then((w) => (world = w)), launchBrowser().then((b) => (browser = b))]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 120_000);

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await world?.dispose().catch(() => undefined);
});

afterEach(async () => {
  // Each test's devices close with it: open pages (a wallboard animating its map) would slow the next one.
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  // Script errors and dialogs are failures wherever they happen.
  const seen = troubles.splice(0);
  expect(seen).toEqual([]);
});

/** A test that leaves a screenshot of every open page behind when it fails, to see what the person saw. */
function scenario(name: string, body: () => Promise<void>): void {
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      const pages = contexts.flatMap((context) => context.pages());
      for (const [i, page] of pages.entries()) {
        await page
          .screenshot({ path: artifactPath(`console-failed-${name.slice(0, 24)}-${i}.png`), fullPage: true })
          .catch(() => undefined);
      }
      throw error;
    }
  });
}

/** A fresh browser profile (its own localStorage): one person on one device. */
async function device(viewport: { width: number; height: number }): Promise<Page> {
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => troubles.push(`pageerror: ${String(error)}`));
  page.on('console', (message) => {
    // A refused request shows in the console as a failed resource; the page handles it in words.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) troubles.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    troubles.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

async function logIn(page: Page, username: Person | 'screen-wall', path = ''): Promise<void> {
  await page.goto(world.consoleUrl(path));
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

async function signedIn(username: Person, viewport: { width: number; height: number }, path = ''): Promise<Page> {
  const page = await device(viewport);
  await logIn(page, username, path);
  await page.getByRole('button', { name: '退出' }).waitFor();
  return page;
}

/** Opens a project from the list, as a person does: by tapping its card. */
async function openProject(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  // The page is ready to take commands once its history (and the revision it checks against) is loaded.
  await page.getByRole('region', { name: '变更记录' }).locator('li').first().waitFor();
}

function cardNames(page: Page): Promise<string[]> {
  return page.locator('ul.list h2').allInnerTexts();
}

async function history(projectId: string): Promise<EventEnvelope[]> {
  return (await world.api.must<{ events: EventEnvelope[] }>('GET', `/api/projects/${projectId}/history`, undefined, world.admin, 200))
    .events;
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(client);
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(400); // the chart's first frame and web fonts settle
  await page.screenshot({ path: artifactPath(name), fullPage });
}

describe('the console', () => {
  scenario('a supervisor on a phone logs in, advances a stage, and the open wallboard shows it', async () => {
    const board = await device({ width: 1920, height: 1080 });
    await board.goto(world.boardUrl());
    await board.locator('section[aria-label="实时动态"]').waitFor();
    const feed = await watchFeed(board);

    const page = await device(PHONE);
    await page.goto(world.consoleUrl());
    await expect(page.locator('input[name="username"]').getAttribute('autocomplete')).resolves.toBe('username');
    await expect(page.locator('input[name="password"]').getAttribute('autocomplete')).resolves.toBe('current-password');
    await logIn(page, 'wang');
    await page.getByRole('heading', { name: '我的项目' }).waitFor();
    await page.getByText('负责范围：利州区').waitFor();

    // 王芳 sees her county's four projects and nothing else, red first, then yellow, then green.
    await page.locator('ul.list h2').first().waitFor();
    expect((await cardNames(page)).sort()).toEqual([PROJECTS.alu.name, PROJECTS.alu2.name, PROJECTS.red.name, PROJECTS.late.name].sort());
    const lights = await page.locator('ul.list .badge').allInnerTexts();
    expect(lights).toEqual([...lights].sort((a, b) => ['红灯', '黄灯', '绿灯'].indexOf(a) - ['红灯', '黄灯', '绿灯'].indexOf(b)));
    expect(lights).toEqual(expect.arrayContaining(['红灯', '黄灯', '绿灯']));
    await noHorizontalScroll(page);

    await openProject(page, PROJECTS.alu.name);
    await noHorizontalScroll(page);
    await page.getByRole('button', { name: '推进阶段' }).click();
    await page.getByLabel('推进到').selectOption({ label: '开工' });
    const send = page.getByRole('button', { name: '确认推进' });
    // A double tap: the second tap lands on a disabled button, and nothing is sent twice.
    await send.dblclick();
    await page.getByText('已推进到“开工”').waitFor();
    // The header follows the live board: the event comes back over the socket a moment after the 201.
    await page.locator('.project .tags').getByText('开工', { exact: true }).waitFor();
    await page.getByRole('region', { name: '变更记录' }).getByText('开工', { exact: true }).waitFor();

    const advanced = (await history(PROJECTS.alu.id)).filter((e) => e.type === 'ProjectStageAdvanced');
    expect(advanced.map((e) => [e.data, e.meta.actor.name])).toEqual([
      [expect.objectContaining({ from: 'signed', to: 'started', on: world.today }), '王芳'],
    ]);

    // The wallboard across the room: its live feed names the project, the stage and the person.
    await feed.shown([`${PROJECTS.alu.name} 开工 · 王芳`], 5_000);

    // The session survives a reload; logging out ends it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: PROJECTS.alu.name }).waitFor();
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByText('已退出登录').waitFor();
    await expect(page.evaluate(() => localStorage.getItem('battlemap.console.session'))).resolves.toBeNull();
  });

  scenario('a screen account cannot use the console, and an expired session returns to the login with a reason', async () => {
    const page = await device(DESK);
    await logIn(page, 'screen-wall');
    await page.getByRole('alert').getByText('大屏账号只能用于指挥中心大屏，不能登录工作台').waitFor();
    await expect(page.evaluate(() => localStorage.getItem('battlemap.console.session'))).resolves.toBeNull();

    await logIn(page, 'wang');
    await page.getByRole('heading', { name: '我的项目' }).waitFor();
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('battlemap.console.session')!);
      localStorage.setItem('battlemap.console.session', JSON.stringify({ ...session, token: 'revoked-token' }));
    });
    await page.reload();
    await page.getByText('登录已失效，请重新登录').waitFor();
    await page.locator('input[name="username"]').waitFor();
  });

  scenario(
    'an out-of-scope project is not offered, is read-only, and a crafted request is refused in Chinese and writes nothing',
    async () => {
      const page = await signedIn('wang', DESK);
      await page.locator('ul.list h2').first().waitFor();
      expect(await cardNames(page)).not.toContain(PROJECTS.kiwi.name);
      await page.getByLabel('搜索').fill('猕猴桃');
      await page.getByText('没有符合条件的项目').waitFor();

      // Typed into the address bar: shown, but with no way to change it.
      await page.goto(world.consoleUrl(`/projects/${PROJECTS.kiwi.id}`));
      await page.getByRole('heading', { level: 1, name: PROJECTS.kiwi.name }).waitFor();
      await page.getByText('此项目不在您负责的专班或属地范围内，只能查看，不能变更。').waitFor();
      await expect(page.getByRole('button', { name: '推进阶段' }).count()).resolves.toBe(0);

      const before = await history(PROJECTS.kiwi.id);
      const crafted = await page.evaluate(async (today) => {
        const { token } = JSON.parse(localStorage.getItem('battlemap.console.session')!);
        const response = await fetch('/api/projects/p-kiwi/stage', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ stage: 'completed', on: today }),
        });
        return { status: response.status, body: await response.json() };
      }, world.today);
      expect(crafted).toEqual({ status: 403, body: { error: 'out_of_scope', message: '不在您负责的专班或属地范围内' } });
      expect(await history(PROJECTS.kiwi.id)).toEqual(before);
    },
  );

  scenario('a scope withdrawn while the form is open: the refusal is shown at the form, nothing is written', async () => {
    const page = await signedIn('sun', PHONE);
    await openProject(page, PROJECTS.kiwi.name);
    await page.getByRole('button', { name: '填报进度' }).click();
    await page.getByLabel('当月完成投资（万元）').fill('900');
    await page.getByLabel('形象进度（%）').fill('40');

    await world.api.must('POST', '/api/accounts/sun/scopes', { revoke: { taskForces: [], regions: ['cangxi'] } }, world.admin);
    const before = await history(PROJECTS.kiwi.id);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('alert').getByText('不在您负责的专班或属地范围内').waitFor();
    expect(await history(PROJECTS.kiwi.id)).toEqual(before);
  });

  scenario('two people edit one project: the second sees the 409 with the other change in words and re-applies', async () => {
    const first = await signedIn('wang', DESK);
    await openProject(first, PROJECTS.alu2.name);
    const second = await signedIn('li', PHONE);
    await openProject(second, PROJECTS.alu2.name);

    // 李强 corrects the total investment on his phone.
    await second.getByRole('button', { name: '修改信息' }).click();
    await second.getByLabel('总投资（万元）').fill('90000');
    await second.getByRole('button', { name: '保存修改' }).click();
    await second.getByText('已保存项目信息').waitFor();

    // 王芳, on the page she loaded before, reports this month's progress.
    await first.getByRole('button', { name: '填报进度' }).click();
    await first.getByLabel('当月完成投资（万元）').fill('800');
    await first.getByLabel('形象进度（%）').fill('63');
    await first.getByRole('button', { name: '提交', exact: true }).click();
    const conflict = first.getByRole('alert').filter({ hasText: '未提交：您打开此页后，数据已被他人更新' });
    await conflict.waitFor();
    await conflict.getByText('项目信息变更：总投资改为9.0亿元').waitFor();
    await conflict.getByText(/李强/).waitFor();
    await shot(first, 'console-409-1440x900.png');

    await conflict.getByRole('button', { name: '在最新数据上重新提交' }).click();
    await first.getByText(/已填报 \d{4}-\d{2} 进度/).waitFor();

    const events = await history(PROJECTS.alu2.id);
    const last = events.slice(-2).map((e) => [e.type, e.meta.actor.name]);
    expect(last).toEqual([
      ['ProjectDetailsAmended', '李强'],
      ['ProgressReported', '王芳'],
    ]);
    expect(events.filter((e) => e.type === 'ProgressReported' && (e.data as { investment: number }).investment === 800)).toHaveLength(1);
  });

  scenario('month-end: 20 projects reported in one go, every row 已提交, 20 events with 20 keys', async () => {
    const page = await signedIn('zhao', DESK);
    await page.getByRole('link', { name: '月度填报' }).click();
    await page.getByRole('heading', { name: '月度填报' }).waitFor();
    const rows = page.locator('ol.rows > li');
    // The heading shows before the list is filled from the board: wait for the twentieth row, then count.
    await rows.nth(19).waitFor();
    await expect(rows.count()).resolves.toBe(20);

    for (let i = 0; i < 20; i++) {
      const row = rows.nth(i);
      await row.getByLabel('当月投资（万元）').fill(String(300 + i * 10));
      await row.getByLabel('形象进度（%）').fill(String(20 + i));
      if (i % 5 === 0) await row.getByLabel('节点（可选）').fill('主体封顶');
    }
    await page.getByRole('button', { name: '提交全部（20 行）' }).click();
    await page.getByText('已处理 20/20：成功 20，未成功 0').waitFor({ timeout: 20_000 });
    await expect(page.locator('ol.rows .state').allInnerTexts()).resolves.toEqual(Array(20).fill('已提交'));
    await shot(page, 'console-report-done-1440x900.png');

    const reported = (
      await world.api.must<{ events: EventEnvelope[] }>('GET', '/api/events?type=ProgressReported&limit=1000', undefined, world.admin, 200)
    ).events.filter((e) => e.stream.startsWith('project-z-'));
    expect(reported).toHaveLength(20);
    expect(new Set(reported.map((e) => e.stream))).toEqual(new Set(MONTH_END_PROJECTS.map((p) => `project-${p.id}`)));
    expect(new Set(reported.map((e) => e.meta.idempotencyKey)).size).toBe(20);
    expect(reported.every((e) => e.meta.actor.name === PEOPLE.zhao.displayName)).toBe(true);
  });

  scenario('no serious or critical axe-core violations on the login, the project list and a project page', async () => {
    const page = await device(DESK);
    await page.goto(world.consoleUrl());
    await page.locator('input[name="username"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await logIn(page, 'wang');
    await page.locator('ul.list h2').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await openProject(page, PROJECTS.alu2.name);
    await page.getByRole('button', { name: '记录督查' }).click();
    expect(await axeViolations(page)).toEqual([]);
  });

  scenario('screenshots of the login, the list, a project and 月度填报 on a phone and a desk', async () => {
    for (const [size, viewport] of [
      ['390x844', PHONE],
      ['1440x900', DESK],
    ] as const) {
      const page = await device(viewport);
      await page.goto(world.consoleUrl());
      await page.locator('input[name="username"]').waitFor();
      await shot(page, `console-login-${size}.png`);
      await logIn(page, 'wang');
      await page.locator('ul.list h2').first().waitFor();
      await noHorizontalScroll(page);
      await shot(page, `console-projects-${size}.png`);
      await openProject(page, PROJECTS.alu2.name);
      await noHorizontalScroll(page);
      await shot(page, `console-project-${size}.png`);
      await shot(page, `console-project-full-${size}.png`, true);
      await page.getByRole('link', { name: '月度填报' }).click();
      await page.locator('ol.rows > li').first().waitFor();
      await noHorizontalScroll(page);
      await shot(page, `console-report-${size}.png`);
    }
  });
});
