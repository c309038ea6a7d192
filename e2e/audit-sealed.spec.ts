// Sealed blocks of the audit trail against the production build: every kind of tampering with the blocks, their
// lines and the open tail's rows, done the way a person with devtools would (editing IndexedDB directly), is found
// and named by Verify; a rewrite that re-hashes the chain shows against the station's signature.
import { expect, test, type Page } from './fixtures/test.ts';
import { auditRecords } from './fixtures/audit.ts';
import { auditHooks, count, openAudit } from './fixtures/audit-page.ts';

test.beforeEach(({ page }) => auditHooks(page));

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
