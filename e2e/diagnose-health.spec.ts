// Board health check on the emulated scenario boards (factory data with one defect each, and a clean one), connected
// from the Diagnose section through the page's shared session; the check runs in the real crypto worker. Each defect
// is named with the evidence used; the clean board passes. Key evidence comes from the audit trail, seeded through
// the app's real store with the records the provisioning flow writes (window.keywireAudit).
import { expect, test } from './fixtures/test.ts';
import { contentSha256, openSection } from './fixtures/app.ts';
import type {} from '../src/devices/emulator/index.ts';
import {
  connectInHealthPanel,
  healthPanel,
  runHealthCheck,
  scenario,
  seedKeygenRecords,
  spkiSha256,
  stored,
} from './fixtures/diagnose.ts';

const TAG = 42;

test('expired certificate: named, with its dates and the clock used', async ({ page }) => {
  const board = scenario('nrf9160-expired');
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const results = await runHealthCheck(page);
  await expect(results.getByRole('status', { name: 'Health check verdict' })).toContainText('Health check failed');
  const f = results.locator('[data-code="cert-expired"]');
  await expect(f).toContainText('The client certificate expired on 2022-01-01');
  await expect(f).toContainText("against this computer's clock");
  await expect(results.locator('[data-code="board-clock-unknown"]')).toContainText('AT+CCLK?');
});

test('certificate from another CA: named, with the CA at the sec_tag as evidence', async ({ page }) => {
  const board = scenario('nrf9160-other-ca');
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const results = await runHealthCheck(page);
  const tag = results.getByRole('region', { name: `sec_tag ${TAG}` });
  const f = tag.locator('[data-code="chain-other-ca"]');
  await expect(f).toHaveAttribute('data-severity', 'error');
  await expect(f).toContainText('from another CA than the one stored at its sec_tag');
  await expect(f).toContainText('Emulated Other Fleet CA');
  await expect(f).toContainText(`Evidence: Chain validation in the crypto worker`);
  await expect(f).toContainText(`the CA stored at sec_tag ${TAG}: CN=Emulated Fleet Root CA`);
});

test('certificate for another key: named, on the audit record of the key the board generated', async ({ page }) => {
  const board = scenario('nrf9160-other-key');
  const key = stored(board, TAG, 2);
  const seq = await seedKeygenRecords(page, board, TAG, spkiSha256(key), contentSha256(key));
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const results = await runHealthCheck(page);
  const f = results.locator('[data-code="key-mismatch"]');
  await expect(f).toContainText('The certificate is for another key');
  await expect(f).toContainText(`Evidence: Audit trail record #${seq} (key generation on this board`);
  await expect(f).toContainText('so the key was not replaced');
});

test('without key evidence the check says so plainly', async ({ page }) => {
  const board = scenario('nrf9160-other-key');
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const results = await runHealthCheck(page);
  const f = results.locator('[data-code="key-no-evidence"]');
  await expect(f).toContainText('Key match not checked: no evidence available');
  await expect(f).toContainText(`no key generation record for this board at sec_tag ${TAG}`);
});

test('CA chain over 4 kB: named, with the sizes as evidence', async ({ page }) => {
  const board = scenario('nrf9160-large-ca');
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const results = await runHealthCheck(page);
  const f = results.locator('[data-code="ca-chain-too-large"]');
  await expect(f).toContainText(`The CA chain at sec_tag ${TAG} is 4143 bytes; the board takes about 4096`);
  await expect(f).toContainText('Evidence: DER sizes of the 3 certificate(s)');
  await expect(results.locator('[data-code="command-too-long"]')).toBeVisible();
});

test('a clean board passes, every check naming its evidence', async ({ page }) => {
  const board = scenario('nrf9160-good');
  const key = stored(board, TAG, 2);
  await seedKeygenRecords(page, board, TAG, spkiSha256(key), contentSha256(key));
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const results = await runHealthCheck(page);
  await expect(results.getByRole('status', { name: 'Health check verdict' })).toContainText('Health check passed');
  await expect(results.locator('[data-severity="error"], [data-severity="warning"]')).toHaveCount(0);
  for (const code of ['cert-valid', 'usage-ok', 'chain-ok', 'key-match', 'size-ok'])
    await expect(results.locator(`[data-code="${code}"]`)).toContainText('Evidence:');
  await expect(results.locator('[data-code="key-match"]')).toContainText('Audit trail record #');
});

test('the check can be cancelled and run again', async ({ page }) => {
  const board = scenario('nrf9160-good');
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, board);
  const panel = healthPanel(page);
  // Hold the board's next answer for a few seconds, so the check is still reading when Cancel is pressed.
  await page.evaluate((id) => window.keywireEmulator!.control(id).inject({ kind: 'stall', ms: 4000 }), board.id);
  await panel.getByRole('button', { name: 'Run health check' }).click();
  await expect(panel.getByRole('status', { name: 'Health check progress' })).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel health check' }).click();
  await expect(panel.getByText('The health check was cancelled. Nothing was changed on the board.')).toBeVisible();
  await runHealthCheck(page);
});
