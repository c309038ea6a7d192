// scanStore reads every record once, in key order, whatever the keys: dense stores across many ranges, an empty
// store, gaps, and the odd keys a tampered store can hold (0, negative, fractional, far beyond the count, text).
import { describe, expect, it } from 'vitest';
import { scanStore, type ScanOptions } from './scan.ts';
import { fact, perTestStores } from './test-db.ts';
import type { AuditRecord } from './types.ts';

const { cleanups, fresh } = perTestStores();

async function filled(count: number) {
  const t = fresh();
  for (let at = 0; at < count; at += 2000) {
    const r = await t.store.appendBatch(Array.from({ length: Math.min(2000, count - at) }, (_, i) => fact(at + i)));
    if (!r.ok) throw new Error(r.error.message);
  }
  const db = await t.store.connection();
  if (!db.ok) throw new Error(db.error.message);
  const raw = await t.raw();
  cleanups.push(async () => raw.close());
  return { db: db.value, raw };
}

async function scanned(db: Awaited<ReturnType<typeof filled>>['db'], opts?: ScanOptions) {
  const records: AuditRecord[] = [];
  const fractions: number[] = [];
  for await (const { chunk, fraction } of scanStore(db, await db.count('records'), opts)) {
    records.push(...chunk);
    fractions.push(fraction);
  }
  return { records, fractions };
}

describe('reading the whole store', () => {
  it('reads a store of many ranges, more than are in flight at once, in key order, each record once', async () => {
    const { db } = await filled(2345);
    for (const opts of [
      { range: 100, perTransaction: 3, transactions: 2 },
      { range: 7, perTransaction: 1, transactions: 1 },
      { range: 50, perTransaction: 100, transactions: 3 },
      {},
    ]) {
      const { records, fractions } = await scanned(db, opts);
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 2345 }, (_, i) => i + 1));
      expect(records).toEqual(await db.getAll('records'));
      expect(fractions.at(-1)).toBe(1);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      if (opts.range) expect(fractions.length).toBeGreaterThan(2345 / opts.range);
    }
  });

  it('reads nothing from an empty store', async () => {
    const { db } = await filled(0);
    expect((await scanned(db)).records).toEqual([]);
  });

  it('reads every record of a store with gaps and odd keys, in IndexedDB key order', async () => {
    const { db, raw } = await filled(3000);
    const some = (await raw.get('records', 10))!;
    await raw.delete('records', 1500);
    await raw.delete('records', 1501);
    for (const seq of [0, -7, 2.5, 1e12, 123_456_789] as number[]) await raw.put('records', { ...some, seq });
    await raw.put('records', { ...some, seq: 'text' as unknown as number });
    const all = await db.getAll('records');
    expect(all).toHaveLength(3000 - 2 + 6);
    for (const opts of [{ range: 100, perTransaction: 4, transactions: 2 }, {}])
      expect((await scanned(db, opts)).records).toEqual(all);
  });
});
