// Installable: the manifest is served and valid, its icons (one maskable) load at the sizes they claim, the favicon
// loads, and Chrome itself reports no installability error. Every spec imports `test` from fixtures/test.ts, whose
// automatic fixture fails a test on any 404 response; the last test here shows that it sees one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, watch404 } from './fixtures/test.ts';

// Installability as a new profile sees it: its own context per test (playwright.config.ts).
test.use({ reuseContext: false });

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;

test('the web app manifest is served and valid, and every icon it names loads at its size', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href!, page.url()).href;
  const response = await page.request.get(manifestUrl);
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
  expect(manifest).toMatchObject({ name: expect.stringContaining('KeyWire'), short_name: 'KeyWire' });
  expect(['standalone', 'fullscreen', 'minimal-ui']).toContain(manifest.display);
  expect(new URL(String(manifest.start_url), manifestUrl).href).toBe(new URL('/', page.url()).href);

  const pngs = manifest.icons.filter((i) => i.type === 'image/png');
  for (const icon of pngs) {
    const got = await page.request.get(new URL(icon.src, manifestUrl).href);
    expect(got.status(), icon.src).toBe(200);
    expect(got.headers()['content-type']).toBe('image/png');
    expect(pngSize(await got.body()), icon.src).toBe(icon.sizes);
  }
  const any = pngs.filter((i) => (i.purpose ?? 'any').split(' ').includes('any')).map((i) => i.sizes);
  expect(any).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(pngs.some((i) => i.purpose?.split(' ').includes('maskable'))).toBe(true);

  // Chrome's own verdict: the manifest parses without errors and nothing stands in the way of installing.
  const cdp = await page.context().newCDPSession(page);
  const parsed = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[] };
  expect(parsed.errors).toEqual([]);
  const install = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  // Playwright's browser contexts are off the record, which alone keeps Chrome from offering to install.
  const errors = install.installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  expect(errors).toEqual([]);
});

test('the favicon loads and decodes as an image', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  const size = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, href!);
  expect(size[0]).toBeGreaterThan(0);
  expect(size[1]).toBeGreaterThan(0);
  const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect((await page.request.get(new URL(touch!, page.url()).href)).status()).toBe(200);
});

test('every spec uses the test that fails on a 404', () => {
  const dir = join(import.meta.dirname);
  const direct = readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .filter((f) => /import \{[^}]*\btest\b[^}]*\} from '@playwright\/test'/.test(readFileSync(join(dir, f), 'utf8')));
  expect(direct).toEqual([]);
});

test('the 404 check sees a missing file', async ({ browser }) => {
  // A context of its own, so this test's deliberate 404 does not fail it through the automatic check.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const missing = watch404(context);
    const page = await context.newPage();
    await page.goto(new URL('/', test.info().project.use.baseURL).href);
    // vite preview answers a missing file with the index page (its single-page fallback), not a 404.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/icons/no-such-icon.png')),
      page.evaluate(() => fetch('/icons/no-such-icon.png')),
    ]);
    expect(missing).toEqual([`GET ${new URL('/icons/no-such-icon.png', page.url()).href}`]);
  } finally {
    await context.close();
  }
});
