// Provisioning against other CAs, in the production build with the emulated nRF9160: `npm run ca-server` started
// here as a real HTTP server on another origin (EST set up in the flow's CA picker), manual exchange with a CA made
// by openssl (the CSR downloaded from the page, the certificate picked as a file), and a CA that misissues: a
// certificate for another key, an expired one, a wrong chain. Those are refused, the reason is shown, and no
// certificate is written (only the board's new key exists at the sec_tag; no credential-write intent).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { startCaServer, type RunningCaServer } from '../tools/ca-server-testing.ts';
import {
  connectEmulated,
  contentSha256,
  credentialTable,
  downloadedText,
  factory,
  setOperator,
  type BoardId,
} from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { count, expectDone, Openssl, primary, readFromBoard } from './provision-fixtures.ts';

const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

/** EST in the flow's CA picker, its CA confirmed against the fingerprints the server printed. */
async function useEst(page: Page, server: RunningCaServer): Promise<void> {
  await chooseEst(page, server);
  await confirmEstCa(page, server);
}

async function start(page: Page, board: BoardId): Promise<void> {
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, board);
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
}

const issuedCount = (server: RunningCaServer) => {
  try {
    return readdirSync(join(server.dir, 'issued')).length;
  } catch {
    return 0;
  }
};

test('full flow with npm run ca-server as the EST CA; openssl verifies the stored certificate', async ({
  page,
  baseURL,
}) => {
  const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin] });
  try {
    await start(page, 'nrf9160-c');
    await useEst(page, server);
    await primary(page, 'Start provisioning').click();
    await expectDone(page);
    await expect(page.getByText('Certificate SHA-256', { exact: true })).toBeVisible();
    const cert = openssl.write('est-leaf.pem', await readFromBoard(page, 42, 1));
    const root = await readFromBoard(page, 42, 0);
    expect(openssl.run(['x509', '-in', openssl.write('est-root.pem', root), '-noout', '-subject'])).toContain(
      'KeyWire Lab EST Root CA',
    );
    const args = ['verify', '-purpose', 'sslclient', '-CAfile', join(server.dir, 'root.pem')];
    expect(openssl.run([...args, '-untrusted', join(server.dir, 'issuing.pem'), cert])).toContain(': OK');
    expect(issuedCount(server)).toBe(1);
  } finally {
    await server.stop();
  }
});

test('manual exchange: the CSR from the page, signed by openssl, picked as a DER file', async ({ page }) => {
  openssl.run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'manual-ca.key']);
  openssl.write('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl.run(
    ['req', '-new', '-x509', '-key', 'manual-ca.key', '-subj', '/CN=E2E Manual CA', '-days', '30'].concat([
      '-extensions',
      'v3_ca',
      '-out',
      'manual-ca.pem',
    ]),
  );
  const caPem = openssl.run(['x509', '-in', 'manual-ca.pem']);
  await start(page, 'nrf9160-a');
  // nrf9160-a stores nothing at 42; sec_tag 7 keeps this test apart from the others' defaults.
  await page.getByRole('textbox', { name: 'sec_tag' }).fill('7');
  await page.getByRole('radio', { name: /Manual exchange/ }).check();
  await page.getByRole('textbox', { name: 'CA certificate(s) (PEM)' }).fill(caPem);
  await primary(page, 'Start provisioning').click();

  const csr = await downloadedText(page, () => page.getByRole('button', { name: 'Download the CSR' }).click());
  expect(csr.name).toMatch(/^keywire-.*\.csr\.pem$/);
  openssl.write('board-a.csr', csr.text);
  openssl.write(
    'leaf.ext',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  openssl.run(
    ['x509', '-req', '-in', 'board-a.csr', '-CA', 'manual-ca.pem', '-CAkey', 'manual-ca.key', '-days', '30'].concat([
      '-extfile',
      'leaf.ext',
      '-outform',
      'DER',
      '-out',
      'board-a.der',
    ]),
  );
  await page.getByLabel('or pick the file').setInputFiles(join(openssl.dir, 'board-a.der'));
  await expectDone(page);
  const stored = openssl.write('manual-leaf.pem', await readFromBoard(page, 7, 1));
  expect(openssl.run(['verify', '-CAfile', join(openssl.dir, 'manual-ca.pem'), stored])).toContain(': OK');
  expect(openssl.run(['x509', '-in', stored, '-noout', '-issuer'])).toContain('E2E Manual CA');
});

