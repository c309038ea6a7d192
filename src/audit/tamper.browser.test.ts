import { describe, expect, it } from 'vitest';
import { recordHash } from './chain.ts';
import { exportJsonl, line } from './export.ts';
import { matchingSeqs } from './query.ts';
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
    const r = (await raw.get('records', 7)) as AuditRecord;
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
    const a = (await raw.get('records', 5)) as AuditRecord;
    const b = (await raw.get('records', 6)) as AuditRecord;
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
    const r = (await raw.get('records', 9)) as AuditRecord;
    await raw.put('records', rehash({ ...r, detail: { ...r.detail, secTag: 1 } }));
    expect((await verify()).problems[0]).toMatchObject({ kind: 'forged-hash', seq: 9 });
  });

  it('a record rewritten with another prevHash and re-hashed: that record is named, not the one before it', async () => {
    const { raw, verify } = await seeded();
    const r = (await raw.get('records', 12)) as AuditRecord;
    const older = (await raw.get('records', 9)) as AuditRecord;
    await raw.put('records', rehash({ ...r, prevHash: older.hash, operator: 'Eve' }));
    const report = await verify();
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['forged-hash', 12]]);
    expect(report.problemCount).toBe(1);
  });

  it('a forged last record', async () => {
    const { raw, verify } = await seeded();
    const r = (await raw.get('records', 20)) as AuditRecord;
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

/**
 * A store whose records 1-20 are sealed in blocks of 4 (keys 0-4) and 21-22 are the open tail, written in two
 * transactions (so the station signed heads 10 and 22), with raw access to blocks and rows.
 */
async function sealed() {
  const t = fresh({ blockSize: 4 });
  for (const [from, to] of [
    [0, 10],
    [10, 22],
  ] as const) {
    const r = await t.store.appendBatch(Array.from({ length: to - from }, (_, i) => fact(from + i)));
    if (!r.ok) throw new Error(r.error.message);
    expect(await t.store.anchored()).toBeNull();
  }
  const raw = await t.raw();
  cleanups.push(async () => raw.close());
  const db = await t.store.connection();
  if (!db.ok) throw new Error(db.error.message);
  const verify = async () => {
    const report = await verifyStore(db.value);
    if (!report.ok) throw new Error(report.error.message);
    return report.value;
  };
  const all = await t.store.getMany(Array.from({ length: 22 }, (_, i) => i + 1));
  if (!all.ok) throw new Error(all.error.message);
  const kinds = async () => (await verify()).problems.map((p) => [p.kind, p.seq]);
  /** Block b's lines, changed by `edit`, stored back. */
  const editBlock = async (b: number, edit: (lines: string[]) => string[]) => {
    const text = (await raw.get('blocks', b))!;
    await raw.put('blocks', edit(text.split('\n')).join('\n'), b);
  };
  return { ...t, raw, db: db.value, verify, kinds, records: all.value, editBlock };
}

describe('tampering with sealed blocks is detected and located', () => {
  it('verifies the untouched store, whose records are read back from their blocks', async () => {
    const { raw, verify, records, store } = await sealed();
    expect(await raw.getAllKeys('blocks')).toEqual([0, 1, 2, 3, 4]);
    expect((await raw.get('records', 5)) as unknown).toEqual({
      seq: 5,
      time: records[4]!.time,
      action: records[4]!.action,
      outcome: records[4]!.outcome,
      device: { id: records[4]!.device.id },
    });
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(await verify()).toMatchObject({ ok: true, checked: 22, problemCount: 0 });
    const five = await store.get(5);
    expect(five.ok && five.value).toEqual(records[4]);
  });

  it('an edited line of a sealed block: verify names it, and the viewer shows the edited line it checks', async () => {
    const { editBlock, kinds, store } = await sealed();
    await editBlock(1, (lines) =>
      lines.map((l, i) => (i === 2 ? l.replace('"operator":"Ana Lima"', '"operator":"Mallory"') : l)),
    );
    expect(await kinds()).toEqual([['edited', 7]]);
    const seven = await store.get(7);
    expect(seven.ok && seven.value.operator).toBe('Mallory');
  });

  it('a line removed from a sealed block; the viewer still finds the records after it, out of their place', async () => {
    const { editBlock, kinds, store, records } = await sealed();
    await editBlock(2, (lines) => lines.filter((_, i) => i !== 1));
    expect(await kinds()).toEqual([['removed', 10]]);
    const shown = await store.getMany([9, 10, 11, 12]);
    expect(shown.ok && shown.value).toEqual([records[8], records[10], records[11]]);
  });

  it('a line that is no longer JSON', async () => {
    const { editBlock, kinds } = await sealed();
    await editBlock(2, (lines) => lines.map((l, i) => (i === 1 ? l.slice(0, 40) : l)));
    expect(await kinds()).toEqual([['malformed', 10]]);
  });

  it('two sealed blocks swapped', async () => {
    const { raw, verify } = await sealed();
    const [one, three] = [(await raw.get('blocks', 1))!, (await raw.get('blocks', 3))!];
    await raw.put('blocks', three, 1);
    await raw.put('blocks', one, 3);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.every((p) => p.kind === 'reordered')).toBe(true);
    expect(report.problems.map((p) => p.seq)).toContain(13);
  });

  it('a sealed block deleted', async () => {
    const { raw, kinds } = await sealed();
    await raw.delete('blocks', 2);
    expect(await kinds()).toEqual([['removed', 9]]);
  });

  it('the last sealed block deleted: its index rows are not records', async () => {
    const { raw, kinds } = await sealed();
    await raw.delete('blocks', 4);
    expect(await kinds()).toEqual([['removed', 17]]);
  });

  it('a sealed block stored under another key, or under a key that is not a block number', async () => {
    const { raw, verify } = await sealed();
    const text = (await raw.get('blocks', 4))!;
    await raw.delete('blocks', 4);
    await raw.put('blocks', text, 'four' as unknown as number);
    const report = await verify();
    expect(report.problems.map((p) => p.kind)).toContain('malformed');
  });

  it('an edited tail row', async () => {
    const { raw, kinds } = await sealed();
    const r = (await raw.get('records', 21)) as AuditRecord;
    await raw.put('records', { ...r, site: 'Elsewhere' });
    expect(await kinds()).toEqual([['edited', 21]]);
  });

  it('a chain rewritten from a sealed record to the end and re-hashed, head included: caught by the anchors', async () => {
    const { raw, verify, records } = await sealed();
    const rewritten: AuditRecord[] = [];
    let prev = records[11]!.hash;
    for (const r of records.slice(12)) {
      const changed = rehash({ ...r, prevHash: prev, operator: r.seq === 13 ? 'Eve' : r.operator });
      rewritten.push(changed);
      prev = changed.hash;
    }
    const all = [...records.slice(0, 12), ...rewritten];
    for (const b of [3, 4])
      await raw.put(
        'blocks',
        all
          .slice(b * 4, b * 4 + 4)
          .map(line)
          .join('\n'),
        b,
      );
    for (const r of rewritten.slice(-2)) await raw.put('records', r);
    const last = rewritten.at(-1)!;
    await raw.put('meta', { seq: last.seq, hash: last.hash, time: last.time }, 'head');
    const report = await verify();
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 11]]);
    expect(report.anchor?.signedSeq).toBe(10);
  });

  it('an edited or deleted index row hides a record from an index filter, never from verify, export or search', async () => {
    const { raw, verify, db, records, store } = await sealed();
    const r = records[5]!;
    await raw.put('records', {
      seq: 6,
      time: r.time,
      action: 'x-hidden',
      outcome: r.outcome,
      device: { id: 'nobody' },
    } as never);
    await raw.delete('records', 7);
    const byDevice = await matchingSeqs(db, { deviceId: r.device.id });
    expect(byDevice.ok && [...byDevice.value]).not.toContain(6);
    expect(byDevice.ok && [...byDevice.value]).not.toContain(7);
    expect(await verify()).toMatchObject({ ok: true, checked: 22 });
    const exported = await exportJsonl(db);
    const text = exported.ok ? await exported.value.blob.text() : '';
    expect(text.split('\n').slice(0, 22)).toEqual(records.map(line));
    const found = await matchingSeqs(db, { text: 'step 5' });
    expect(found.ok && [...found.value]).toEqual([6]);
    const shown = await store.getMany([6, 7]);
    expect(shown.ok && shown.value).toEqual([records[5], records[6]]);
  });

  it('a full row put back under a sealed seq is never shown: the block is', async () => {
    const { raw, records, store, verify } = await sealed();
    await raw.put('records', { ...records[2]!, operator: 'Mallory' });
    const three = await store.get(3);
    expect(three.ok && three.value).toEqual(records[2]);
    expect((await verify()).ok).toBe(true);
  });
});
