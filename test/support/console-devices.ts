/**
 * People on devices for the console's browser suites: each device is a fresh browser profile (its own
 * localStorage, IndexedDB and service workers), whose script errors, console errors and dialogs are
 * collected as failures; a failed scenario leaves a screenshot of every open page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactPath } from './browser';
import { PASSWORD, type ConsoleWorld, type Person } from './console-world';

export interface Viewport {
  width: number;
  height: number;
}

export interface Device {
  context: BrowserContext;
  page: Page;
}

export const PHONE: Viewport = { width: 390, height: 844 };
export const DESK: Viewport = { width: 1440, height: 900 };

export class ConsoleDevices {
  readonly #contexts: BrowserContext[] = [];
  readonly #troubles: string[] = [];

  constructor(
    private readonly browser: () => Browser,
    private readonly world: () => ConsoleWorld,
    /** Failure screenshots are named after it. */
    private readonly suite: string,
  ) {}

  /** `test`, plus a screenshot of every open page when it fails. */
  scenario(name: string, body: () => Promise<void>, timeoutMs?: number): void {
    test(
      name,
      async () => {
        try {
          await body();
        } catch (error) {
          for (const [i, page] of this.#contexts.flatMap((context) => context.pages()).entries()) {
            await page
              .screenshot({ path: artifactPath(`${this.suite}-failed-${name.slice(0, 24)}-${i}.png`), fullPage: true })
              .catch(() => undefined);
          }
          throw error;
        }
      },
      timeoutMs,
    );
  }

  /** Closes this test's devices and returns what went wrong on them (script errors, dialogs). */
  async closeAll(): Promise<string[]> {
    for (const context of this.#contexts.splice(0)) await context.close().catch(() => undefined);
    return this.#troubles.splice(0);
  }

  /** A fresh browser profile: one person on one device. `expected` are console errors the scenario causes. */
  async device(viewport: Viewport, expected: RegExp[] = []): Promise<Device> {
    const phone = viewport.width < 600;
    const context = await this.browser().newContext({
      viewport,
      deviceScaleFactor: phone ? 2 : 1,
      isMobile: phone,
      hasTouch: phone,
      locale: 'zh-CN',
      serviceWorkers: 'allow',
    });
    this.#contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => this.#troubles.push(`pageerror: ${String(error)}`));
    page.on('console', (message) => {
      // A refused request shows in the console as a failed resource; the page handles it in words.
      if (message.type() !== 'error' || /Failed to load resource/.test(message.text())) return;
      if (!expected.some((pattern) => pattern.test(message.text()))) this.#troubles.push(`console: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      this.#troubles.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return { context, page };
  }

  async logIn(page: Page, username: Person | 'admin', path = '', password = PASSWORD): Promise<void> {
    await page.goto(this.world().consoleUrl(path));
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出' }).waitFor();
  }

  async signedIn(username: Person, viewport: Viewport, path = '', expected: RegExp[] = []): Promise<Device> {
    const device = await this.device(viewport, expected);
    await this.logIn(device.page, username, path);
    return device;
  }
}

/** Opens a project from the list, as a person does, and waits until it can take commands (its history is there). */
export async function openProject(page: Page, name: string): Promise<void> {
  await page
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('region', { name: '变更记录' }).locator('li').first().waitFor();
}

export async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(client);
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(400); // fonts and the last frame settle
  await page.screenshot({ path: artifactPath(name), fullPage });
}
