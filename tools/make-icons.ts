// Renders the app icons (public/icons/*.png) from the two SVG sources with headless Chromium, so the PNGs that the
// web app manifest names never drift from the drawing: `npx tsx tools/make-icons.ts`, then commit the PNGs.
// public/favicon.svg is the icon (rounded, transparent corners); public/icons/maskable.svg is the same drawing
// inside the maskable safe zone (the middle 80%) on a full-bleed background.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.ts';

const PUBLIC = join(import.meta.dirname, '..', 'public');
const ICONS: { source: string; size: number; out: string }[] = [
  { source: 'favicon.svg', size: 192, out: 'icons/icon-192.png' },
  { source: 'favicon.svg', size: 512, out: 'icons/icon-512.png' },
  { source: 'icons/maskable.svg', size: 512, out: 'icons/maskable-512.png' },
  { source: 'icons/maskable.svg', size: 180, out: 'icons/apple-touch-icon.png' },
];

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const svg = readFileSync(join(PUBLIC, icon.source), 'utf8');
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:100vw;height:100vh}</style>${svg}`,
    );
    await page.screenshot({ path: join(PUBLIC, icon.out), omitBackground: true });
    await page.close();
    console.log(`made ${icon.out} (${icon.size}x${icon.size}) from ${icon.source}`);
  }
} finally {
  await browser.close();
}
