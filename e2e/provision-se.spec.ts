// The emulated STM32 + STSAFE-A110 (KeyWire secure-element protocol) provisioned in the production build: the chip
// makes its key in slot 1, KeyWire builds the CSR around the chip's public key and the chip signs it; before anything
// is written the chip signs a fresh challenge the worker checks against the certificate. With the lab CA and with
// `npm run ca-server`: openssl verifies the CSR KeyWire built (`req -verify`) and the certificate the chip's zone 1
// holds (`verify`, read from the emulated chip's own memory). A CA answering for another key is refused by the
// challenge check with no zone written; an Azure IoT Hub profile puts the device id in the CN.
import { expect, test, type Page } from './fixtures/test.ts';
import { startCaServer } from '../tools/ca-server-testing.ts';
import { STSAFE_FACTORY_BOARDS } from '../src/devices/emulator/stsafe/stsafe-factory.ts';
import { identityCard, openSection, setOperator, downloadedText } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { count, devHooks, expectDone, exportLabCa, Openssl, primary } from './provision-fixtures.ts';

const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

const BOARD = STSAFE_FACTORY_BOARDS[0]!;

/** Operator set, the STSAFE board connected from the connect panel, slot 1 chosen at Prepare. */
async function start(page: Page): Promise<void> {
  await setOperator(page, 'E2E Technician');
  await openSection(page, 'provision');
  await page.getByRole('button', { name: `Connect ${BOARD.label}` }).click();
  await expect(identityCard(page)).toContainText(BOARD.serial);
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  const slot = page.getByRole('textbox', { name: 'slot', exact: true });
  await slot.fill('1');
  await slot.blur();
}

/** The chip's data zones as its emulated non-volatile memory holds them (localStorage, the board's own flash). */
async function zones(page: Page): Promise<Map<number, Buffer>> {
  const text = await page.evaluate((id) => localStorage.getItem(`keywire.emulator.flash.${id}`), BOARD.id);
  const image = JSON.parse(text ?? '{"zones":[]}') as { zones: { index: number; hex: string }[] };
  return new Map(image.zones.map((z) => [z.index, Buffer.from(z.hex, 'hex')]));
}

/** The DER certificate at the start of a zone (its length from the DER header), as PEM; null when erased. */
function firstCertificate(zone: Buffer | undefined): string | null {
  if (!zone || zone[0] !== 0x30 || zone[1] !== 0x82) return null;
  const der = zone.subarray(0, 4 + zone.readUInt16BE(2));
  const b64 = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

async function downloadCsr(page: Page): Promise<string> {
  const csr = await downloadedText(page, () => page.getByRole('button', { name: 'Download the CSR' }).click());
  return csr.text;
}

/** The key proofs of the check before writing, shown after the run ("What was checked in this run"). */
async function expectChallengeShown(page: Page, verdict: 'passed' | 'failed'): Promise<void> {
  const seen = page.getByText('What was checked in this run');
  if (await seen.isVisible()) await seen.click();
  const proofs = page.getByRole('list', { name: "Proofs of the board's key" }).first();
  const challenge = proofs
    .getByRole('listitem')
    .filter({ hasText: 'The board signed a fresh challenge with that key' });
  await expect(challenge).toContainText(`(${verdict})`);
  await expect(challenge).toContainText(
    verdict === 'passed' ? "verifies with the certificate's P-256 key" : 'slot 1 holds another key',
  );
}

test('STSAFE board with the lab CA: openssl verifies the CSR KeyWire built and the certificate in zone 1', async ({
  page,
}) => {
  await devHooks(page);
  await start(page);
  // Prepare speaks the chip's words: a slot, not a modem's sec_tag.
  await expect(page.getByText('Nothing is stored at slot 1: nothing will be overwritten.')).toBeVisible();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);
  await expectChallengeShown(page, 'passed');

  const csrFile = openssl.write('se.csr', await downloadCsr(page));
  const req = openssl.run(['req', '-in', csrFile, '-noout', '-verify', '-subject']);
  expect(req).toContain(`CN = ${BOARD.serial}`);
  const stored = await zones(page);
  const cert = firstCertificate(stored.get(1));
  expect(cert).not.toBeNull();
  const caFile = openssl.write('lab-ca.pem', await exportLabCa(page));
  const certFile = openssl.write('zone1.pem', cert!);
  expect(openssl.run(['verify', '-purpose', 'sslclient', '-CAfile', caFile, certFile])).toContain(': OK');
  expect(openssl.run(['x509', '-in', certFile, '-noout', '-subject'])).toContain(`CN = ${BOARD.serial}`);
  // The certificate is for the key the CSR carries (the chip's slot-1 key).
  const csrKey = openssl.run(['req', '-in', csrFile, '-noout', '-pubkey']);
  expect(openssl.run(['x509', '-in', certFile, '-noout', '-pubkey'])).toBe(csrKey);
  // Zone 2 holds the lab CA's certificate.
  expect(firstCertificate(stored.get(2))).not.toBeNull();

  const records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(1);
  expect(count(records, 'credential-write', 'success')).toBe(2);
  expect(count(records, 'verify', 'success')).toBe(1);
});

