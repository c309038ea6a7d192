// The Audit section against the production build. Records are seeded through the app's real store via the dev hook
// (localStorage keywire.devHooks = "1" exposes window.keywireAudit; see src/ui/audit/README.md), and tampering is
// done the way a person with devtools would: by editing IndexedDB directly.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from './fixtures/test.ts';
import { scanForSecrets } from '../src/audit/secrets.ts';
import { auditHooks, count, openAudit } from './fixtures/audit-page.ts';

test.beforeEach(({ page }) => auditHooks(page));

/** Edits IndexedDB directly, bypassing KeyWire. */
async function tamper(page: Page, seq: number, change: 'edit' | 'delete'): Promise<void> {
  await page.evaluate(
    async ({ seq, change }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('keywire-audit');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('records', 'readwrite');
        const store = tx.objectStore('records');
        if (change === 'delete') store.delete(seq);
        else store.get(seq).onsuccess = (e) => store.put({ ...(e.target as IDBRequest).result, operator: 'Mallory' });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { seq, change },
  );
}

const rows = (page: Page) => page.getByRole('list', { name: 'Audit records, newest first' }).getByRole('button');

test('with no records: says so, and shows no empty list frame', async ({ page }) => {
  await openAudit(page);
  await expect(page.getByText('Nothing recorded yet: provisioning a board writes here.')).toBeVisible();
  const list = page.getByRole('list', { name: 'Audit records, newest first' });
  await expect(list).toBeAttached();
  await expect(list).toBeHidden();
  await page.evaluate(() => window.keywireAudit!.seedDemo(3));
  await openAudit(page);
  await expect(list).toBeVisible();
  await expect(rows(page)).toHaveCount(3);
});

test('view, filter, inspect, export and verify the trail, then catch an edit', async ({ page }) => {
  await openAudit(page, 400);
  await expect(count(page)).toHaveText('400 records');
  await expect(rows(page).first()).toContainText('#400');
  expect(await rows(page).count()).toBeLessThan(40);
  await page.getByRole('list', { name: 'Audit records, newest first' }).evaluate((el) => (el.scrollTop = 52 * 300));
  await expect(page.locator('[data-seq="100"]')).toContainText(/#100\s+\S/);
  expect(await rows(page).count()).toBeLessThan(40);

  await page.getByLabel('Action').selectOption('certificate-issued');
  await expect(count(page)).toHaveText(/^\d+ records match$/);
  // The count comes first; the visible rows' records are read after it, each row "loading…" until its record is
  // there (allInnerTexts does not wait for them).
  await expect(rows(page).first()).toContainText('certificate-issued');
  await expect(rows(page).filter({ hasText: 'loading…' })).toHaveCount(0);
  const issued = await rows(page).allInnerTexts();
  expect(issued.length).toBeGreaterThan(5);
  for (const text of issued) expect(text).toContain('certificate-issued');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Export CSV \(\d+ shown\)$/ }).click(),
  ]);
  const csvRows = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(csvRows[0]).toContain('seq,time,operator,site,device_family,device_id');
  const matched = Number((await count(page).innerText()).split(' ')[0]);
  expect(csvRows).toHaveLength(matched + 1);
  for (const row of csvRows.slice(1)) expect(row).toContain(',certificate-issued,success,');

  await page.getByLabel('Search').fill('Acme Field CA 2030');
  await page.getByLabel('Search').press('Enter');
  await expect(rows(page).first()).toContainText('certificate-issued');
  await rows(page).first().click();
  const detail = page.getByRole('region', { name: /Record #\d+/ });
  await expect(detail.getByText('Acme Field CA 2030')).toBeVisible();
  await expect(detail.getByText('Previous hash')).toBeVisible();
  await expect(detail.locator('dd.hash')).toHaveCount(2);
  await detail.getByRole('button', { name: "Show this board's history" }).click();
  await expect(page.getByText(/History of board/)).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(count(page)).toHaveText('400 records');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON Lines' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^keywire-audit-.*\.jsonl$/);
  const exported = await readFile((await download.path())!, 'utf8');
  const lines = exported
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  // 400 records, then the station's signatures over chain heads (as many as were signed by now), then the end marker.
  expect(lines.slice(0, 400).every((l) => 'prevHash' in l)).toBe(true);
  expect(lines.slice(400, -1).every((l) => l.anchor === 'keywire-anchor/1')).toBe(true);
  expect(lines[0]).toMatchObject({ seq: 1, operator: 'E2E Operator', site: 'CI bench' });
  expect(lines.at(-1)).toMatchObject({ end: true, records: 400, headSeq: 400 });
  expect(scanForSecrets(exported)).toEqual([]);

  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText(
    'all 400 records verified. The chain is intact.',
  );

  await tamper(page, 123, 'edit');
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  const result = page.getByRole('status', { name: 'Verification result' });
  await expect(result).toContainText('tampering found. Record #123 was edited');
  await result.getByRole('button', { name: 'Show record #123' }).click();
  await expect(page.getByRole('region', { name: 'Record #123' }).getByText('Mallory')).toBeVisible();

  await page.getByLabel('Audit export file to verify').setInputFiles({
    name: 'clean.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(exported),
  });
  await expect(result).toContainText('clean.jsonl: all 400 records verified');
  const cut = exported
    .split('\n')
    .filter((_, i) => i !== 76)
    .join('\n');
  await page.getByLabel('Audit export file to verify').setInputFiles({
    name: 'cut.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(cut),
  });
  await expect(result).toContainText('cut.jsonl: tampering found. Record #77 was removed.');
});

