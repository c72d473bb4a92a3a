/** Debian's Chromium driven by playwright-core, for the browser suites. Browsers are never downloaded. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

/**
 * The web app as the browser suites drive it: the production bundle plus the probe below, built by
 * `npm run build:test -w web` (npm run test:browser does) and served by the server through WEB_DIST.
 */
export function testWebDist(): string {
  const dist = join(ROOT, 'web', 'dist-test');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} is missing: run npm run build:test -w web`);
  return dist;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // A UTF-8 locale whatever the caller's (CI may run with none): under the C locale Chromium cannot write a
    // Chinese file name and saves every download as "download" (导入检查结果.xlsx came out so under `env -i`).
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      // A board left alone must keep its timers and frames running, as on a command-room PC.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--js-flags=--expose-gc',
    ],
  });
}

/** What a page did that a screen must never do: script errors, console errors, dialogs. */
export interface PageTrouble {
  errors: string[];
  dialogs: string[];
}

export interface OpenedPage {
  page: Page;
  trouble: PageTrouble;
}

/**
 * Opens a page at a viewport, recording errors and dismissing (and recording) every dialog; `prepare`
 * runs on the page before it navigates (routes, listeners).
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  prepare?: (page: Page) => Promise<unknown>,
): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const trouble: PageTrouble = { errors: [], dialogs: [] };
  page.on('pageerror', (error) => trouble.errors.push(String(error)));
  page.on('console', (message) => {
    // A killed server makes the socket's reconnection attempts fail loudly; that is expected noise.
    if (message.type() === 'error' && !/ERR_CONNECTION_REFUSED|WebSocket connection|socket\.io/i.test(message.text())) {
      trouble.errors.push(message.text());
    }
  });
  page.on('dialog', (dialog) => {
    trouble.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await prepare?.(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, trouble };
}

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * axe-core's serious and critical violations on the page as it is now, one line each with the rule
 * id and the elements it found (empty when there are none). axe is evaluated through the DevTools
 * protocol, not added as a script tag, which the pages' Content-Security-Policy (no inline script) refuses.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Collects garbage (twice: weak references and finalizers free more on the second pass) and reads the JS heap. */
export async function heapAfterGc(page: Page): Promise<{ usedMB: number; totalMB: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    return { usedMB: usedSize / 2 ** 20, totalMB: totalSize / 2 ** 20 };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The page's `window.__battlemap` (web/src/lib/probe.ts, in test builds only), as the tests use it. */
export interface WallboardProbe {
  position(): string | null;
  view(): import('@battlemap/events').BoardViewDetail | null;
  connection(): 'connecting' | 'connected' | 'disconnected' | 'refused';
  mapMarkers(): number | null;
  mapProjectIds(): string[] | null;
  mapCounties(): { name: string; count: number; red: number }[] | null;
  mapPoint(location: [number, number]): { x: number; y: number } | null;
  /** The same location on the chart under the markers, which draws the counties. */
  baseMapPoint(location: [number, number]): { x: number; y: number } | null;
  /** Where the markers canvas draws a location, or null before it drew. */
  markerPoint(location: [number, number]): { x: number; y: number } | null;
  /** A county bubble's centre, or null when no bubble has that name. */
  mapCountyPoint(name: string): { x: number; y: number } | null;
  /** The county labels as ECharts drew them (their plates, page coordinates), or null before the map is drawn. */
  mapLabelBoxes(): { name: string; left: number; top: number; right: number; bottom: number }[] | null;
  feed(envelopes: import('@battlemap/events').EventEnvelope[]): void;
}

declare global {
  interface Window {
    __battlemap?: WallboardProbe;
  }
}

/** What the wallboard's 实时动态 has shown since `watchFeed` began (see there). */
export interface FeedWatch {
  /** Waits until some line shown contains every one of `parts`; the error lists what was shown. */
  shown(parts: string[], timeoutMs?: number): Promise<void>;
}

/**
 * Notes every line the wallboard's 实时动态 shows from now on. The feed holds the newest five lines
 * (22 on an LED wall), and a line no person wrote can come in between at any time (the light watcher's
 * 亮红灯 of another county's project as the clock moves): a check that looks at the feed once may find a
 * person's line already pushed out. It reads what the screen showed instead.
 */
export async function watchFeed(page: Page): Promise<FeedWatch> {
  await page.evaluate(() => {
    const seen: string[] = [];
    const note = () => {
      for (const line of document.querySelectorAll('section[aria-label="实时动态"] li .text')) {
        const text = line.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    };
    note();
    // The body, not the panel: the panel is made again when the board comes back after a disconnect.
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true });
    (window as unknown as { feedSeen: string[] }).feedSeen = seen;
  });
  const seen = () => page.evaluate(() => (window as unknown as { feedSeen: string[] }).feedSeen.slice());
  return {
    async shown(parts, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const lines = await seen();
        if (lines.some((line) => parts.every((part) => line.includes(part)))) return;
        if (Date.now() > deadline) {
          throw new Error(`实时动态 showed no line with ${JSON.stringify(parts)} in ${timeoutMs} ms; it showed:\n${lines.join('\n')}`);
        }
        await page.waitForTimeout(100);
      }
    },
  };
}
