import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';

const fixture = (name: string) => join(import.meta.dirname, '../src/diagnose/fixtures', name);

test.beforeEach(async ({ page }) => {
  await page.goto('/#/diagnose');
  await expect(page.getByRole('heading', { level: 1, name: 'Diagnose' })).toBeVisible();
});

test('decodes 0xc680 as PK feature unavailable, with the forms and versions', async ({ page }) => {
  await page.getByLabel('Code or log lines').fill('0xc680');
  const card = page.getByRole('article', { name: 'mbedTLS -0x3980' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE');
  await expect(card).toContainText('not compiled into this mbedTLS build');
  await expect(card).toContainText('unsigned 16-bit');
  await expect(card).toContainText('Same in mbedTLS 2.28, 3.6 and 4.x');
});

test('shows a code that changed meaning between 2.28 and 3.x side by side', async ({ page }) => {
  await page.getByRole('button', { name: '-0x2700' }).click();
  await expect(page.getByRole('article', { name: 'mbedTLS -0x2700' })).toContainText('X509_CERT_VERIFY_FAILED');
  await page.getByLabel('Code or log lines').fill('-0x7800');
  const table = page.getByRole('article', { name: 'mbedTLS -0x7800' }).getByRole('table');
  await expect(table.getByRole('row', { name: /2\.28/ })).toContainText('MBEDTLS_ERR_SSL_PEER_VERIFY_FAILED');
  await expect(table.getByRole('row', { name: /3\.6/ })).toContainText('MBEDTLS_ERR_SSL_UNRECOGNIZED_NAME');
});

test('says plainly when nothing is recognised', async ({ page }) => {
  await page.getByLabel('Code or log lines').fill('hello');
  await expect(page.getByText('No code recognised.')).toBeVisible();
});

test('a pasted Zephyr log becomes a timeline with the decisive line highlighted', async ({ page }) => {
  await page.getByLabel('Paste the log').fill(readFileSync(fixture('zephyr-mbedtls-not-trusted.txt'), 'utf8'));
  await page.getByRole('button', { name: 'Read pasted log' }).click();
  const banner = page.getByRole('status', { name: 'Diagnosis' });
  await expect(banner).toContainText(
    "Server certificate not trusted: the board's CA store does not anchor the server chain",
  );
  await expect(banner).toContainText('sec_tag 201');
  const decisive = page.locator('[data-decisive="true"]');
  await expect(decisive).toHaveCount(1);
  await expect(decisive).toContainText('Decisive line');
  await expect(decisive).toContainText('Certificate verification flags 00000008');
  await expect(page.getByText('Client hello: 6 cipher suites offered')).toBeVisible();
  await expect(page.getByText('Alert sent by the board: unknown_ca (fatal) [2:48]')).toBeVisible();
});

test('a dropped ESP-IDF log file is read in the crypto worker into a timeline', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const text = readFileSync(fixture('esp-idf-not-trusted.txt'), 'utf8');
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'esp32-console.log', { type: 'text/plain' }));
    return dt;
  }, text);
  await page.getByRole('region', { name: 'Drop a log file here' }).dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText('Timeline of esp32-console.log')).toBeVisible();
  await expect(page.locator('[data-decisive="true"]')).toContainText('Certificate verification flags 00000008');
  await expect(page.getByRole('status', { name: 'Diagnosis' })).toContainText('ISRG Root X1');
  expect(workers.filter((url) => /crypto\.worker/.test(url)).length).toBeGreaterThan(0);
  expect(workers.filter((url) => /log\.worker/.test(url))).toEqual([]);
});

test('a chosen file and a binary file: timeline, then a plain-language refusal', async ({ page }) => {
  await page.locator('#timeline input[type=file]').setInputFiles(fixture('zephyr-alert-unknown-ca.txt'));
  await expect(page.getByRole('status', { name: 'Diagnosis' })).toContainText(
    "broker does not trust the board's certificate",
  );
  await expect(page.locator('[data-decisive="true"]')).toContainText('got an alert message, type: [2:48]');
  await page.locator('#timeline input[type=file]').setInputFiles({
    name: 'firmware.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]),
  });
  await expect(page.getByRole('alert')).toContainText('not a text log');
});
