// Zephyr boards (the emulated nRF7002 DK, Zephyr shell with the TLS credentials shell and nrf_cloud_cred) in the
// production build: provisioned end to end with the lab CA and with `npm run ca-server` (EST), the stored
// certificate read back through the board view and checked with openssl; the check before writing compares the
// board's exported public key with the certificate's; verify names the digests and passes the "survives a reboot"
// check; the board with a volatile credential store fails that check with the reason and the Kconfig option; a
// batch of three boards mixing nRF91 and Zephyr gives each its own verified certificate. Also: the health check in
// Diagnose on a provisioned Zephyr board, and the console speaking shell commands (a typed `cred buf` refused).
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { startCaServer } from '../tools/ca-server-testing.ts';
import { consoleLines, downloadedText, identityCard, openSection, setOperator } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { brokerPanel, brokerResults, healthPanel, runHealthCheck } from './fixtures/diagnose.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { count, derSha256, expectDone, exportLabCa, Openssl, primary } from './provision-fixtures.ts';

const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

const ZEPHYR = {
  'nrf7002dk-a': { label: 'Emulated nRF7002 DK (A)', hwid: 'a1b2c3d4e5f60718' },
  'nrf7002dk-volatile': { label: 'Emulated nRF7002 DK, volatile credential store', hwid: 'a1b2c3d4e5f60719' },
} as const;

async function connectZephyr(page: Page, id: keyof typeof ZEPHYR): Promise<void> {
  await openSection(page, 'provision');
  await page.getByRole('button', { name: `Connect ${ZEPHYR[id].label}` }).click();
  await expect(identityCard(page)).toContainText(ZEPHYR[id].hwid);
}

/** Reads a credential through the board view (Read, then Download PEM); `type` as the shell names it (CA, SERV). */
async function readCredential(page: Page, secTag: number, type: string): Promise<string> {
  await page.getByRole('button', { name: 'Refresh credentials' }).click();
  await page.getByRole('button', { name: new RegExp(`^Read .*\\(type ${type}\\) at sec tag ${secTag}$`) }).click();
  const file = await downloadedText(page, () => page.getByRole('button', { name: 'Download PEM' }).click());
  return file.text;
}

test('a Zephyr board with the lab CA: public key match, digests, survives a reboot; openssl verifies', async ({
  page,
}) => {
  await setOperator(page, 'E2E Technician');
  await connectZephyr(page, 'nrf7002dk-a');
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);

  // The check before writing compared the key the board exports (nrf_cloud_cred pubkey) with the certificate's.
  await page.getByText('What was checked in this run').click();
  await expect(page.getByText("The board's exported public key is the certificate's")).toBeVisible();
  await expect(page.getByText(/is the certificate's key \(SPKI SHA-256 [0-9A-F]{16}…\)/)).toBeVisible();
  const notes = page.getByRole('list', { name: 'Notes' });
  await expect(notes).toContainText(/Verified on the board: root CA certificate SHA-256 [0-9A-F]{16}…/);
  await expect(notes).toContainText('Survives a reboot: after restarting, the board lists the same SHA-256');

  const cert = await readCredential(page, 42, 'SERV');
  const root = await readCredential(page, 42, 'CA');
  const caPem = await exportLabCa(page);
  const certFile = openssl.write('zephyr-a.pem', cert);
  expect(openssl.run(['verify', '-CAfile', openssl.write('lab-ca.pem', caPem), certFile])).toContain(': OK');
  expect(openssl.run(['x509', '-in', certFile, '-noout', '-subject'])).toContain(ZEPHYR['nrf7002dk-a'].hwid);
  expect(derSha256(root)).toBe(derSha256(caPem));

  const records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(1);
  expect(count(records, 'credential-write', 'success')).toBe(2);
  expect(count(records, 'verify', 'success')).toBe(1);
});

test('a provisioned Zephyr board in Diagnose: health check passes (key evidence from the audit trail), broker check names the missing AWS root, report', async ({
  page,
}) => {
  await setOperator(page, 'E2E Technician');
  await connectZephyr(page, 'nrf7002dk-a');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);
  await openSection(page, 'diagnose');
  await expect(healthPanel(page)).toContainText(ZEPHYR['nrf7002dk-a'].hwid);
  const results = await runHealthCheck(page);
  await expect(results.getByRole('status', { name: 'Health check verdict' })).not.toContainText('failed');
  // The key lives in PSA, outside the credential list: no "certificate without a private key" finding; the key
  // match comes from the audit trail's key generation record.
  await expect(results.locator('[data-code="key-missing"]')).toHaveCount(0);
  await expect(results).toContainText("The certificate is for the board's key");
  await expect(results).toContainText('Client certificate (type SERV)');

  // Broker check against AWS IoT Core (the Wi-Fi board's usual broker): the lab CA stored at sec tag 42 does not
  // anchor AWS's chain, and the check says which root is missing.
  const broker = brokerPanel(page);
  await broker.getByLabel('Broker').selectOption({ label: 'AWS IoT Core (ATS endpoint)' });
  await broker.getByLabel('sec_tag the board connects with').selectOption('42');
  await broker.getByRole('button', { name: 'Run broker check' }).click();
  const brokerFound = brokerResults(page);
  await expect(brokerFound.getByRole('status', { name: 'Broker check verdict' })).toBeVisible({ timeout: 30_000 });
  await expect(brokerFound.locator('[data-code="anchor-missing"]')).toContainText('Amazon Root CA 1');

  // The report: named after the board's hwinfo id, holding both checks, nothing secret.
  const report = page.getByRole('region', { name: 'Export report' });
  const json = await downloadedText(page, () => report.getByRole('button', { name: 'Download JSON report' }).click());
  expect(json.name).toMatch(new RegExp(`^keywire-report-${ZEPHYR['nrf7002dk-a'].hwid}-\\d{8}T\\d{6}Z\\.json$`));
  expect(json.text).toContain(ZEPHYR['nrf7002dk-a'].hwid);
  expect(json.text).not.toContain('PRIVATE KEY');
});

