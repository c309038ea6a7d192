// Export report: after a health check (clean board, key evidence seeded in the audit trail), a broker check, a
// decoded code and a log timeline, the HTML and JSON downloads hold the identity, fingerprints, findings with
// evidence and decoded errors; both pass the audit secret scan; the HTML opens in Chromium from disk with the
// network blocked and attempts no request. A log line with a password makes the export refuse, naming the section.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from './fixtures/test.ts';
import { scanForSecrets } from '../src/audit/secrets.ts';
import { contentSha256, downloadedText, openSection } from './fixtures/app.ts';
import {
  brokerPanel,
  brokerResults,
  connectInHealthPanel,
  runHealthCheck,
  scenario,
  seedKeygenRecords,
  spkiSha256,
  stored,
} from './fixtures/diagnose.ts';

const TAG = 42;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../src/diagnose/fixtures', name), 'utf8');
const reportPanel = (page: Page) => page.getByRole('region', { name: 'Export report' });

async function everything(page: Page) {
  const board = scenario('nrf9160-good');
  const key = stored(board, TAG, 2);
  await seedKeygenRecords(page, board, TAG, spkiSha256(key), contentSha256(key));
  await openSection(page, 'diagnose');
  await page.getByLabel('Code or log lines').fill('0xc680');
  await page.getByLabel('Paste the log').fill(fixture('zephyr-mbedtls-not-trusted.txt'));
  await page.getByRole('button', { name: 'Read pasted log' }).click();
  await expect(page.getByRole('status', { name: 'Diagnosis' })).toBeVisible();
  await connectInHealthPanel(page, board);
  await runHealthCheck(page);
  await brokerPanel(page).getByRole('button', { name: 'Run broker check' }).click();
  await expect(brokerResults(page).getByRole('status', { name: 'Broker check verdict' })).toBeVisible();
  return board;
}

test('the report holds every finding and decoded error, passes the secret scan, and opens offline', async ({
  page,
  browser,
}) => {
  const board = await everything(page);
  const panel = reportPanel(page);
  const html = await downloadedText(page, () => panel.getByRole('button', { name: 'Download HTML report' }).click());
  const json = await downloadedText(page, () => panel.getByRole('button', { name: 'Download JSON report' }).click());
  expect(html.name).toMatch(new RegExp(`^keywire-report-${board.deviceUuid}-\\d{8}T\\d{6}Z\\.html$`));
  expect(json.name).toMatch(/\.json$/);
  expect(scanForSecrets(html.text)).toEqual([]);
  expect(scanForSecrets(json.text)).toEqual([]);
  expect(html.text).not.toContain('PRIVATE KEY');
  expect(html.text).not.toContain('BEGIN CERTIFICATE');

  const report = JSON.parse(json.text);
  expect(report.board.imei).toBe(board.imei);
  expect(report.keywireVersion).toBe('0.1.0');
  expect(report.healthCheck.verdict).toBe('passed');
  expect(report.credentials.map((c: { sha256: string }) => c.sha256)).toContain(contentSha256(stored(board, TAG, 1)));
  expect(report.brokerCheck.profile.name).toBe('AWS IoT Core (ATS endpoint)');
  const names = report.decodedErrors.map((d: { source: string; name: string }) => `${d.source}:${d.name}`);
  expect(names).toContain('decoder:MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE');
  expect(names.some((n: string) => n.startsWith('log:'))).toBe(true);
  for (const f of report.healthCheck.findings) expect(html.text).toContain(f.code);

  const file = join(mkdtempSync(join(tmpdir(), 'kw-report-')), html.name);
  writeFileSync(file, html.text);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ offline: true });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const offline = await context.newPage();
  await offline.goto(url);
  await expect(offline.getByRole('heading', { level: 1, name: 'KeyWire diagnostics report' })).toBeVisible();
  await expect(offline.getByText('Board health check', { exact: true })).toBeVisible();
  await expect(offline.getByText('MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE').first()).toBeVisible();
  await expect(offline.getByText(board.imei).first()).toBeVisible();
  expect(await offline.locator('script, img, link, iframe, object').count()).toBe(0);
  expect(requests.filter((r) => r !== url)).toEqual([]);
  await context.close();
});

test('each section names the board it was made for: the health check stays after the board is forgotten, a broker check on another board is flagged', async ({
  page,
}) => {
  const first = scenario('nrf9160-good');
  const second = scenario('nrf9160-a');
  await openSection(page, 'diagnose');
  await connectInHealthPanel(page, first);
  const results = await runHealthCheck(page);
  // The first board goes away and is forgotten; the other board is connected and gets a broker check.
  await page.evaluate((id) => window.keywireEmulator!.control(id).unplug(), first.id);
  await expect(page.getByText('Lost the board.')).toBeVisible();
  await page.getByRole('button', { name: 'Forget this board' }).click();
  await expect(results.getByRole('note')).toContainText(`about nRF`);
  await expect(results.getByRole('note')).toContainText(`IMEI ${first.imei}, which is no longer connected`);
  await connectInHealthPanel(page, second);
  await expect(results.getByRole('note')).toContainText('not the board connected now');
  await brokerPanel(page).getByRole('button', { name: 'Run broker check' }).click();
  await expect(brokerResults(page).getByRole('status', { name: 'Broker check verdict' })).toBeVisible();

  const panel = reportPanel(page);
  await expect(panel.getByRole('checkbox', { name: 'Board health check' })).toBeEnabled();
  const json = await downloadedText(page, () => panel.getByRole('button', { name: 'Download JSON report' }).click());
  const html = await downloadedText(page, () => panel.getByRole('button', { name: 'Download HTML report' }).click());
  const report = JSON.parse(json.text);
  expect(report.healthCheck.board.imei).toBe(first.imei);
  expect(report.brokerCheck.board.imei).toBe(second.imei);
  expect(report.board.imei).toBe(first.imei);
  expect(report.boardNotes.join(' ')).toContain('they are different boards');
  expect(html.text).toContain(
    `<h2>Board health check</h2>\n<p class="meta">Board: ${report.healthCheck.board.model} IMEI ${first.imei}`,
  );
  expect(html.text).toMatch(
    new RegExp(`<h2>Broker check: [^<]+</h2>\\n<p class="meta">Board: [^<]+ IMEI ${second.imei}`),
  );
  expect(html.text).toContain('they are different boards');
});

test('a log line with a password makes the export refuse and say where; leaving the log out exports', async ({
  page,
}) => {
  await openSection(page, 'diagnose');
  await page.getByLabel('Code or log lines').fill('-0x2700');
  await page
    .getByLabel('Paste the log')
    .fill('[00:00:04.542,541] <err> net_sock_tls: TLS handshake error: -0x2700 (mqtt password=hunter2)\n');
  await page.getByRole('button', { name: 'Read pasted log' }).click();
  await expect(page.getByRole('status', { name: 'Diagnosis' })).toBeVisible();
  const panel = reportPanel(page);
  let downloads = 0;
  page.on('download', () => downloads++);
  await panel.getByRole('button', { name: 'Download HTML report' }).click();
  await expect(panel.getByRole('alert')).toContainText(
    'The report was not made: it would contain a password, token or key assignment in the log timeline',
  );
  expect(downloads).toBe(0);
  await panel.getByRole('checkbox', { name: 'Log timeline' }).uncheck();
  const html = await downloadedText(page, () => panel.getByRole('button', { name: 'Download HTML report' }).click());
  expect(html.text).not.toContain('hunter2');
  expect(scanForSecrets(html.text)).toEqual([]);
});
