/**
 * The console on a site with no network, in a real browser (Debian's Chromium via playwright-core)
 * against the real server: after one visit it opens from its service worker with no network, shows the
 * last board it saw, checks commands with the deciders and queues them in IndexedDB (a stage going
 * backwards is refused at once); the queue survives a reload; back online each command lands exactly
 * once, even when an answer is lost on the way, and the wallboard shows it; a command whose project was
 * changed meanwhile ends as 冲突 and is re-applied. Then 挂点联系: leaders, their linked projects, this
 * month's visits, and the links due a visit. The wallboard at / gets no service worker.
 * Screenshots (390×844 and 1440×900) go to test/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { streams, type EventEnvelope } from '@battlemap/events';
import { axeViolations, launchBrowser, watchFeed } from './support/browser';
import { ConsoleDevices, DESK, PHONE, noHorizontalScroll, openProject, shot } from './support/console-devices';
import { ADMIN_PASSWORD, PASSWORD, PROJECTS, startConsoleWorld, type ConsoleWorld } from './support/console-world';
import { siteIn } from './support/wallboard-world';

jest.setTimeout(120_000);

const WALL = { width: 1920, height: 1080 };
/** Offline, the page's own requests fail by design; the browser reports each one. */
const OFFLINE_NOISE = [/ERR_INTERNET_DISCONNECTED|net::ERR_|WebSocket connection|socket\.io/i];
/** 王芳's projects (利州区): the ones her phone keeps ahead for offline use. */
const WANG_PROJECTS = [PROJECTS.alu, PROJECTS.alu2, PROJECTS.red, PROJECTS.late];

let world: ConsoleWorld;
let browser: Browser;
const devices = new ConsoleDevices(
  () => browser,
  () => world,
  'console-offline',
);

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

interface Queued {
  key: string;
  path: string;
  stream: string | null;
  state: string;
}

/** Every record of one IndexedDB store of the console, as the page sees it. */
function deviceStore<T>(page: Page, store: 'outbox' | 'streams' | 'board'): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('battlemap-console');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as T[]);
          };
        };
      }),
    store,
  );
}

/** Waits until the device keeps the board and these projects' histories (fetched ahead after sign-in). */
async function keptForOffline(page: Page, projectIds: string[]): Promise<void> {
  const wanted = projectIds.map((id) => streams.project(id));
  await world.api.eventually(async () => {
    const kept = new Set((await deviceStore<{ stream: string }>(page, 'streams')).map((s) => s.stream));
    const board = await deviceStore(page, 'board');
    return wanted.every((s) => kept.has(s)) && board.length === 1 ? true : undefined;
  }, 15_000);
  // The service worker has precached the console: /console opens with no network from now on.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
}

async function allEvents(): Promise<EventEnvelope[]> {
  return (await world.api.must<{ events: EventEnvelope[] }>('GET', '/api/events?limit=1000', undefined, world.admin, 200)).events;
}

async function goToProjects(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的项目' }).click();
  await page.locator('ul.list h2').first().waitFor();
}

/** 填报进度 on the open project page, for the month the form suggests. */
async function reportProgress(page: Page, investment: string, progress: string): Promise<void> {
  await page.getByRole('button', { name: '填报进度' }).click();
  await page.getByLabel('当月完成投资（万元）').fill(investment);
  await page.getByLabel('形象进度（%）').fill(progress);
  await page.getByRole('button', { name: '提交', exact: true }).click();
}

const queuedNote = (page: Page) => page.getByRole('status').filter({ hasText: '已存入本机“待同步”' });
const queueItems = (page: Page) => page.locator('ol.queue > li');
/** Waits until the queue page shows these states, in order. */
async function states(page: Page, wanted: string[]): Promise<void> {
  const shown = () => queueItems(page).locator('[data-state]').allInnerTexts();
  await world.api
    .eventually(async () => (JSON.stringify(await shown()) === JSON.stringify(wanted) ? true : undefined), 15_000)
    .catch(async () => expect(await shown()).toEqual(wanted));
}

const badge = (page: Page, n: number) => page.getByRole('link', { name: `待同步 ${n}`, exact: true });

