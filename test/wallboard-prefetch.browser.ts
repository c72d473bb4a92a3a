/**
 * The wallboard's first requests, in a real browser against the real server: its small entry script asks
 * for the board's snapshot over HTTP (GET /api/board/snapshot) while the screen's code loads, and the
 * socket then asks only for what came after it. Here, what happens when that goes wrong: the snapshot
 * refused (503), never answered (the first subscription waits 15 s, then the socket sends the snapshot),
 * and the screen's code itself failing to load (it says so in Chinese and reloads by itself). Each time
 * the screen ends up showing exactly what GET /api/board answers, with no script error.
 */
import type { Browser, Page, Route, WebSocket } from 'playwright-core';
import type { BoardViewDetail } from '@battlemap/events';
import { artifactPath, launchBrowser, openPage, type OpenedPage } from './support/browser';
import { startWallboardWorld, type WallboardWorld } from './support/wallboard-world';

jest.setTimeout(90_000);

const HD = { width: 1920, height: 1080 };

let world: WallboardWorld;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  const started = await Promise.allSettled([startWallboardWorld().then((w) => (world = w)), launchBrowser().then((b) => (browser = b))]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 90_000);

afterAll(async () => {
  for (const page of pages) await page.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await world?.dispose().catch(() => undefined);
});

/** What one screen asked and was sent: its snapshot requests over HTTP, and the `snapshot` messages on its socket. */
interface Traffic {
  snapshotRequests: number;
  socketSnapshots: number;
  /** The form each snapshot request and subscription asked for (the wallboard: `screen`, what it reads from today on). */
  forms: string[];
}

/** The page's own request for the board (`GET /api/board/snapshot?form=screen`), whatever its query. */
const isSnapshotRequest = (url: URL) => url.pathname === '/api/board/snapshot';

/** Opens the board with `prepare` run on the page before it navigates (routes), counting its snapshots both ways. */
async function openBoard(prepare?: (page: Page) => Promise<unknown>): Promise<OpenedPage & { traffic: Traffic }> {
  const traffic: Traffic = { snapshotRequests: 0, socketSnapshots: 0, forms: [] };
  const opened = await openPage(browser, world.boardUrl(), HD, async (page) => {
    pages.push(page);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!isSnapshotRequest(url)) return;
      traffic.snapshotRequests += 1;
      traffic.forms.push(`GET ${url.searchParams.get('form')}`);
    });
    page.on('websocket', (socket: WebSocket) => {
      socket.on('framesent', ({ payload }) => {
        // `42/board,0["subscribe",{…}]`: the subscription, with the snapshot form it asks for.
        const subscribe = typeof payload === 'string' ? /^42\/board,\d*\["subscribe",(.*)\]$/.exec(payload) : null;
        if (subscribe) traffic.forms.push(`subscribe ${(JSON.parse(subscribe[1]) as { snapshotForm?: string }).snapshotForm}`);
      });
      socket.on('framereceived', ({ payload }) => {
        // socket.io on /board: `42/board,["snapshot",…]`, or `451-/board,["snapshot",…]` with its bytes as an attachment.
        if (typeof payload === 'string' && /^4[25](\d+-)?\/board,(\d+)?\["snapshot"/.test(payload)) traffic.socketSnapshots += 1;
      });
    });
    await prepare?.(page);
  });
  return { ...opened, traffic };
}

/**
 * Until the screen is live and at the position GET /api/board answers (read again each time: the server's
 * time keeper may append while the screen loads), then both views.
 */
async function settledViews(page: Page, timeout: number): Promise<[BoardViewDetail, BoardViewDetail]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const theirs = (await world.api.must('GET', '/api/board', undefined, world.screenToken, 200)) as BoardViewDetail;
    // A page that reloads by itself (the last test) destroys the context an evaluation runs in: not there yet.
    const mine = (await page
      .evaluate(() => (window.__battlemap?.connection() === 'connected' ? window.__battlemap.view() : null))
      .catch(() => null)) as BoardViewDetail | null;
    if (mine && mine.position === theirs.position) return [mine, theirs];
    if (Date.now() > deadline) throw new Error(`the screen is at ${mine?.position ?? 'nothing'}, the server at ${theirs.position}`);
    await page.waitForTimeout(200);
  }
}

