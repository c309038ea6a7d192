// A run from a fresh profile (no CA, no operator) to Done and a look at every section, at a laptop's 1280x800 and
// a phone's 390x844, saving a screenshot of each screen. `npm run screenshots` (tools/screenshots.mjs) runs it with
// SCREENSHOTS_DIR=docs/screenshots for the README; otherwise the pictures go to test-results/screens.
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { expectDone } from './provision-fixtures.ts';

const DIR = process.env.SCREENSHOTS_DIR ?? join('test-results', 'screens');
// Whole-page pictures are for reviewing a change, not for the README.
const FULL = join('test-results', 'screens');
const SIZES = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}x${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: join(DIR, `${size.name}-${name}.png`), animations: 'disabled' });

    test('fresh profile to Done, then Diagnose, Audit and Settings', async ({ page }) => {
      await page.goto('/#/provision');
      await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeVisible();
      await shot(page, '1-connect');
      await expect(page).toHaveTitle('Provision · KeyWire');
      await page.getByRole('button', { name: /^Connect Emulated nRF9160 \(B/ }).click();
      await expect(page.getByRole('region', { name: 'Your name, for the audit trail' })).toBeVisible();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, '2-operator');
      await page.getByRole('textbox', { name: 'Operator name' }).fill('Ada Technician');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Create lab CA' })).toBeEnabled();
      await shot(page, '3-prepare-no-ca');
      await page.getByRole('button', { name: 'Create lab CA' }).click();
      await expect(page.getByRole('button', { name: 'Start provisioning' })).toBeEnabled();
      await shot(page, '4-prepare');
      await page.getByRole('button', { name: 'Start provisioning' }).click();
      await expectDone(page);
      await shot(page, '5-done');
      await page.screenshot({ path: join(FULL, `${size.name}-5-done-full.png`), fullPage: true });

      await page.getByRole('link', { name: 'Diagnose' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Diagnose' })).toBeVisible();
      await page.getByRole('button', { name: 'TLS handshake error: -0x7780' }).click();
      await expect(page.getByText(/readings?, most specific first|MBEDTLS_ERR/).first()).toBeVisible();
      await page.waitForTimeout(600);
      await shot(page, '6-diagnose');
      await page.screenshot({ path: join(FULL, `${size.name}-6-diagnose-full.png`), fullPage: true });
      await page.getByRole('link', { name: 'Audit' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(FULL, `${size.name}-7-audit-full.png`), fullPage: true });
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
      await page.screenshot({ path: join(FULL, `${size.name}-8-settings-full.png`), fullPage: true });
    });
  });
}