test('the console on a Zephyr board: shell commands answered, a typed cred buf refused before sending', async ({
  page,
}) => {
  await connectZephyr(page, 'nrf7002dk-a');
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'Shell command' });
  await command.fill('kernel version');
  await command.press('Enter');
  // The typed command's own answer, not a line identify left in the log: the next command waits for it.
  await expect(page.getByText(/^kernel version: OK after \d+ ms\./)).toBeVisible();
  await expect(consoleLines(page)).toContainText('Zephyr version 3.7.99');
  await command.fill('cred buf QUJD');
  await command.press('Enter');
  await expect(page.getByText(/cred buf QUJD: .*never sends to a board/)).toBeVisible();
  await expect(consoleLines(page)).not.toContainText('cred buf QUJD');
});

test('a Zephyr board with npm run ca-server (EST); openssl verifies the stored certificate', async ({
  page,
  baseURL,
}) => {
  const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin] });
  try {
    await setOperator(page, 'E2E Technician');
    await connectZephyr(page, 'nrf7002dk-a');
    await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
    await chooseEst(page, server);
    await confirmEstCa(page, server);
    await primary(page, 'Start provisioning').click();
    await expectDone(page);
    const cert = openssl.write('zephyr-est.pem', await readCredential(page, 42, 'SERV'));
    const args = ['verify', '-purpose', 'sslclient', '-CAfile', join(server.dir, 'root.pem')];
    expect(openssl.run([...args, '-untrusted', join(server.dir, 'issuing.pem'), cert])).toContain(': OK');
  } finally {
    await server.stop();
  }
});

test('a Zephyr board whose credentials live in RAM fails the reboot check with the reason and the fix', async ({
  page,
}) => {
  await setOperator(page, 'E2E Technician');
  await connectZephyr(page, 'nrf7002dk-volatile');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  const problem = page.getByText(/After a restart the board no longer lists the root CA certificate and client/);
  await expect(problem).toBeVisible({ timeout: 45_000 });
  await expect(page.getByText(/CONFIG_TLS_CREDENTIALS_BACKEND_PROTECTED_STORAGE=y/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Provisioned and verified' })).toHaveCount(0);
  const records = await auditRecords(page);
  expect(
    records.some((r) => r.action === 'verify' && r.outcome === 'failure' && r.errorCode === 'lost-on-reboot'),
  ).toBe(true);
});

test('a batch of three boards mixing nRF91 and Zephyr: each its own verified certificate', async ({ page }) => {
  test.setTimeout(120_000);
  await setOperator(page, 'E2E Technician');
  // On the bench: nrf9160-a, nrf9160-b and nrf7002dk-a; every other emulated board is unplugged.
  const bench = ['nrf9160-a', 'nrf9160-b', 'nrf7002dk-a'];
  await page.evaluate((keep) => {
    const lab = window.keywireEmulator!;
    for (const b of lab.boards()) if (!keep.includes(b.id)) lab.control(b.id).unplug();
  }, bench);
  await openSection(page, 'provision');
  await page.getByRole('button', { name: 'Connect Emulated nRF9160 (A, nRF Cloud credentials)' }).click();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
  const batch = page.getByRole('region', { name: 'Batch' });
  for (let i = 0; i < bench.length; i++) {
    if (i > 0) await primary(page, 'Next board').click();
    // A board that already holds a certificate at sec_tag 42 (nrf9160-a) asks before it is replaced.
    const replace = page.getByRole('button', { name: /^Back up and replace/ });
    await expect(page.getByRole('heading', { name: 'Provisioned and verified' }).or(replace)).toBeVisible({
      timeout: 45_000,
    });
    if (await replace.isVisible()) await replace.click();
    await expectDone(page);
  }
  await page.getByRole('button', { name: 'Stop the batch' }).click();
  await expect(batch.getByRole('status').first()).toContainText('3 boards finished: 3 verified (batch stopped)');
  const csv = await downloadedText(page, () =>
    batch.getByRole('button', { name: 'Download the batch summary (CSV)' }).click(),
  );
  const [header, ...rows] = csv.text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  const col = (name: string) => header!.indexOf(name);
  expect(rows.map((r) => r[col('outcome')])).toEqual(['verified', 'verified', 'verified']);
  const shas = rows.map((r) => r[col('cert_sha256')]!);
  expect(new Set(shas).size).toBe(3);
  expect(rows.map((r) => r[col('device_id')])).toContain(ZEPHYR['nrf7002dk-a'].hwid);
});
