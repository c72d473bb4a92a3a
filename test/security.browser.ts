import type { Browser } from 'playwright-core';
import { launchBrowser, testWebDist } from './support/browser';
import { RunningServer, startServer } from './support/server';

/**
 * Security headers as a browser meets them: every page of the product (the wallboard, the console,
 * the API docs) runs under the Content-Security-Policy without a single violation, and the answers
 * carry the headers a person's browser relies on.
 */
describe('security headers in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ env: { ADMIN_PASSWORD: 'security-admin-password', WEB_DIST: testWebDist() } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(['/', '/console', '/api/docs'])('%s loads with the CSP and breaks none of it', async (path) => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Refused to: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    // The page really ran its scripts: a blocked bundle would leave the static placeholder.
    expect(await page.evaluate(() => document.scripts.length)).toBeGreaterThan(0);
    expect(await page.locator('body').innerText()).not.toBe('');
    expect(violations).toEqual([]);
    await page.close();
  });
});
