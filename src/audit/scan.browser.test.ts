// scanTrail reads every sealed block once, in key order, then the open tail: stores of many blocks (more than are in
// flight at once), an empty store, a store with no block yet, and the odd keys a tampered store can hold (blocks and
// rows under keys no reader expects; index rows of sealed records are never read as records).
import { describe, expect, it } from 'vitest';
import { line } from './export.ts';
import { scanRecords, scanTrail, type ScanOptions } from './scan.ts';
import { fact, perTestStores } from './test-db.ts';
import type { AuditRecord } from './types.ts';

const { cleanups, fresh } = perTestStores();

async function filled(count: number, blockSize = 10) {
  const t = fresh({ blockSize, anchor: false });
  const written: AuditRecord[] = [];
  for (let at = 0; at < count; at += 200) {
    const r = await t.store.appendBatch(Array.from({ length: Math.min(200, count - at) }, (_, i) => fact(at + i)));
    if (!r.ok) throw new Error(r.error.message);
    written.push(...r.value);
  }
  const db = await t.store.connection();
  if (!db.ok) throw new Error(db.error.message);
  const raw = await t.raw();
  cleanups.push(async () => raw.close());
  return { db: db.value, raw, written };
}

type Db = Awaited<ReturnType<typeof filled>>['db'];

async function scanned(db: Db, opts?: ScanOptions) {
  const blocks: { key: IDBValidKey; text: string }[] = [];
  const tail: unknown[] = [];
  const fractions: number[] = [];
  for await (const part of scanTrail(db, await db.count('records'), opts)) {
    if (part.kind === 'block') blocks.push({ key: part.key, text: part.text });
    else tail.push(...part.rows);
    fractions.push(part.fraction);
  }
  return { blocks, tail, fractions };
}

describe('reading the whole trail', () => {
  it('reads every block of a store in key order, more than are in flight at once, then the open tail', async () => {
    const { db, written } = await filled(237);
    for (const opts of [{ perTransaction: 3, transactions: 2 }, { perTransaction: 1, transactions: 1 }, {}]) {
      const { blocks, tail, fractions } = await scanned(db, opts);
      expect(blocks.map((b) => b.key)).toEqual(Array.from({ length: 23 }, (_, i) => i));
      expect(blocks.map((b) => b.text)).toEqual(
        Array.from({ length: 23 }, (_, b) =>
          written
            .slice(b * 10, b * 10 + 10)
            .map(line)
            .join('\n'),
        ),
      );
      expect(tail).toEqual(written.slice(230));
      expect(fractions.at(-1)).toBe(1);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    }
    const records: AuditRecord[] = [];
    for await (const { chunk } of scanRecords(db, 237)) records.push(...chunk);
    expect(records).toEqual(written);
  });

  it('reads nothing from an empty store, and only rows before the first block is sealed', async () => {
    expect(await scanned((await filled(0)).db)).toEqual({ blocks: [], tail: [], fractions: [] });
    const { db, written } = await filled(9);
    expect((await scanned(db)).tail).toEqual(written);
  });

  it('reads blocks under odd keys and every row above the last block, never the index rows below it', async () => {
    const { db, raw, written } = await filled(45);
    const block2 = (await raw.get('blocks', 2))!;
    await raw.delete('blocks', 2);
    await raw.put('blocks', block2, 'text' as unknown as number);
    await raw.put('blocks', block2, 2.5);
    const some = written[44]!;
    for (const seq of [1e12, 123_456_789]) await raw.put('records', { ...some, seq });
    await raw.put('records', { ...some, seq: 'text' as unknown as number });
    const { blocks, tail } = await scanned(db);
    expect(blocks.map((b) => b.key)).toEqual([0, 1, 2.5, 3, 'text']);
    expect(tail.map((r) => (r as AuditRecord).seq)).toEqual([41, 42, 43, 44, 45, 123_456_789, 1e12, 'text']);
  });
});