describe('the console offline', () => {
  devices.scenario('offline: three commands queued, a reload with no network, back online: each lands exactly once', async () => {
    const wall = await devices.device(WALL);
    await wall.page.goto(world.boardUrl());
    await wall.page.locator('section[aria-label="实时动态"]').waitFor();
    const wallFeed = await watchFeed(wall.page);

    const { page, context } = await devices.signedIn('wang', PHONE, '', OFFLINE_NOISE);
    await page.locator('ul.list h2').first().waitFor();
    await keptForOffline(
      page,
      WANG_PROJECTS.map((p) => p.id),
    );

    // The installable console: its manifest names it in Chinese, its icons are there.
    const manifest = await page.evaluate(async () => (await fetch('/console.webmanifest')).json());
    expect(manifest).toMatchObject({
      name: '挂图作战工作台',
      short_name: '挂图作战',
      start_url: '/console',
      scope: '/console',
      lang: 'zh-CN',
    });
    for (const icon of manifest.icons as { src: string; type: string }[]) {
      const response = await world.api.request('GET', icon.src);
      expect([icon.src, response.status, response.headers.get('content-type')]).toEqual([icon.src, 200, icon.type]);
    }

    await context.setOffline(true);

    // 1. A stage move, kept on the device.
    await openProject(page, PROJECTS.alu.name);
    await page.getByRole('button', { name: '推进阶段' }).click();
    await page.getByLabel('推进到').selectOption({ label: '开工' });
    await page.getByRole('button', { name: '确认推进' }).dblclick();
    await queuedNote(page).waitFor();
    await badge(page, 1).waitFor();
    // The same move again is checked on top of the queued one: refused at once, in words, not queued.
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByRole('button', { name: '推进阶段' }).click();
    await page.getByLabel('推进到').selectOption({ label: '开工' });
    await page.getByRole('button', { name: '确认推进' }).click();
    await page.getByRole('alert').getByText('阶段只能向前推进：当前为开工，不能改为开工').waitFor();
    await page.getByRole('button', { name: '取消' }).click();
    await page
      .getByRole('region', { name: '本机待同步' })
      .getByText(/开工（待同步）/)
      .waitFor();

    // 2, 3. This month's progress on two other projects.
    await goToProjects(page);
    await openProject(page, PROJECTS.alu2.name);
    await reportProgress(page, '820', '66');
    await queuedNote(page).waitFor();
    await goToProjects(page);
    await openProject(page, PROJECTS.late.name);
    await reportProgress(page, '310', '7');
    await queuedNote(page).waitFor();
    await badge(page, 3).waitFor();

    const queued = await deviceStore<Queued>(page, 'outbox');
    expect(queued.map((q) => [q.path, q.state])).toEqual([
      [`/api/projects/${PROJECTS.alu.id}/stage`, 'queued'],
      [`/api/projects/${PROJECTS.alu2.id}/progress`, 'queued'],
      [`/api/projects/${PROJECTS.late.id}/progress`, 'queued'],
    ]);
    expect(new Set(queued.map((q) => q.key)).size).toBe(3);

    // A reload with no network: the service worker opens the console, the last board and the queue are there.
    await page.reload();
    await page
      .getByRole('status')
      .filter({ hasText: /离线 · 数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/ })
      .waitFor();
    await page.getByRole('heading', { level: 1, name: PROJECTS.late.name }).waitFor();
    await page
      .getByRole('region', { name: '本机待同步' })
      .getByText(/形象进度7%（待同步）/)
      .waitFor();
    await goToProjects(page);
    expect((await page.locator('ul.list h2').allInnerTexts()).sort()).toEqual(WANG_PROJECTS.map((p) => p.name).sort());
    await badge(page, 3).click();
    await page.getByRole('heading', { level: 1, name: '待同步' }).waitFor();
    await queueItems(page).nth(2).waitFor();
    await expect(queueItems(page).count()).resolves.toBe(3);
    await expect(queueItems(page).locator('[data-state]').allInnerTexts()).resolves.toEqual(['待同步', '待同步', '待同步']);
    await queueItems(page).first().getByText(PROJECTS.alu.name).waitFor();
    await noHorizontalScroll(page);
    await shot(page, 'console-queue-offline-390x844.png');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(DESK);
    await shot(page, 'console-queue-offline-1440x900.png');
    await page.setViewportSize(PHONE);

    // Back online, answers are lost on the way (the server did act on each) until the person presses
    // 立即同步 (a retry on the queue's own timer meanwhile loses its answer too, so the line stays to be
    // seen): the command stays queued and is sent again with the same key, and the server answers it once.
    let attempts = 0;
    let answering = false;
    await context.route(`**/api/projects/${PROJECTS.alu.id}/stage`, async (route) => {
      attempts++;
      if (answering) return route.continue();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await world.api.eventually(async () => (attempts > 0 ? true : undefined), 15_000);
    await page.getByText(/上次未能发送：网络连接失败/).waitFor();
    const lost = attempts;
    answering = true;
    await page.getByRole('button', { name: '立即同步' }).click();
    await states(page, ['已同步', '已同步', '已同步']);
    expect(attempts).toBeGreaterThan(lost);
    await shot(page, 'console-queue-synced-390x844.png');

    // On the server: exactly one event per Idempotency-Key, each on its own project, signed by 王芳.
    const landed = (await allEvents()).filter((e) => queued.some((q) => q.key === e.meta.idempotencyKey));
    expect(landed.map((e) => [e.meta.idempotencyKey, e.stream, e.type, e.meta.actor.name])).toEqual(
      queued.map((q) => [q.key, q.stream, q.path.endsWith('/stage') ? 'ProjectStageAdvanced' : 'ProgressReported', '王芳']),
    );

    // The wallboard across the room and the board API show them.
    await wallFeed.shown([`${PROJECTS.alu.name} 开工 · 王芳`]);
    await wallFeed.shown([PROJECTS.alu2.name, '形象进度66% · 王芳']);
    await wallFeed.shown([PROJECTS.late.name, '形象进度7% · 王芳']);
    const board = await world.api.must<{ projects: { id: string; stage: string; progress: number | null }[] }>(
      'GET',
      '/api/board',
      undefined,
      world.admin,
      200,
    );
    const byId = new Map(board.projects.map((p) => [p.id, p]));
    expect([byId.get(PROJECTS.alu.id)?.stage, byId.get(PROJECTS.alu2.id)?.progress, byId.get(PROJECTS.late.id)?.progress]).toEqual([
      'started',
      66,
      7,
    ]);

    // The wallboard at / has no service worker and no manifest, even on the device that installed the console.
    const screen = await context.newPage();
    await screen.goto(world.boardUrl());
    await screen.locator('section[aria-label="实时动态"]').waitFor();
    expect(
      await screen.evaluate(async () => ({
        controlled: navigator.serviceWorker.controller !== null,
        registration: (await navigator.serviceWorker.getRegistration('/')) !== undefined,
        manifest: document.querySelector('link[rel="manifest"]') !== null,
      })),
    ).toEqual({ controlled: false, registration: false, manifest: false });
  });

  devices.scenario('a queued command whose project changed meanwhile ends as 冲突 with the changes, and re-applies once', async () => {
    const { page, context } = await devices.signedIn('wang', DESK, '', OFFLINE_NOISE);
    await page.locator('ul.list h2').first().waitFor();
    await keptForOffline(page, [PROJECTS.alu2.id]);

    await context.setOffline(true);
    await openProject(page, PROJECTS.alu2.name);
    await reportProgress(page, '955', '71');
    await queuedNote(page).waitFor();
    const [item] = await deviceStore<Queued>(page, 'outbox');

    // Meanwhile 李强, in the office, corrects the project's total investment.
    const li = await world.api.login('li', PASSWORD);
    await world.api.must('PATCH', `/api/projects/${PROJECTS.alu2.id}`, { totalInvestment: 95_000 }, li, 200);

    await context.setOffline(false);
    await page.getByRole('link', { name: /^(待同步|需处理) \d+$/ }).click();
    const conflict = page.getByRole('alert').filter({ hasText: '未同步：存入后，此项目已被他人更新' });
    await conflict.waitFor({ timeout: 15_000 });
    await expect(queueItems(page).locator('[data-state]').allInnerTexts()).resolves.toEqual(['冲突']);
    await conflict.getByText('项目信息变更：总投资改为9.5亿元').waitFor();
    await conflict.getByText(/李强/).waitFor();
    await noHorizontalScroll(page);
    await shot(page, 'console-queue-conflict-1440x900.png');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await shot(page, 'console-queue-conflict-390x844.png');
    await page.setViewportSize(DESK);

    await conflict.getByRole('button', { name: '在最新数据上重新提交' }).click();
    await states(page, ['已同步']);

    const events = (await allEvents()).filter((e) => e.stream === item.stream);
    expect(events.slice(-2).map((e) => [e.type, e.meta.actor.name])).toEqual([
      ['ProjectDetailsAmended', '李强'],
      ['ProgressReported', '王芳'],
    ]);
    expect(events.filter((e) => e.meta.idempotencyKey === item.key)).toHaveLength(1);
    expect(events.filter((e) => (e.data as { investment?: number }).investment === 955)).toHaveLength(1);
  });

  devices.scenario('挂点联系: a leader’s links with this month’s visits, the unvisited one flagged, within the scope', async () => {
    const post = (path: string, body: unknown) => world.api.must('POST', path, body, world.admin);
    const site = { kind: '新建', totalInvestment: 60_000, annualPlanInvestment: 15_000, stageOn: world.today, leadUnit: '市经信局' };
    const visited = { id: 'p-link-visited', name: '利州区精密铸件智能工厂项目' };
    const due = { id: 'p-link-due', name: '利州区冷链物流园项目' };
    const away = { id: 'p-link-away', name: '苍溪县猕猴桃冷库项目' };
    await post('/api/projects', {
      ...site,
      ...visited,
      taskForceId: 'aluminum',
      regionId: 'lizhou',
      owner: '广元精铸实业有限公司',
      stage: 'started',
      location: siteIn('lizhou'),
      leaderId: 'sun',
    });
    await post('/api/projects', {
      ...site,
      ...due,
      taskForceId: 'energy',
      regionId: 'lizhou',
      owner: '利州冷链有限公司',
      stage: 'signed',
      location: siteIn('lizhou'),
      leaderId: 'sun',
    });
    await post('/api/projects', {
      ...site,
      ...away,
      taskForceId: 'food',
      regionId: 'cangxi',
      owner: '苍溪果业有限公司',
      stage: 'signed',
      location: siteIn('cangxi'),
      leaderId: 'sun',
    });
    await post('/api/inspections', {
      projectId: visited.id,
      kind: 'onsite',
      on: world.today,
      inspectorId: 'sun',
      findings: '现场办公，协调二期用电增容',
      rating: 4,
    });

    for (const [size, viewport] of [
      ['390x844', PHONE],
      ['1440x900', DESK],
    ] as const) {
      const { page } = await devices.signedIn('wang', viewport);
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '挂点联系' }).click();
      await page.getByRole('heading', { level: 1, name: '挂点联系' }).waitFor();
      const sun = page.locator('ul.leaders > li').filter({ has: page.getByRole('heading', { level: 2, name: '孙立' }) });
      await sun.waitFor();
      const link = (name: string) => sun.locator('ul.links > li').filter({ hasText: name });
      // Due first: the link with no visit this month, then the one visited today.
      await expect(sun.locator('ul.links > li .what a').allInnerTexts()).resolves.toEqual([due.name, visited.name]);
      await link(due.name).getByText('本月走访 0 次').waitFor();
      await link(due.name).getByText('最近走访 从未').waitFor();
      await link(due.name).getByText('⚠ 本月未走访').waitFor();
      await link(visited.name).getByText('本月走访 1 次').waitFor();
      await link(visited.name).getByText(`最近走访 ${world.today}`).waitFor();
      await link(visited.name).getByText('✓ 已按期走访').waitFor();
      // 苍溪县 is not 王芳's: the link there is not hers to see.
      await expect(page.getByText(away.name).count()).resolves.toBe(0);
      await noHorizontalScroll(page);
      await shot(page, `console-links-${size}.png`);
      if (size === '1440x900') expect(await axeViolations(page)).toEqual([]);
    }

    // An admin sees every link, the one in 苍溪县 too, flagged.
    const { page } = await devices.device(DESK);
    await devices.logIn(page, 'admin', '/links', ADMIN_PASSWORD);
    await page.locator('ul.links > li').filter({ hasText: away.name }).getByText('⚠ 本月未走访').waitFor();
  });

  devices.scenario(
    'offline on site: a new project, a problem on its own and 月度填报 wait in the queue and land exactly once',
    async () => {
      const { page, context } = await devices.signedIn('wang', PHONE, '', OFFLINE_NOISE);
      await page.locator('ul.list h2').first().waitFor();
      await keptForOffline(
        page,
        WANG_PROJECTS.map((p) => p.id),
      );
      await context.setOffline(true);

      // A project registered on site: its id comes from its Idempotency-Key, so the retry is the same project.
      await page.getByRole('link', { name: '新建项目' }).first().click();
      await page.getByLabel('项目名称').fill('离线登记的铝箔深加工项目');
      await page.getByLabel('业主单位').fill('广元某铝箔有限公司');
      await page.getByLabel('产业专班').selectOption({ index: 1 });
      await page.getByLabel('属地').selectOption({ label: '利州区' });
      await page.getByLabel('总投资（万元）').fill('52000');
      await page.getByLabel('年度计划投资（万元）').fill('9000');
      await page.getByLabel('进入该阶段的日期').fill('2026-11-20');
      await page.getByRole('button', { name: '登记项目' }).dblclick();
      await queuedNote(page).waitFor();
      await badge(page, 1).waitFor();

      // A problem raised on a project, on its own.
      await goToProjects(page);
      await openProject(page, PROJECTS.red.name);
      await page.getByRole('button', { name: '提出问题' }).click();
      await page.getByLabel('办结时限').fill('2027-01-15');
      await page.getByLabel('问题描述').fill('施工便道被雨水冲毁，需协调修复');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await queuedNote(page).waitFor();
      await badge(page, 2).waitFor();

      // 月度填报 for two projects: each row waits with its own key.
      await page.getByRole('link', { name: '月度填报' }).first().click();
      await page.getByRole('heading', { name: '月度填报' }).waitFor();
      for (const [project, investment, progress] of [
        [PROJECTS.alu, '2300', '58'],
        [PROJECTS.red, '1500', '41'],
      ] as const) {
        const row = page.locator('ol.rows > li').filter({ hasText: project.name });
        await row.getByLabel('当月投资（万元）').fill(investment);
        await row.getByLabel('形象进度（%）').fill(progress);
      }
      await page.getByRole('button', { name: /提交全部/ }).click();
      await page
        .getByText(/待同步 2/)
        .first()
        .waitFor();
      await expect(page.locator('ol.rows .state').allInnerTexts()).resolves.toEqual(['待同步', '待同步']);
      await noHorizontalScroll(page);
      await shot(page, 'console-report-offline-390x844.png');
      await badge(page, 4).waitFor();

      const queued = await deviceStore<Queued>(page, 'outbox');
      expect(queued.map((q) => [q.path, q.state])).toEqual([
        ['/api/projects', 'queued'],
        ['/api/problems', 'queued'],
        [`/api/projects/${PROJECTS.alu.id}/progress`, 'queued'],
        [`/api/projects/${PROJECTS.red.id}/progress`, 'queued'],
      ]);

      // A reload with no network keeps all four; back online they land, in order, once each.
      await page.reload();
      await badge(page, 4).waitFor();
      await context.setOffline(false);
      await badge(page, 4).click();
      await page.getByRole('heading', { level: 1, name: '待同步' }).waitFor();
      await page
        .getByRole('button', { name: '立即同步' })
        .click()
        .catch(() => undefined);
      await states(page, ['已同步', '已同步', '已同步', '已同步']);

      const landed = (await allEvents()).filter((e) => queued.some((q) => q.key === e.meta.idempotencyKey));
      expect(landed.map((e) => [e.meta.idempotencyKey, e.type, e.meta.actor.name])).toEqual([
        [queued[0].key, 'ProjectRegistered', '王芳'],
        [queued[1].key, 'ProblemRaised', '王芳'],
        [queued[2].key, 'ProgressReported', '王芳'],
        [queued[3].key, 'ProgressReported', '王芳'],
      ]);
      expect(landed[0].data).toMatchObject({ name: '离线登记的铝箔深加工项目', regionId: 'lizhou' });
      expect(landed[1].data).toMatchObject({ projectId: PROJECTS.red.id, description: '施工便道被雨水冲毁，需协调修复' });
    },
  );
});
