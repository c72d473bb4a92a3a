#!/usr/bin/env node
/**
 * Dev tool: screenshots of the wallboard at the sizes command rooms use, into test/artifacts/.
 *   node web/scripts/screenshots.mjs [baseUrl]      (default http://localhost:3100, the mock server)
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = require(join(root, 'node_modules', 'playwright-core'));
const base = process.argv[2] ?? 'http://localhost:3100';
const out = join(root, 'test', 'artifacts');
mkdirSync(out, { recursive: true });

const token = process.env.TOKEN ?? 'demo';
const shots = (process.env.SHOTS ?? 'hd,4k,wall,region,taskforce,notoken').split(',');
const SPECS = {
  hd: { w: 1920, h: 1080, query: `?token=${token}` },
  '4k': { w: 3840, h: 2160, query: `?token=${token}` },
  wall: { w: 5760, h: 1080, query: `?token=${token}` },
  region: { w: 1920, h: 1080, query: `?token=${token}&region=cangxi` },
  taskforce: { w: 1920, h: 1080, query: `?token=${token}&taskForce=aluminum` },
  notoken: { w: 1920, h: 1080, query: '' },
  badtoken: { w: 1920, h: 1080, query: '?token=wrong' },
  rotate: { w: 1920, h: 1080, query: `?token=${token}&rotate=5`, wait: 12_000 },
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  for (const name of shots) {
    const spec = SPECS[name];
    const page = await browser.newPage({ viewport: { width: spec.w, height: spec.h } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('dialog', (d) => {
      errors.push(`DIALOG: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(base + '/' + spec.query, { waitUntil: 'load' });
    await page.waitForTimeout(spec.wait ?? 7000);
    const file = join(out, `wallboard-${process.env.PREFIX ?? ''}${name}-${spec.w}x${spec.h}.png`);
    await page.screenshot({ path: file });
    if (spec.w / spec.h > 3) {
      // Halves too, so a 5760-wide wall can be looked at without shrinking it to a strip.
      for (const [half, x] of [
        ['left', 0],
        ['right', spec.w / 2],
      ]) {
        await page.screenshot({ path: file.replace('.png', `-${half}.png`), clip: { x, y: 0, width: spec.w / 2, height: spec.h } });
      }
    }
    console.log(file, errors.length ? `errors: ${errors.join(' | ')}` : '');
    await page.close();
  }
} finally {
  await browser.close();
}