test('manual exchange: the certificate file signed by openssl is dropped on the drop zone', async ({ page }) => {
  openssl.run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'drop-ca.key']);
  openssl.write('drop-ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl.run(
    ['req', '-new', '-x509', '-key', 'drop-ca.key', '-subj', '/CN=E2E Drop CA', '-days', '30'].concat([
      '-extensions',
      'v3_ca',
      '-out',
      'drop-ca.pem',
    ]),
  );
  const caPem = openssl.run(['x509', '-in', 'drop-ca.pem']);
  await start(page, 'nrf9160-c');
  await page.getByRole('textbox', { name: 'sec_tag' }).fill('8');
  await page.getByRole('radio', { name: /Manual exchange/ }).check();
  await page.getByRole('textbox', { name: 'CA certificate(s) (PEM)' }).fill(caPem);
  await primary(page, 'Start provisioning').click();

  const csr = await downloadedText(page, () => page.getByRole('button', { name: 'Download the CSR' }).click());
  openssl.write('board-c.csr', csr.text);
  openssl.write(
    'drop-leaf.ext',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  openssl.run(
    ['x509', '-req', '-in', 'board-c.csr', '-CA', 'drop-ca.pem', '-CAkey', 'drop-ca.key', '-days', '30'].concat([
      '-extfile',
      'drop-leaf.ext',
      '-out',
      'board-c.pem',
    ]),
  );
  const leafPem = openssl.run(['x509', '-in', 'board-c.pem']);
  // A real drag and drop: a DataTransfer holding the file, dropped on the zone.
  const dataTransfer = await page.evaluateHandle((pem) => {
    const dt = new DataTransfer();
    dt.items.add(new File([pem], 'board-c.pem', { type: 'application/x-pem-file' }));
    return dt;
  }, leafPem);
  const zone = page.getByRole('region', { name: 'Drop the certificate file here' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expectDone(page);
  const stored = openssl.write('drop-stored.pem', await readFromBoard(page, 8, 1));
  expect(openssl.run(['verify', '-CAfile', join(openssl.dir, 'drop-ca.pem'), stored])).toContain(': OK');
  expect(openssl.run(['x509', '-in', stored, '-noout', '-issuer'])).toContain('E2E Drop CA');
});

test('an EST server whose CA changed since it was confirmed is refused: no certificate asked for, nothing written', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const confirmed = await startCaServer({ args: ['--origin', origin] });
  const port = new URL(confirmed.url).port;
  let impostor: RunningCaServer | null = null;
  try {
    await start(page, 'nrf9160-b');
    await useEst(page, confirmed);
    await confirmed.stop();
    // The same address, now answered by a server with another CA.
    impostor = await startCaServer({ args: ['--origin', origin, '--port', port] });
    expect(impostor.rootFingerprint).not.toBe(confirmed.rootFingerprint);
    await primary(page, 'Start provisioning').click();
    const alert = page.getByRole('alert').filter({ hasText: 'Stopped at' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText('you did not confirm');
    await expect(alert).toContainText('its CA changed');
    await expect(alert).toContainText(impostor.rootFingerprint.replace(/:/g, '').slice(0, 8));

    // The impostor was asked for its CA certificates only: no CSR reached it, nothing was issued or written.
    expect(impostor.logs().some((l) => / POST /.test(l))).toBe(false);
    expect(issuedCount(impostor)).toBe(0);
    const records = await auditRecords(page);
    expect(count(records, 'certificate-issued', 'success')).toBe(0);
    expect(count(records, 'credential-write', 'intent')).toBe(0);
    const table = credentialTable(page);
    await page.getByRole('button', { name: 'Refresh credentials' }).click();
    await expect(table.getByRole('button', { name: /\(type [01]\) at sec_tag 42$/ })).toHaveCount(0);
  } finally {
    await impostor?.stop();
    await confirmed.stop();
  }
});

const MISISSUES = [
  { mode: 'other-key', reason: 'The certificate is for another key' },
  { mode: 'expired', reason: 'The certificate expired on' },
  { mode: 'wrong-chain', reason: 'The chain to the chosen CA does not hold' },
] as const;

for (const m of MISISSUES) {
  test(`a CA that misissues (${m.mode}) is refused with the reason; no certificate is written`, async ({
    page,
    baseURL,
  }) => {
    const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin, '--misissue', m.mode] });
    try {
      await start(page, 'nrf9160-b');
      const table = credentialTable(page);
      for (const c of factory('nrf9160-b').credentials)
        await expect(table.locator(`[title="${contentSha256(c.content)}"]`)).toBeVisible();
      const before = await table.locator('[title]').evaluateAll((cells) => cells.map((c) => c.getAttribute('title')));
      await useEst(page, server);
      await primary(page, 'Start provisioning').click();
      const alert = page.getByRole('alert').filter({ hasText: 'Blocked at Check before writing' });
      await expect(alert).toBeVisible({ timeout: 30_000 });
      await expect(alert).toContainText('nothing was written to the board');
      await expect(alert).toContainText(m.reason);
      await expect(page.getByRole('list', { name: 'Checks before writing' })).toContainText('(failed)');
      await expect(primary(page, 'Ask the CA for a new certificate')).toBeEnabled();

      const records = await auditRecords(page);
      expect(count(records, 'credential-write', 'intent')).toBe(0);
      expect(count(records, 'chain-checked', 'failure')).toBe(1);
      // The board lists what it listed before, plus only the key it generated at 42: no certificate there.
      await page.getByRole('button', { name: 'Refresh credentials' }).click();
      await expect(table.getByRole('button', { name: /\(type 2\) at sec_tag 42$/ }).first()).toBeAttached();
      await expect(table.getByRole('button', { name: /\(type [01]\) at sec_tag 42$/ })).toHaveCount(0);
      const after = await table.locator('[title]').evaluateAll((cells) => cells.map((c) => c.getAttribute('title')));
      expect(after.filter((t) => !before.includes(t))).toHaveLength(1);
      expect(before.every((t) => after.includes(t))).toBe(true);
    } finally {
      await server.stop();
    }
  });
}
