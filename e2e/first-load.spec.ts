// The first screen in the production build: Provision's start view, from the first-screen chunks only (the entry
// and its static imports, as tools/bundle-budget.ts counts them), listing every emulated board from the catalog
// without making the emulator lab; laid out for a desk and a phone.
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { sidewaysScroll, smallTargets } from './fixtures/layout.ts';
import { EMULATED_BOARD_CATALOG } from '../src/devices/emulator/catalog.ts';
import { firstScreenKeys, readManifest } from '../tools/bundle-budget.ts';
import type {} from '../src/app/emulator-ready.ts';

// A first load in a fresh profile, as a new user's: its own context per test (playwright.config.ts).
test.use({ reuseContext: false });

const manifest = readManifest(join(import.meta.dirname, '..', 'dist'));
const FIRST_SCREEN_FILES = new Set(firstScreenKeys(manifest).map((k) => manifest[k]!.file));

/** Every JavaScript file the page asked for, as a path under dist/. */
function scriptsAsked(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname.slice(1);
    if (path.endsWith('.js')) asked.push(path);
  });
  return asked;
}

test('the first screen loads only the first-screen chunks and lists every emulated board', async ({ page }) => {
  const asked = scriptsAsked(page);
  await page.goto('/#/provision');
  await expect(page.getByRole('heading', { name: 'Connect a board', level: 2 })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Connect: now' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect a board', exact: true })).toBeVisible();
  for (const board of EMULATED_BOARD_CATALOG)
    await expect(page.getByRole('button', { name: `Connect ${board.label}`, exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.filter((f) => !FIRST_SCREEN_FILES.has(f))).toEqual([]);
  // Nothing of the lab was made, and no cue or error stands on a screen that loaded.
  expect(await page.evaluate(() => 'keywireEmulator' in window)).toBe(false);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
});

test('the emulator lab loads when a test or the console asks for it, and then its boards are there', async ({
  page,
}) => {
  await page.goto('/#/provision');
  await expect(page.getByRole('heading', { name: 'Connect a board', level: 2 })).toBeVisible();
  const ids = await page.evaluate(async () => (await window.keywireEmulatorReady!()).boards().map((b) => b.id));
  expect(ids).toEqual(EMULATED_BOARD_CATALOG.map((b) => b.id));
  expect(await page.evaluate(() => 'keywireEmulator' in window)).toBe(true);
});

for (const size of [
  { width: 1280, height: 800, phone: false },
  { width: 390, height: 844, phone: true },
]) {
  test(`the start view at ${size.width}x${size.height}: no sideways scroll${size.phone ? ', fingertip targets' : ''}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto('/#/provision');
    await expect(page.getByRole('heading', { name: 'Connect a board', level: 2 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect a board', exact: true })).toBeInViewport();
    expect(await sidewaysScroll(page), 'sideways scroll in px').toBe(0);
    if (size.phone) expect(await smallTargets(page), 'targets under 44 px').toEqual([]);
  });
}
