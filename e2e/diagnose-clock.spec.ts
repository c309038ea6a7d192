// The health check's board-clock path end to end on the emulated nRF9160: the check reads AT+CCLK? in whatever mode
// the board is in (it never changes the mode), so the board is brought online first the way a user would, by typing
// AT+CFUN=1 in the console (audited: it needs an operator's name). Once the board registers, the emulated network
// gives it its time; Settings can set a board's network time years ahead. Expected dates come from the emulator's
// factory certificate (Node's X509Certificate) and this computer's clock, never hard-coded.
import { X509Certificate } from 'node:crypto';
import { expect, test, type Page } from './fixtures/test.ts';
import { NRF_CLOUD_SEC_TAG } from '../src/devices/emulator/nrf91/nrf91-factory.ts';
import { connectEmulated, consoleLines, factory, openSection, setOperator } from './fixtures/app.ts';
import { healthPanel, runHealthCheck } from './fixtures/diagnose.ts';

const DAY = 86_400_000;
const BOARD = 'nrf9160-a';
const CLOCK_DEFECTS = [
  'board-clock-unknown',
  'board-clock-off',
  'cert-expired-board-clock',
  'cert-not-yet-valid-board-clock',
];

/** Types AT+CEREG=1 and AT+CFUN=1 in the console and waits until the board reports it registered (+CEREG: 5). */
async function bringOnline(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'AT command' });
  for (const typed of ['AT+CEREG=1', 'AT+CFUN=1']) {
    await command.fill(typed);
    await command.press('Enter');
    await expect(page.getByText(`${typed}: OK after`)).toContainText('Recorded in the audit trail.');
  }
  await expect(consoleLines(page)).toContainText('+CEREG: 5', { timeout: 15_000 });
}

/** Diagnose through the section links (no reload: the board stays connected), then runs the health check. */
async function checkOnDiagnose(page: Page, imei: string) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Diagnose' }).click();
  await expect(healthPanel(page).getByText(`IMEI ${imei}`)).toBeVisible();
  return runHealthCheck(page);
}

/** The time a finding names as the board's clock ("... clock says <ISO time>"). */
const boardTime = (text: string | null): number => {
  const m = /clock says (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)/.exec(text ?? '');
  if (!m) throw new Error(`no board time in ${JSON.stringify(text)}`);
  return Date.parse(m[1]!);
};

test("a board online with the right clock: the report shows the board's time from AT+CCLK? and no clock defect", async ({
  page,
}) => {
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, BOARD);
  await bringOnline(page);
  const results = await checkOnDiagnose(page, board.imei);

  const clock = results.locator('[data-code="board-clock-known"]');
  await expect(clock).toContainText("The board's clock says ");
  await expect(clock).toContainText('Evidence: AT+CCLK?: +CCLK: "');
  const text = await clock.textContent();
  const at = boardTime(text);
  expect(Math.abs(at - Date.now())).toBeLessThan(120_000);
  // The raw answer carries the same date as two-digit fields, zone +00.
  const iso = new Date(at).toISOString();
  const fields = `${iso.slice(2, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)},${iso.slice(11, 19)}+00`;
  expect(text).toContain(`+CCLK: "${fields}"`);
  for (const code of CLOCK_DEFECTS) await expect(results.locator(`[data-code="${code}"]`)).toHaveCount(0);
  // The client certificate was judged by both clocks.
  const tag = results.getByRole('region', { name: `sec_tag ${NRF_CLOUD_SEC_TAG}` });
  await expect(tag.locator('[data-code="cert-valid"]')).toContainText("and the board's clock (");
});

test("a board whose network time is years ahead: by the board's clock its factory certificate has expired", async ({
  page,
}) => {
  const board = factory(BOARD);
  const pem = board.credentials.find((c) => c.secTag === NRF_CLOUD_SEC_TAG && c.type === 1)!.content;
  const notAfter = Date.parse(new X509Certificate(pem).validTo);
  expect(notAfter, 'the factory certificate is valid now').toBeGreaterThan(Date.now() + DAY);
  const days = Math.ceil((notAfter - Date.now()) / DAY) + 30;

  await setOperator(page, 'E2E Technician');
  const offset = page.getByRole('spinbutton', { name: `Network time offset of ${BOARD} in days` });
  await offset.fill('40000');
  await offset.blur();
  await expect(page.getByRole('alert')).toContainText('Enter whole days from -10950 to 10950');
  await offset.fill(String(days));
  await offset.blur();
  await expect(page.getByText(`Network time: ${days} days (about`).first()).toContainText(
    "ahead of this computer's clock",
  );
  // Kept with the other emulator settings: it survives a reload.
  await page.reload();
  await expect(page.getByRole('spinbutton', { name: `Network time offset of ${BOARD} in days` })).toHaveValue(
    String(days),
  );
  expect(await page.evaluate((id) => window.keywireEmulator!.control(id).networkTimeOffsetMs, BOARD)).toBe(days * DAY);

  await connectEmulated(page, BOARD);
  await bringOnline(page);
  const startedAt = Date.now();
  const results = await checkOnDiagnose(page, board.imei);

  const tag = results.getByRole('region', { name: `sec_tag ${NRF_CLOUD_SEC_TAG}` });
  await expect(tag.locator('[data-code="cert-valid"]')).toBeVisible();
  const expired = tag.locator('[data-code="cert-expired-board-clock"]');
  await expect(expired).toHaveAttribute('data-severity', 'error');
  await expect(expired).toContainText("By the board's clock the certificate has expired");
  await expect(expired).toContainText(`after the certificate's end (${new Date(notAfter).toISOString().slice(0, 10)}`);
  await expect(expired).toContainText("Evidence: The certificate's validity");
  await expect(expired).toContainText(', AT+CCLK?).');
  const at = boardTime(await expired.textContent());
  expect(at).toBeGreaterThan(notAfter);
  expect(Math.abs(at - (startedAt + days * DAY))).toBeLessThan(120_000);
  await expect(results.locator('[data-code="board-clock-off"]')).toContainText(`${days} days ahead`);
  await expect(results.locator('[data-code="board-clock-unknown"]')).toHaveCount(0);
});

test('a board that is not online has no time: the check says the clock is unknown, from AT+CCLK?', async ({ page }) => {
  await openSection(page, 'diagnose');
  const board = factory(BOARD);
  await healthPanel(page)
    .getByRole('button', { name: `Connect ${board.label}` })
    .click();
  await expect(healthPanel(page).getByText(`IMEI ${board.imei}`)).toBeVisible();
  const results = await runHealthCheck(page);
  await expect(results.locator('[data-code="board-clock-unknown"]')).toContainText(
    'the board answered AT+CCLK? with ERROR',
  );
  await expect(results.locator('[data-code="board-clock-known"]')).toHaveCount(0);
});
