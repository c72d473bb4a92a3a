// Renders the console's PWA icons (public/console-icons/*.png) from icon.svg with Debian's Chromium:
// `node scripts/console-icons.mjs` after changing the drawing. The maskable icon is the same drawing,
// scaled into the safe zone on a full-bleed background.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../public/console-icons/', import.meta.url));
const icon = readFileSync(dir + 'icon.svg', 'utf8');
const maskable = icon
  .replace(' rx="104"', '')
  .replace(/(<rect[^>]*\/>)([\s\S]*)(<\/svg>)/, '$1<g transform="translate(51.2 51.2) scale(.8)">$2</g>$3');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [svg, file, size, transparent] of [
  [icon, 'icon-192.png', 192, true],
  [icon, 'icon-512.png', 512, true],
  [maskable, 'maskable-512.png', 512, false],
  [maskable, 'apple-touch-icon.png', 180, false],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
  await page.screenshot({ path: dir + file, omitBackground: transparent, clip: { x: 0, y: 0, width: size, height: size } });
}
await browser.close();
