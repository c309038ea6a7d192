// Field-ready (issue 16), at a laptop's 1280x800 and a phone's 390x844: from a fresh profile (no CA, no operator)
// to Done without visiting Settings, with exactly one primary button on screen at every step and it the next
// action; no screen scrolls sideways; every button, link and summary is at least 44x44 px on the phone; focus never
// falls to the page body after an action; each section names the page; a destructive confirm is never the next Tab
// stop after the button that asked for it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {} from '../src/devices/emulator/index.ts';
import { expect, test, type Page } from './fixtures/test.ts';
import { focused, primariesOnScreen, sidewaysScroll, smallTargets } from './fixtures/layout.ts';
import { expectDone } from './provision-fixtures.ts';

const SIZES = [
  { name: 'laptop', width: 1280, height: 800, phone: false },
  { name: 'phone', width: 390, height: 844, phone: true },
] as const;

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}x${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    /** One primary on screen, named `next`; the page does not scroll sideways; on a phone, no small target. */
    async function stepLooksRight(page: Page, next: string): Promise<void> {
      await expect.poll(() => primariesOnScreen(page), { message: `the one primary is "${next}"` }).toEqual([next]);
      expect(await sidewaysScroll(page), 'sideways scroll in px').toBe(0);
      if (size.phone) expect(await smallTargets(page), 'targets under 44 px').toEqual([]);
    }

    test('fresh profile to Done: one primary on screen, the next action, at every step; no visit to Settings', async ({
      page,
    }) => {
      const visited: string[] = [];
      page.on('framenavigated', (f) => f === page.mainFrame() && visited.push(new URL(f.url()).hash));
      await page.goto('/#/provision');
      await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeVisible();
      await stepLooksRight(page, 'Connect a board');

      await page.getByRole('button', { name: /^Connect Emulated nRF9160 \(B/ }).click();
      await expect(page.getByRole('region', { name: 'Your name, for the audit trail' })).toBeVisible();
      await stepLooksRight(page, 'Save and continue');
      await page.getByRole('textbox', { name: 'Operator name' }).fill('Field Technician');
      await page.getByRole('button', { name: 'Save and continue' }).click();

      await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
      expect(await focused(page)).not.toBe('body');
      await expect(page.getByRole('button', { name: 'Create lab CA' })).toBeEnabled();
      await stepLooksRight(page, 'Create lab CA');
      await page.getByRole('button', { name: 'Create lab CA' }).click();
      await expect(page.getByText('used for provisioning')).toBeVisible();
      expect(await focused(page)).toBe('button Start provisioning');
      await stepLooksRight(page, 'Start provisioning');
      await page.getByRole('button', { name: 'Start provisioning' }).click();

      await expectDone(page);
      expect(await focused(page)).not.toBe('body');
      await stepLooksRight(page, 'Next board');
      expect(visited.filter((h) => h.startsWith('#/settings'))).toEqual([]);
    });

    test('every section: its own page title, focus on its heading, no sideways scroll, fingertip targets', async ({
      page,
    }) => {
      await page.goto('/#/provision');
      await page.getByRole('button', { name: /^Connect Emulated nRF9160 \(A/ }).click();
      await expect(page.getByRole('region', { name: /^Board identity/ })).toBeVisible();
      for (const [name, id] of [
        ['Diagnose', 'diagnose'],
        ['Audit', 'audit'],
        ['Settings', 'settings'],
        ['Provision', 'provision'],
      ] as const) {
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
        await expect(page).toHaveURL(new RegExp(`#/${id}$`));
        // Focus moves into the section: its heading, or the field that is its next step (never the body or the nav).
        await expect
          .poll(() => page.evaluate(() => document.querySelector('main')?.contains(document.activeElement) ?? false))
          .toBe(true);
        if (id !== 'provision') await expect(page.getByRole('heading', { level: 1, name })).toBeFocused();
        await expect(page).toHaveTitle(`${name} · KeyWire`);
        await page.waitForTimeout(300);
        expect(await sidewaysScroll(page), `${name}: sideways scroll in px`).toBe(0);
        if (size.phone) expect(await smallTargets(page), `${name}: targets under 44 px`).toEqual([]);
      }
    });
  });
}