test('STSAFE board with npm run ca-server (EST): openssl verifies the stored certificate to the server CA', async ({
  page,
  baseURL,
}) => {
  const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin] });
  try {
    await start(page);
    await chooseEst(page, server);
    await confirmEstCa(page, server);
    await primary(page, 'Start provisioning').click();
    await expectDone(page);
    await expectChallengeShown(page, 'passed');
    const csrFile = openssl.write('se-est.csr', await downloadCsr(page));
    expect(openssl.run(['req', '-in', csrFile, '-noout', '-verify', '-subject'])).toContain(`CN = ${BOARD.serial}`);
    const cert = firstCertificate((await zones(page)).get(1));
    const certFile = openssl.write('se-est-leaf.pem', cert!);
    const args = ['verify', '-purpose', 'sslclient', '-CAfile', `${server.dir}/root.pem`];
    expect(openssl.run([...args, '-untrusted', `${server.dir}/issuing.pem`, certFile])).toContain(': OK');
  } finally {
    await server.stop();
  }
});

test('a CA that answers with a certificate for another key is refused by the challenge check; no zone is written', async ({
  page,
  baseURL,
}) => {
  const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin, '--misissue', 'other-key'] });
  try {
    await start(page);
    await chooseEst(page, server);
    await confirmEstCa(page, server);
    await primary(page, 'Start provisioning').click();
    const alert = page.getByRole('alert').filter({ hasText: 'Blocked at Check before writing' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText('nothing was written to the board');
    await expectChallengeShown(page, 'failed');
    const stored = await zones(page);
    expect(firstCertificate(stored.get(1))).toBeNull();
    expect(firstCertificate(stored.get(2))).toBeNull();
    const records = await auditRecords(page);
    expect(count(records, 'credential-write', 'intent')).toBe(0);
    expect(count(records, 'chain-checked', 'failure')).toBe(1);
  } finally {
    await server.stop();
  }
});

test('an Azure IoT Hub profile puts the device id the user gives in the CN of the CSR and the certificate', async ({
  page,
}) => {
  const deviceId = 'plant-3:stsafe_0042';
  await start(page);
  await page.getByRole('radio', { name: /Azure IoT Hub device id/ }).check();
  await page.getByRole('textbox', { name: 'Azure IoT Hub device id' }).fill(deviceId);
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);
  const csrFile = openssl.write('se-azure.csr', await downloadCsr(page));
  expect(openssl.run(['req', '-in', csrFile, '-noout', '-verify', '-subject'])).toContain(`CN = ${deviceId}`);
  const certFile = openssl.write('se-azure.pem', firstCertificate((await zones(page)).get(1))!);
  expect(openssl.run(['x509', '-in', certFile, '-noout', '-subject'])).toContain(`CN = ${deviceId}`);
});

test('health check of the STSAFE board: the factory certificate validated against the vendor root, slot 0 proven by a challenge', async ({
  page,
}) => {
  await openSection(page, 'diagnose');
  const panel = page.getByRole('region', { name: 'Board health check' });
  await panel.getByRole('button', { name: `Connect ${BOARD.label}` }).click();
  await panel.getByRole('button', { name: 'Run health check' }).click();
  const results = page.getByRole('region', { name: 'Health check results' });
  await expect(results.getByRole('status', { name: 'Health check verdict' })).toBeVisible({ timeout: 30_000 });
  const slot0 = results.getByRole('region', { name: 'slot 0' });
  await expect(slot0).toContainText(BOARD.serial);
  const chain = slot0.locator('[data-code="chain-ok"]');
  await expect(chain).toContainText("the board vendor's root (factory identity)");
  await expect(chain).toContainText('Emulated STSAFE Vendor Root CA');
  await expect(slot0.locator('[data-code="ca-missing"]')).toHaveCount(0);
  await expect(slot0).toContainText('challenge');
});

test('the console speaks KWSE: a typed ZONES is answered; a write to the factory zone is refused before sending', async ({
  page,
}) => {
  await start(page);
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'KWSE request' });
  await command.fill('ZONES');
  await command.press('Enter');
  // The typed command's own answer (identify asked ZONES too, so the log has a line like it from before).
  await expect(page.getByText(/^ZONES: OK after \d+ ms\.$/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Session log lines' })).toContainText('OK zones=0:1024:ro,1:1536:rw');
  await command.fill('ZERASE 0');
  await command.press('Enter');
  await expect(page.getByText('Zone 0 holds the factory certificate: KeyWire never changes it.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Session log lines' })).not.toContainText('ZERASE 0');
});