/** The board without the instant it was computed at, which differs between any two computations. */
function comparable(view: BoardViewDetail): Omit<BoardViewDetail, 'asOf'> {
  const { asOf: _asOf, ...rest } = view;
  return rest;
}

async function expectTheServersBoard(page: Page, timeout = 20_000): Promise<void> {
  const [mine, theirs] = await settledViews(page, timeout);
  expect(comparable(mine)).toEqual(comparable(theirs));
  await page.waitForFunction((count) => window.__battlemap!.mapMarkers() === count, theirs.projects.filter((p) => !p.terminated).length, {
    timeout: 5_000,
    polling: 100,
  });
}

test('paints from the prefetched snapshot: one HTTP request, no snapshot on the socket', async () => {
  const { page, trouble, traffic } = await openBoard();
  await expectTheServersBoard(page);
  expect(traffic).toEqual({ snapshotRequests: 1, socketSnapshots: 0, forms: ['GET screen', 'subscribe screen'] });
  expect(trouble).toEqual({ errors: [], dialogs: [] });
});

test('a refused prefetch leaves the socket to send the snapshot', async () => {
  const { page, trouble, traffic } = await openBoard((p) =>
    p.route(isSnapshotRequest, (route: Route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' }),
    ),
  );
  await expectTheServersBoard(page);
  expect(traffic).toMatchObject({ snapshotRequests: 1, socketSnapshots: 1 });
  // The failed request is the browser's own console line, not the page's error.
  expect(trouble.errors.filter((line) => !/503/.test(line))).toEqual([]);
  expect(trouble.dialogs).toEqual([]);
});

test('a prefetch that never answers holds the screen at most 15 s, then the socket sends the snapshot', async () => {
  const held: Route[] = [];
  const startedAt = Date.now();
  const { page, trouble, traffic } = await openBoard((p) => p.route(isSnapshotRequest, (route: Route) => void held.push(route)));
  // Meanwhile the screen says it is loading, not an empty board.
  await page.waitForSelector('text=正在连接指挥中心…', { timeout: 10_000 });
  expect(await page.evaluate(() => window.__battlemap?.view() ?? null)).toBeNull();
  await expectTheServersBoard(page, 30_000);
  const waited = Date.now() - startedAt;
  expect(held).toHaveLength(1);
  expect(traffic).toMatchObject({ snapshotRequests: 1, socketSnapshots: 1 });
  expect(waited).toBeGreaterThanOrEqual(15_000);
  process.stdout.write(`\n[wallboard-prefetch] stalled prefetch: board shown ${waited} ms after opening\n`);
  // Answered late, it is ignored: the socket's snapshot came first and the screen stays where it is.
  await held[0].fulfill({ status: 503, body: '' }).catch(() => undefined);
  await expectTheServersBoard(page);
  expect(trouble.errors.filter((line) => !/503/.test(line))).toEqual([]);
  expect(trouble.dialogs).toEqual([]);
});

test('says 大屏程序加载失败 when its code cannot be loaded, and shows the board after reloading by itself', async () => {
  let refused = 0;
  const { page, trouble } = await openBoard((p) =>
    p.route(/\/assets\/boot-[^/]+\.js$/, (route: Route) => {
      refused += 1;
      return route.abort('connectionrefused');
    }),
  );
  await page.waitForSelector('text=大屏程序加载失败，10 秒后重试…', { timeout: 10_000 });
  // Asked for by the entry script's import (and its preload), refused each time.
  expect(refused).toBeGreaterThanOrEqual(1);
  const refusedBefore = refused;
  await page.screenshot({ path: artifactPath('wallboard-code-failed-1920x1080.png') });
  // The server is back for its code: the page reloads within 10 s and paints.
  await page.unroute(/\/assets\/boot-[^/]+\.js$/);
  await expectTheServersBoard(page, 30_000);
  expect(refused).toBe(refusedBefore);
  expect(trouble.errors.filter((line) => !/ERR_CONNECTION_REFUSED|Failed to fetch dynamically imported module|boot-/.test(line))).toEqual(
    [],
  );
  expect(trouble.dialogs).toEqual([]);
});