test('lab CA: focus follows the action, and Delete never leaves the destructive confirm as the next Tab stop', async ({
  page,
}) => {
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  expect(await focused(page)).not.toBe('body');

  await page.getByRole('button', { name: 'Delete Bench CA' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await focused(page)).not.toMatch(/delete/i);
  // Escape from the question keeps the CA and puts focus back on the button that asked.
  await page.getByRole('button', { name: 'Keep it' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Delete Bench CA' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Yes, delete Bench CA' }).click();
  await expect(page.getByText('No lab CA yet.')).toBeVisible();
  expect(await focused(page)).not.toBe('body');
});

test.describe('phone 390x844, every CA source and the batch', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Prepare with each CA source chosen fits the phone: no sideways scroll, fingertip targets', async ({ page }) => {
    await page.goto('/#/provision');
    await page.getByRole('button', { name: /^Connect Emulated nRF9160 \(B/ }).click();
    await page.getByRole('textbox', { name: 'Operator name' }).fill('Field Technician');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
    for (const source of ['EST server (RFC 7030)', 'HTTP signer', 'Manual exchange', 'Lab CA in this browser']) {
      await page.getByRole('radio', { name: new RegExp(`^${source.replace(/[()]/g, '\\$&')}`) }).check();
      await page.waitForTimeout(200);
      expect(await sidewaysScroll(page), `${source}: sideways scroll in px`).toBe(0);
      expect(await smallTargets(page), `${source}: targets under 44 px`).toEqual([]);
      // Whatever the source, the one primary on screen is the flow's next step.
      expect((await primariesOnScreen(page)).length, `${source}: primaries on screen`).toBe(1);
    }
  });

  test('a batch: one primary on screen at Done (Next board), results fit the phone', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/#/provision');
    await page.getByRole('button', { name: /^Connect Emulated nRF9160 \(A/ }).click();
    await page.getByRole('textbox', { name: 'Operator name' }).fill('Field Technician');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('button', { name: 'Create lab CA' }).click();
    await expect(page.getByText('used for provisioning')).toBeVisible();
    await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
    await expectDone(page);
    await expect.poll(() => primariesOnScreen(page)).toEqual(['Next board']);
    expect(await sidewaysScroll(page), 'sideways scroll in px').toBe(0);
    expect(await smallTargets(page), 'targets under 44 px').toEqual([]);
    await page.getByRole('button', { name: 'Stop the batch' }).click();
    await expect(page.getByRole('table', { name: 'Batch results' })).toBeVisible();
    expect(await sidewaysScroll(page), 'sideways scroll in px, batch stopped').toBe(0);
    expect(await smallTargets(page), 'targets under 44 px, batch stopped').toEqual([]);
  });
});

test.describe('phone 390x844, a failed step', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('lists what to check for that failure, with the primary that tries again on screen', async ({ page }) => {
    await page.goto('/#/provision');
    await page.getByRole('button', { name: /^Connect Emulated nRF9160 \(B/ }).click();
    await page.getByRole('textbox', { name: 'Operator name' }).fill('Field Technician');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('button', { name: 'Create lab CA' }).click();
    await expect(page.getByRole('button', { name: 'Start provisioning' })).toBeEnabled();
    // A byte of the board's answer to the first write is changed on the line: the run stops there at once.
    await page.evaluate(() =>
      window.keywireEmulator!.control('nrf9160-b').inject({ kind: 'corrupt-byte', when: 'AT%CMNG=0,' }),
    );
    await page.getByRole('button', { name: 'Start provisioning' }).click();
    const stopped = page.getByRole('alert').filter({ hasText: 'Stopped at' });
    await expect(stopped).toBeVisible({ timeout: 30_000 });
    await expect(stopped).toContainText('arrived damaged');
    const checks = stopped.getByRole('list', { name: 'What to check' }).getByRole('listitem');
    await expect(checks.first()).toContainText('Check the baud rate and firmware');
    await expect(checks.filter({ hasText: 'Close other programs that use the port' })).toHaveCount(1);
    await expect.poll(() => primariesOnScreen(page)).toEqual(['Continue']);
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await smallTargets(page)).toEqual([]);
  });
});

test.describe('phone 390x844, Diagnose with results', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  const fixtures = join(import.meta.dirname, '../src/diagnose/fixtures');

  test('every sample log as a timeline, and a decoded code: on screen, nothing sideways, fingertip targets', async ({
    page,
  }) => {
    await page.goto('/#/diagnose');
    await page.getByRole('button', { name: 'TLS handshake error: -0x7780' }).click();
    // The reading appears below the fold on a phone: it is brought into view.
    await expect(page.getByText('MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE').first()).toBeInViewport();
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.txt'))) {
      await page.getByLabel('Paste the log').fill(readFileSync(join(fixtures, name), 'utf8'));
      await page.getByRole('button', { name: 'Read pasted log' }).click();
      await page.waitForTimeout(700);
      expect(await sidewaysScroll(page), `${name}: sideways scroll in px`).toBe(0);
      expect(await smallTargets(page), `${name}: targets under 44 px`).toEqual([]);
    }
  });
});

/** Presses Tab until the focused element's accessible text matches `name` (at most `max` presses). */
async function tabTo(page: Page, name: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (name.test(await focused(page))) return;
  }
  throw new Error(`${max} Tab presses never reached ${name}; focus is on ${await focused(page)}`);
}

test('a full provisioning by keyboard alone, from a fresh profile', async ({ page }) => {
  await page.goto('/#/provision');
  await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeVisible();
  await tabTo(page, /^button Connect Emulated nRF9160 \(B/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Operator name' })).toBeFocused();
  await page.keyboard.type('Keyboard Technician');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  expect(await focused(page)).not.toBe('body');
  await tabTo(page, /^button Create lab CA$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Start provisioning' })).toBeFocused();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.keyboard.press('Enter');
  await expectDone(page);
  expect(await focused(page)).not.toBe('body');
});
