// The Audit section against the production build. Records are seeded through the app's real store via the dev hook
// (localStorage keywire.devHooks = "1" exposes window.keywireAudit; see src/ui/audit/README.md), and tampering is
// done the way a person with devtools would: by editing IndexedDB directly.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from './fixtures/test.ts';
import { scanForSecrets } from '../src/audit/secrets.ts';
import { auditRecords } from './fixtures/audit.ts';

interface Hooks {
  seedDemo(count: number, seed?: number): Promise<{ ok: boolean }>;
  store: {
    beginIntent(entry: unknown): Promise<{ ok: boolean; value?: { seq: number } }>;
    append(entry: unknown): Promise<{ ok: boolean }>;
    count(): Promise<{ ok: boolean; value: number }>;
  };
}
declare global {
  interface Window {
    keywireAudit?: Hooks;
  }
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('keywire.devHooks', '1');
    const settings = { operator: 'E2E Operator', site: 'CI bench', baudRate: 115200, flowControl: 'hardware' };
    localStorage.setItem('keywire.settings.v1', JSON.stringify(settings));
  });
});

async function openAudit(page: Page, seed = 0): Promise<void> {
  await page.goto('/#/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await page.waitForFunction(() => window.keywireAudit !== undefined);
  if (seed > 0) {
    const ok = await page.evaluate((n) => window.keywireAudit!.seedDemo(n).then((r) => r.ok), seed);
    expect(ok).toBe(true);
  }
}

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

const count = (page: Page) => page.getByTestId('record-count');
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

type BlockTamper =
  | { kind: 'snapshot' }
  | { kind: 'restore' }
  | { kind: 'edit-line' | 'remove-line'; seq: number }
  | { kind: 'swap-blocks'; a: number; b: number }
  | { kind: 'delete-block'; b: number }
  | { kind: 'edit-row'; seq: number }
  | { kind: 'rewrite-from'; seq: number };

/**
 * Edits sealed blocks (src/audit/blocks.ts: key b holds the canonical lines of records b*1000+1 .. (b+1)*1000) and
 * tail rows straight in IndexedDB, as a person with devtools would; 'rewrite-from' rewrites every record from `seq`
 * to the head and re-hashes the chain, head included (only the station's signatures can tell). 'snapshot' keeps the
 * untouched trail on the page, 'restore' puts it back.
 */
async function tamperSealed(page: Page, op: BlockTamper): Promise<void> {
  await page.evaluate(async (op) => {
    const size = 1000;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('keywire-audit');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tx = db.transaction(['blocks', 'records', 'meta'], 'readwrite');
    const req = <T>(r: IDBRequest): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result as T);
        r.onerror = () => reject(r.error);
      });
    const blocks = tx.objectStore('blocks');
    const records = tx.objectStore('records');
    const meta = tx.objectStore('meta');
    type Rec = Record<string, unknown> & { seq: number; hash: string; prevHash: string };
    const w = window as unknown as { kwSnapshot?: { blocks: [IDBValidKey, string][]; rows: unknown[]; head: unknown } };
    const editLines = async (b: number, edit: (lines: string[]) => string[]) => {
      const text = await req<string>(blocks.get(b));
      blocks.put(edit(text.split('\n')).join('\n'), b);
    };
    const canon = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(canon).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    const sha = async (text: string) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    switch (op.kind) {
      case 'snapshot': {
        const [keys, values, rows, head] = await Promise.all([
          req<IDBValidKey[]>(blocks.getAllKeys()),
          req<string[]>(blocks.getAll()),
          req<unknown[]>(records.getAll()),
          req<unknown>(meta.get('head')),
        ]);
        w.kwSnapshot = { blocks: keys.map((k, i) => [k, values[i]!]), rows, head };
        break;
      }
      case 'restore': {
        const s = w.kwSnapshot!;
        blocks.clear();
        records.clear();
        for (const [k, v] of s.blocks) blocks.put(v, k);
        for (const row of s.rows) records.put(row);
        meta.put(s.head, 'head');
        break;
      }
      case 'edit-line':
        await editLines(Math.floor((op.seq - 1) / size), (lines) =>
          lines.map((l) =>
            JSON.parse(l).seq === op.seq ? l.replace(/"operator":"[^"]*"/, '"operator":"Mallory"') : l,
          ),
        );
        break;
      case 'remove-line':
        await editLines(Math.floor((op.seq - 1) / size), (lines) => lines.filter((l) => JSON.parse(l).seq !== op.seq));
        break;
      case 'swap-blocks': {
        const [a, b] = await Promise.all([req<string>(blocks.get(op.a)), req<string>(blocks.get(op.b))]);
        blocks.put(b, op.a);
        blocks.put(a, op.b);
        break;
      }
      case 'delete-block':
        blocks.delete(op.b);
        break;
      case 'edit-row': {
        const row = await req<Rec>(records.get(op.seq));
        records.put({ ...row, operator: 'Mallory' });
        break;
      }
      case 'rewrite-from': {
        // The whole trail as records: block lines, then the tail rows (full records have a hash).
        const texts = await req<string[]>(blocks.getAll());
        const rows = (await req<Rec[]>(records.getAll())).filter((r) => typeof r.hash === 'string');
        const all: Rec[] = [...texts.flatMap((t) => t.split('\n').map((l) => JSON.parse(l) as Rec)), ...rows];
        const sealedTo = texts.length * size;
        let prev = all[op.seq - 2]!.hash;
        for (const r of all.slice(op.seq - 1)) {
          const { hash: _old, ...body } = r;
          const changed = { ...body, prevHash: prev, operator: r.seq === op.seq ? 'Mallory' : r.operator };
          const hash = await sha(canon(changed) + prev);
          all[r.seq - 1] = { ...changed, hash } as Rec;
          prev = hash;
        }
        for (let b = Math.floor((op.seq - 1) / size); b * size < sealedTo; b++) {
          blocks.put(
            all
              .slice(b * size, (b + 1) * size)
              .map(canon)
              .join('\n'),
            b,
          );
        }
        for (const r of all.slice(sealedTo)) records.put(r);
        const last = all.at(-1)!;
        meta.put({ seq: last.seq, hash: last.hash, time: last.time }, 'head');
        break;
      }
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, op);
}

