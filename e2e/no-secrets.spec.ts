// Nothing secret is kept or exported (issue 4, item 6): after a real provisioning run through an EST server that
// needs a password, every audit record, the flow store, both audit exports and every file the flow offers are
// scanned for PEM private keys, passwords and tokens, and searched for the password itself.
import { expect, test } from './fixtures/test.ts';
import { scanForSecrets } from '../src/audit/secrets.ts';
import { startCaServer } from '../tools/ca-server-testing.ts';
import {
  connectEmulated,
  consoleLines,
  credentialTable,
  downloadedText,
  openSection,
  setOperator,
} from './fixtures/app.ts';
import { expectDone, primary } from './provision-fixtures.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { dumpDatabase } from './fixtures/stores.ts';

const USER = 'bench-technician';
const PASSWORD = 'Est-Pa55word-never-stored-4711';

/**
 * Audit records and exports must not even hold long base64 runs; files and stores whose job is to carry public
 * certificates and CSRs may (their base64 is checked by label instead: every PEM block must be public material).
 */
function expectClean(what: string, text: string, carries: 'facts' | 'public-pem' = 'facts'): void {
  expect(text.length, `${what} is empty`).toBeGreaterThan(0);
  const findings = scanForSecrets(text).filter((f) => carries === 'facts' || f.kind !== 'base64-blob');
  expect(findings, `${what} holds something secret`).toEqual([]);
  if (carries === 'public-pem') {
    const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
    for (const label of labels) expect(['CERTIFICATE', 'CERTIFICATE REQUEST'], `${what}: ${label}`).toContain(label);
  }
  expect(text.includes(PASSWORD), `${what} holds the EST password`).toBe(false);
  expect(text.includes(btoa(`${USER}:${PASSWORD}`)), `${what} holds the Basic credentials`).toBe(false);
}

test('after provisioning through a password-protected EST server, no record, store or export holds a secret', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const server = await startCaServer({ args: ['--origin', origin, '--user', USER, '--password', PASSWORD] });
  try {
    await setOperator(page, 'E2E Technician');
    await connectEmulated(page, 'nrf9160-b');
    await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
    await chooseEst(page, server);
    await confirmEstCa(page, server);
    await page.getByRole('radio', { name: /HTTP Basic/ }).check();
    await page.getByRole('textbox', { name: 'User name' }).fill(USER);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await primary(page, 'Start provisioning').click();
    await expectDone(page);

    const files: { name: string; text: string }[] = [];
    for (const kind of ['CSR', 'certificate', 'chain']) {
      files.push(
        await downloadedText(page, () =>
          page.getByRole('button', { name: `Download the ${kind}`, exact: true }).click(),
        ),
      );
    }
    expect(files.map((f) => f.text).join('')).toContain('-----BEGIN CERTIFICATE-----');
    for (const f of files) expectClean(`download ${f.name}`, f.text, 'public-pem');

    const audit = await dumpDatabase(page, 'keywire-audit');
    expect(audit).toContain('credential-write');
    expectClean('IndexedDB keywire-audit', audit);
    expectClean('IndexedDB keywire-flows', await dumpDatabase(page, 'keywire-flows'), 'public-pem');

    await openSection(page, 'audit');
    const jsonl = await downloadedText(page, () => page.getByRole('button', { name: 'Export JSON Lines' }).click());
    const csv = await downloadedText(page, () => page.getByRole('button', { name: /^Export CSV/ }).click());
    expect(jsonl.text).toContain('"action":"credential-write"');
    expectClean('the JSON Lines export', jsonl.text);
    expectClean('the CSV export', csv.text);
  } finally {
    await server.stop();
  }
});

test('a PSK typed in the console is hidden on screen and in the session log download, and is never read', async ({
  page,
}) => {
  const psk = '3F8A1C2D4E5B6A7980FFEEDDCCBBAA99887766554433221100A1B2C3D4E5F607';
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-b');
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'AT command' });
  await command.fill('AT+CFUN=4');
  await command.press('Enter');
  await expect(page.getByText(/^AT\+CFUN=4: OK after/)).toBeVisible();
  await command.fill(`AT%CMNG=0,55,3,"${psk}"`);
  await command.press('Enter');
  await expect(page.getByText(/: OK after \d+ ms\. Recorded in the audit trail\./)).toBeVisible();
  await expect(consoleLines(page)).toContainText('AT%CMNG=0,55,3,"<PSK, 32 bytes, hidden>"');
  await expect(page.locator('body')).not.toContainText(psk);
  // Chained commands are not sent at all.
  await command.fill('AT+CGMI;%CMNG=3,55,3');
  await command.press('Enter');
  await expect(page.getByText(/not sent\. A ";" chains several commands/)).toBeVisible();

  await page.getByRole('button', { name: 'Refresh credentials' }).click();
  const table = credentialTable(page);
  await expect(table.getByRole('button', { name: /^Delete .*\(type 3\) at sec_tag 55$/ })).toHaveCount(1);
  await expect(table.getByRole('button', { name: /^Read .*\(type 3\) at sec_tag 55$/ })).toHaveCount(0);
  await expect(table).toContainText('A pre-shared key is a secret');

  const log = await downloadedText(page, () => page.getByRole('button', { name: 'Download log' }).click());
  expect(log.text).toContain('<PSK, 32 bytes, hidden>');
  expect(log.text).not.toContain(psk);
  expect(log.text).not.toContain('AT+CGMI;%CMNG');
  // What remains is the masked write itself (the scanner flags any type-3 %CMNG write, content or not).
  const left = scanForSecrets(log.text).filter((f) => f.kind !== 'base64-blob');
  expect(left.map((f) => f.kind)).toEqual(['cmng-secret-write']);
  expect(log.text.slice(left[0]!.index + left[0]!.length)).toMatch(/^<PSK, 32 bytes, hidden>"/);
  const audit = await dumpDatabase(page, 'keywire-audit');
  expect(audit).not.toContain(psk);
});
