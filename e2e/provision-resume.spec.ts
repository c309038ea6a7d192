// Resume, never orphan, in the production build: a reload while the CA holds the request ("Get the certificate",
// EST 202 from npm run ca-server) and an unplug in the middle of writing. Both continue where they were when the same
// board is back; the board makes one key (one keygen intent, one %KEYGEN) and the CA issues once.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import { startCaServer } from '../tools/ca-server-testing.ts';
import { connectEmulated, downloadedText, factory, identityCard, lab, setOperator } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { count, expectDone, primary, stepper } from './provision-fixtures.ts';

test('reload at "Get the certificate": the flow continues there, one key, one issuance', async ({ page, baseURL }) => {
  const server = await startCaServer({
    args: ['--origin', new URL(baseURL!).origin, '--pending', '1', '--retry-after', '4'],
  });
  try {
    await setOperator(page, 'E2E Technician');
    const board = await connectEmulated(page, 'nrf9160-b');
    await chooseEst(page, server);
    await confirmEstCa(page, server);
    await primary(page, 'Start provisioning').click();
    await expect(page.getByText('The CA is holding the request')).toBeVisible({ timeout: 30_000 });
    await expect(stepper(page).getByRole('listitem', { name: 'Get certificate: now' })).toBeVisible();

    await page.reload();
    await page.getByRole('button', { name: `Connect ${board.label}` }).click();
    await expect(identityCard(page)).toContainText(board.imei);
    await expect(page.getByText('Continuing where you left off at Get the certificate.')).toBeVisible();
    await expectDone(page);

    const records = await auditRecords(page);
    expect(count(records, 'keygen', 'intent')).toBe(1);
    expect(count(records, 'certificate-issued', 'success')).toBe(1);
    expect(readdirSync(join(server.dir, 'issued'))).toHaveLength(1);
    // The session log since the reload (the console's download): the writes, and no key generation.
    await page.getByRole('button', { name: /^Console/ }).click();
    const log = await downloadedText(page, () => page.getByRole('button', { name: 'Download log' }).click());
    expect(log.text).toContain('AT%CMNG=0,42,1,');
    expect(log.text).not.toContain('AT%KEYGEN');
  } finally {
    await server.stop();
  }
});

test('unplug during "Write": the flow waits, continues when the board is back, writes only what is missing', async ({
  page,
}) => {
  const id = 'nrf9160-c';
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, id);
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  // Pull the cable right after the CA certificate is written, i.e. at the client certificate's write command.
  await page.evaluate((id) => {
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll('table[aria-label="Writes at sec_tag 42"] tbody tr');
      const caWritten = [...rows].some(
        (tr) =>
          tr.querySelector('th')?.textContent === 'CA certificate' && tr.lastElementChild?.textContent === 'written',
      );
      if (!caWritten) return;
      observer.disconnect();
      window.keywireEmulator!.control(id).inject({ kind: 'unplug' });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }, id);
  await primary(page, 'Start provisioning').click();

  const waiting = page.getByRole('status').filter({ hasText: 'Waiting for the board (it was at Write to the board)' });
  await expect(waiting).toBeVisible({ timeout: 30_000 });
  await expect(stepper(page).getByRole('listitem', { name: 'Write: waiting for the board' })).toBeVisible();
  await lab.replug(page, id);
  await expect(page.getByText('Continuing where you left off at')).toBeVisible();
  await expectDone(page);
  await expect(
    page.getByText(/Already on the board with the right SHA-256, not written again: root CA certificate/),
  ).toBeVisible();

  const records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(1);
  expect(count(records, 'certificate-issued', 'success')).toBe(1);
  const writes = records.filter((r) => r.action === 'credential-write');
  // The CA certificate once; the client certificate lost with the cable, then written once the board was back.
  expect(writes.map((r) => `${r.outcome}:${r.errorCode ?? ''}`)).toEqual([
    'intent:',
    'success:',
    'intent:',
    'failure:disconnected',
    'intent:',
    'success:',
  ]);
  expect(writes.filter((r) => r.outcome === 'intent').map((r) => r.detail.credentialKind)).toEqual([
    'caCert',
    'clientCert',
    'clientCert',
  ]);
  expect(factory(id).imei).toBe(board.imei);
});

test('reload during key generation: the open keygen intent is offered, closed as the operator says, then a key is made', async ({
  page,
}) => {
  const id = 'nrf9160-a';
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, id);
  await page.evaluate((id) => void (window.keywireEmulator!.control(id).keygenMs = 8000), id);
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expect(page.getByRole('status').filter({ hasText: 'The board is generating its key' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toBeVisible();
  // The progress shows from the start of the step; the reload must come once %KEYGEN's intent is on record (the
  // step first reads the key slot and takes the modem offline).
  await expect.poll(async () => count(await auditRecords(page), 'keygen', 'intent')).toBe(1);

  await page.reload();
  // After the reload the page shows its start view: the lab loads when asked for (or when a board is connected).
  await page.evaluate(async (id) => void ((await window.keywireEmulatorReady!()).control(id).keygenMs = 300), id);
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  const intents = page.getByRole('region', { name: 'Unfinished actions on this board' });
  await expect(intents).toContainText('keygen');
  await expect(intents.getByRole('radio', { name: 'It did not happen (suggested)' })).toBeChecked();
  await primary(page, 'Record these outcomes and continue').click();
  await expectDone(page);

  const records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(2);
  expect(count(records, 'keygen', 'success')).toBe(1);
  // Both intents have an outcome now: the first closed as the operator said (failure), the second by the flow.
  const keygens = records.filter((r) => r.action === 'keygen');
  for (const intent of keygens.filter((r) => r.outcome === 'intent'))
    expect(keygens.filter((r) => r.intentSeq === intent.seq).map((r) => r.outcome)).toHaveLength(1);
  expect(keygens.filter((r) => r.outcome === 'failure')).toHaveLength(1);
});
