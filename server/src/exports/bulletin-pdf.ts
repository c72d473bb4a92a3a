import type { Bulletin } from '@battlemap/events';
import { existsSync } from 'node:fs';

/** Where Chromium is looked for; the PDF is refused (503) when it is not there. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why a PDF cannot be made here, in Chinese; null when it can. */
export function pdfUnavailable(auditPage: string): string | null {
  if (!existsSync(CHROMIUM_PATH)) return '服务器未安装 Chromium，无法生成 PDF。请打开通报页面用浏览器“打印”另存为 PDF，或下载 XLSX。';
  if (!existsSync(auditPage)) return '服务器缺少审计工作台的页面文件（web/dist/audit.html），无法生成 PDF。请先构建前端。';
  return null;
}

/**
 * The bulletin's print page (/audit/bulletin/<month>) printed to A4 by headless Chromium. The page gets
 * the bulletin already built (an init script sets it), so the browser needs no token and reads nothing.
 */
export async function printBulletin(pageUrl: string, bulletin: Bulletin): Promise<Buffer> {
  // Loaded on demand: only this route needs it, and a server without it still starts.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.addInitScript((data) => {
      (globalThis as unknown as { __BATTLEMAP_BULLETIN__: unknown }).__BATTLEMAP_BULLETIN__ = data;
    }, bulletin);
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForSelector('[data-bulletin-ready]', { timeout: 20_000 });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