test('an intent left open by a reload is flagged and can be closed with a new record', async ({ page }) => {
  await openAudit(page, 30);
  const begun = await page.evaluate(() =>
    window.keywireAudit!.store.beginIntent({
      device: {
        family: 'nrf91',
        id: '50503041-3633-4261-803d-1e2b8f70c0c1',
        model: 'nRF9151-LACA',
        firmware: 'mfw_nrf91x1_2.0.2',
      },
      action: 'credential-write',
      detail: { secTag: 16842753, credentialKind: 'clientCert' },
    }),
  );
  expect(begun.ok).toBe(true);
  await page.reload();
  const banner = page.getByRole('alert', { name: 'Open intents' });
  await expect(banner).toContainText('1 action has no recorded outcome.');
  await expect(rows(page).first()).toContainText('No outcome recorded');
  await banner.getByRole('button', { name: /#31 credential-write/ }).click();
  const detail = page.getByRole('region', { name: 'Record #31' });
  await expect(detail.getByRole('note')).toContainText('Intent without an outcome');
  await detail.getByLabel('What happened').selectOption('failure');
  await detail.getByLabel('Note').fill('Re-read sec_tag 16842753: no certificate.');
  await detail.getByRole('button', { name: 'Record outcome' }).click();
  await expect(page.getByRole('region', { name: 'Record #32' })).toContainText('closed-by-operator');
  await expect(banner).toBeHidden();
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText('all 32 records verified');
});

test('two tabs recording at once keep one chain', async ({ page, context }) => {
  await openAudit(page);
  const other = await context.newPage();
  await openAudit(other);
  const write = (p: Page, tag: number) =>
    p.evaluate(async (tag) => {
      const device = { family: 'nrf91', id: `tab-${tag}`, model: 'nRF9160-SICA', firmware: 'mfw_nrf9160_1.3.5' };
      const all = Array.from({ length: 25 }, (_, i) =>
        window.keywireAudit!.store.append({
          device,
          action: 'verify',
          outcome: 'success',
          detail: { secTag: tag + i },
        }),
      );
      return (await Promise.all(all)).every((r) => r.ok);
    }, tag);
  expect(await Promise.all([write(page, 1000), write(other, 2000)])).toEqual([true, true]);
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText('all 50 records verified');
  await expect(count(other)).toHaveText('50 records');
});

test('Settings shows whether the audit trail is kept and how full storage is', async ({ page }) => {
  await page.goto('/#/settings');
  const panel = page.getByRole('group', { name: 'Storage' });
  await expect(panel.getByTestId('usage')).toContainText(/Using .* of .*\(/);
  await expect(panel.getByTestId('persistence')).toContainText(/Kept persistently|Not persistent|Unknown/);
  const ask = panel.getByRole('button', { name: 'Ask the browser to keep the audit trail' });
  if (await ask.isVisible()) {
    await ask.click();
    await expect(panel).toContainText(/Kept persistently|The browser declined/);
  }
});

test('Settings shows the station key fingerprint that signs the exported trail', async ({ page }) => {
  await openAudit(page, 20);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON Lines' }).click(),
  ]);
  const lines = (await readFile((await download.path())!, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { station?: { fingerprint: string } });
  const fingerprint = lines.at(-1)!.station?.fingerprint ?? '';
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText(
    `Signed by station key ${fingerprint.replace(/(.{4})(?=.)/g, '$1 ')}`,
  );
  await page.goto('/#/settings');
  const panel = page.getByRole('group', { name: 'Station key' });
  await expect(panel.getByTestId('station-fingerprint')).toHaveText(fingerprint.replace(/(.{4})(?=.)/g, '$1 '));
});
