import type { Browser } from 'playwright-core';
import { launchBrowser, testWebDist } from './support/browser';
import { Api } from './support/http-client';
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

  it("a screen link's token leaves the address bar for the browser's storage, and the board still comes back after a reload", async () => {
    const api = new Api(server.url);
    const admin = await api.login('admin', 'security-admin-password');
    await api.must(
      'POST',
      '/api/accounts',
      { username: 'screen-url', displayName: '链接测试大屏', role: 'screen', password: 'screen-url-password' },
      admin,
    );
    const { token } = await api.must<{ token: string }>('POST', '/api/accounts/screen-url/screen-token', {}, admin);
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${encodeURIComponent(token)}&title=${encodeURIComponent('链接测试')}`, { waitUntil: 'load' });
    await page.getByText('实时').first().waitFor({ timeout: 15_000 });
    const url = new URL(page.url());
    expect(url.searchParams.has('token')).toBe(false);
    expect(url.searchParams.get('title')).toBe('链接测试');
    expect(await page.evaluate(() => localStorage.getItem('battlemap.token'))).toBe(token);
    await page.reload({ waitUntil: 'load' });
    await page.getByText('实时').first().waitFor({ timeout: 15_000 });
    expect(page.url()).not.toContain(token);
    await page.close();
  });
});