test('sealed blocks: every kind of tampering with blocks, lines and tail rows is named', async ({ page }) => {
  test.slow();
  await openAudit(page, 2100);
  await expect(count(page)).toHaveText('2,100 records');
  // The specs' own reader sees every record in full, the sealed ones from their blocks.
  const all = await auditRecords(page);
  expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 2100 }, (_, i) => i + 1));
  expect(all.every((r) => typeof r.detail === 'object' && typeof r.device.id === 'string')).toBe(true);
  // Signed up to the head, so a rewrite that re-hashes the chain shows against the station's signature.
  await page.evaluate(() => (window.keywireAudit!.store as unknown as { anchored(): Promise<unknown> }).anchored());
  await tamperSealed(page, { kind: 'snapshot' });
  const result = page.getByRole('status', { name: 'Verification result' });
  const verifyAfter = async (op: BlockTamper, says: string | RegExp) => {
    await tamperSealed(page, op);
    await page.getByRole('button', { name: 'Verify the audit trail' }).click();
    await expect(result).toContainText(says);
    await tamperSealed(page, { kind: 'restore' });
  };
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(result).toContainText('all 2,100 records verified. The chain is intact.');

  // An edited line: named, and the record the viewer shows is that line, the one verify checked.
  await tamperSealed(page, { kind: 'edit-line', seq: 1500 });
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(result).toContainText('tampering found. Record #1500 was edited');
  await result.getByRole('button', { name: 'Show record #1500' }).click();
  await expect(page.getByRole('region', { name: 'Record #1500' }).getByText('Mallory')).toBeVisible();
  await tamperSealed(page, { kind: 'restore' });

  await verifyAfter({ kind: 'remove-line', seq: 1500 }, 'tampering found. Record #1500 was removed.');
  await verifyAfter({ kind: 'swap-blocks', a: 0, b: 1 }, /tampering found\. .*reordered/);
  await verifyAfter({ kind: 'delete-block', b: 0 }, 'tampering found. Records #1 to #1000 (1000) were removed.');
  await verifyAfter({ kind: 'edit-row', seq: 2050 }, 'tampering found. Record #2050 was edited');
  await verifyAfter(
    { kind: 'rewrite-from', seq: 1500 },
    /covered by a valid station signature.*rewritten and re-hashed/,
  );

  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(result).toContainText('all 2,100 records verified. The chain is intact.');
});
