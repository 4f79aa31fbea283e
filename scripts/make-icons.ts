// Draws the PNG icons of the installable app from client/public/icon.svg and icon-maskable.svg
// with the system's Chromium (the SVGs stay the one source of the design). The PNGs are
// committed: run this again only when an SVG changes.
//   node --import tsx scripts/make-icons.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const publicDir = fileURLToPath(new URL('../client/public/', import.meta.url));

/** iOS wants a 180 px apple-touch-icon; Android and Chromium's install check want 192 and 512. */
const icons = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  // iOS draws its own rounded corners and shows transparency as black: the maskable (full bleed) one.
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const icon of icons) {
  const svg = readFileSync(join(publicDir, icon.svg), 'utf8');
  await page.setViewportSize({ width: icon.size, height: icon.size });
  await page.setContent(
    `<body style="margin:0;background:transparent"><img style="display:block;width:${icon.size}px;height:${icon.size}px" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body>`,
  );
  await page.screenshot({ path: join(publicDir, icon.png), omitBackground: true });
  process.stdout.write(`wrote client/public/${icon.png}\n`);
}
await browser.close();
