// Provisioning against other CAs, in the production build with the emulated nRF9160: `npm run ca-server` started
// here as a real HTTP server on another origin (EST set up in the flow's CA picker), manual exchange with a CA made
// by openssl (the CSR downloaded from the page, the certificate picked as a file), and a CA that misissues: a
// certificate for another key, an expired one, a wrong chain. Those are refused, the reason is shown, and no
// certificate is written (only the board's new key exists at the sec_tag; no credential-write intent).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
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
import { count, expectDone, Openssl, primary, readFromBoard } from './provision-fixtures.ts';

const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

async function useEst(page: Page, server: RunningCaServer): Promise<void> {
  await page.getByRole('radio', { name: /EST server/ }).check();
  await page.getByRole('textbox', { name: 'EST server address' }).fill(server.url.replace('/.well-known/est', ''));
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
    await expect(page.getByText('Certificate SHA-256')).toBeVisible();
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
