/**
 * Fault, as a person in the command room sees it: the server is restarted on purpose (SIGTERM). The
 * wallboard says 服务器重启中 (not the red 连接中断 alarm), greys its data, reconnects by itself when the
 * server is back, and catches up. Screenshots go to test/artifacts/ (gitignored).
 */
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser, openPage, type OpenedPage } from './support/browser';
import { startWallboardWorld, type WallboardWorld } from './support/wallboard-world';

jest.setTimeout(90_000);

let world: WallboardWorld;
let browser: Browser;
let board: OpenedPage;

beforeAll(async () => {
  const started = await Promise.allSettled([startWallboardWorld().then((w) => (world = w)), launchBrowser().then((b) => (browser = b))]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
  board = await openPage(browser, world.boardUrl(), { width: 1920, height: 1080 });
}, 90_000);

afterAll(async () => {
  await board?.page.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await world?.dispose().catch(() => undefined);
});

const badgeText = (page: Page) => page.locator('.board-header .badge').innerText();

test('says 服务器重启中 on SIGTERM, then reconnects by itself and shows what it missed', async () => {
  const { page, trouble } = board;
  await page.waitForFunction(() => document.querySelector('.board-header .badge')?.textContent?.includes('实时'), null, {
    timeout: 20_000,
  });

  await world.server.stop('SIGTERM');
  await page.waitForFunction(() => document.querySelector('.board-header .badge')?.textContent?.includes('重启中'), null, {
    timeout: 10_000,
  });
  expect(await badgeText(page)).toContain('服务器重启中');
  // Still 重启中 (not the alarm) while the server is away and the screen retries.
  await page.waitForTimeout(1_500);
  expect(await badgeText(page)).toContain('服务器重启中');
  expect(await page.locator('.stale-banner').innerText()).toContain('服务器重启中，稍后自动重连');
  await page.screenshot({ path: artifactPath('wallboard-restarting-1920x1080.png') });

  await world.restart();
  const sent = await world.api.must(
    'POST',
    '/api/projects/p-alu/progress',
    { month: world.today.slice(0, 7), investment: 9_000, progress: 15 },
    world.admin,
  );
  await page.waitForFunction(
    (target) =>
      window.__battlemap?.view()?.position === target && document.querySelector('.board-header .badge')?.textContent?.includes('实时'),
    sent.position,
    { timeout: 30_000, polling: 100 },
  );
  expect(await page.locator('.stale-banner').count()).toBe(0);
  await page.waitForTimeout(1_200);
  await page.screenshot({ path: artifactPath('wallboard-after-restart-1920x1080.png') });
  expect(trouble.errors).toEqual([]);
});
