import { describe, expect, it } from 'vitest';
import { recordHash } from './chain.ts';
import { exportJsonl } from './export.ts';
import { fact, perTestStores } from './test-db.ts';
import type { AuditRecord } from './types.ts';
import { verifyFile, verifyStore } from './verify-run.ts';

const { cleanups, fresh } = perTestStores();

/** A store with 20 records, and raw IndexedDB access to tamper with it the way a person with devtools would. */
async function seeded() {
  const t = fresh();
  const r = await t.store.appendBatch(Array.from({ length: 20 }, (_, i) => fact(i)));
  if (!r.ok) throw new Error(r.error.message);
  const raw = await t.raw();
  cleanups.push(async () => raw.close());
  const verify = async () => {
    const db = await t.store.connection();
    if (!db.ok) throw new Error(db.error.message);
    const report = await verifyStore(db.value);
    if (!report.ok) throw new Error(report.error.message);
    return report.value;
  };
  return { ...t, raw, verify };
}

const rehash = ({ hash: _drop, ...body }: AuditRecord): AuditRecord => ({ ...body, hash: recordHash(body) });

describe('tampering with the live store is detected and located', () => {
  it('verifies the untouched store', async () => {
    const { verify } = await seeded();
    expect(await verify()).toMatchObject({ ok: true, checked: 20, problemCount: 0 });
  });

  it('an edited field', async () => {
    const { raw, verify } = await seeded();
    const r = (await raw.get('records', 7))!;
    await raw.put('records', { ...r, operator: 'Mallory' });
    expect((await verify()).problems[0]).toMatchObject({ kind: 'edited', seq: 7 });
  });

  it('a deleted record', async () => {
    const { raw, verify } = await seeded();
    await raw.delete('records', 11);
    const report = await verify();
    expect(report.problems[0]).toMatchObject({ kind: 'removed', seq: 11 });
    expect(report.problemCount).toBe(1);
  });

  it('two records swapped', async () => {
    const { raw, verify } = await seeded();
    const a = (await raw.get('records', 5))!;
    const b = (await raw.get('records', 6))!;
    await raw.put('records', { ...b, seq: 5 });
    await raw.put('records', { ...a, seq: 6 });
    const report = await verify();
    expect(report.problems[0]).toMatchObject({ kind: 'reordered', seq: 5 });
    expect(report.problemCount).toBe(1);
  });

  it('a truncated tail', async () => {
    const { raw, verify } = await seeded();
    for (const seq of [18, 19, 20]) await raw.delete('records', seq);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'truncated', seq: 18 });
  });

  it('a forged hash after an edit', async () => {
    const { raw, verify } = await seeded();
    const r = (await raw.get('records', 9))!;
    await raw.put('records', rehash({ ...r, detail: { ...r.detail, secTag: 1 } }));
    expect((await verify()).problems[0]).toMatchObject({ kind: 'forged-hash', seq: 9 });
  });

  it('a record rewritten with another prevHash and re-hashed: that record is named, not the one before it', async () => {
    const { raw, verify } = await seeded();
    const r = (await raw.get('records', 12))!;
    const older = (await raw.get('records', 9))!;
    await raw.put('records', rehash({ ...r, prevHash: older.hash, operator: 'Eve' }));
    const report = await verify();
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['forged-hash', 12]]);
    expect(report.problemCount).toBe(1);
  });

  it('a forged last record', async () => {
    const { raw, verify } = await seeded();
    const r = (await raw.get('records', 20))!;
    await raw.put('records', rehash({ ...r, outcome: 'success', errorCode: null, site: 'Elsewhere' }));
    expect((await verify()).problems[0]).toMatchObject({ kind: 'forged-hash', seq: 20 });
  });

  it('keeps the evidence of a truncation when recording goes on', async () => {
    const { store, raw, verify } = await seeded();
    for (const seq of [19, 20]) await raw.delete('records', seq);
    const next = await store.append(fact(99));
    expect(next.ok && next.value.seq).toBe(21);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'removed', seq: 19 });
  });

  it('an export of a tampered store still shows the tampering', async () => {
    const { store, raw } = await seeded();
    await raw.delete('records', 20);
    const db = await store.connection();
    const exported = db.ok ? await exportJsonl(db.value) : null;
    expect(exported?.ok && exported.value.records).toBe(19);
    const report = exported?.ok ? await verifyFile(exported.value.blob) : null;
    expect(report?.ok && report.value.problems[0]).toMatchObject({ kind: 'truncated', seq: 20 });
  });
});
