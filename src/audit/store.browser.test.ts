import { describe, expect, it } from 'vitest';
import { recordHash } from './chain.ts';
import { ACTOR, DEVICES, fact, perTestStores } from './test-db.ts';
import { GENESIS_HASH } from './types.ts';
import { verifyStore } from './verify-run.ts';

const { cleanups, fresh } = perTestStores();

describe('AuditStore in real Chromium IndexedDB', () => {
  it('appends hash-chained records with who, when and the head beside them', async () => {
    const times = ['2030-03-01T08:00:00.000Z', '2030-03-01T08:00:01.000Z', '2030-03-01T08:00:02.000Z'];
    const t = fresh({ now: () => new Date(times.shift()!) });
    const written = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.store.append(fact(i));
      expect(r.ok).toBe(true);
      if (r.ok) written.push(r.value);
    }
    expect(written.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(written[0]).toMatchObject({
      ...ACTOR,
      time: '2030-03-01T08:00:00.000Z',
      prevHash: GENESIS_HASH,
      intentSeq: null,
    });
    expect(written[1]!.prevHash).toBe(written[0]!.hash);
    for (const r of written) {
      const { hash, ...body } = r;
      expect(recordHash(body)).toBe(hash);
    }
    const head = await t.store.head();
    expect(head.ok && head.value).toEqual({ seq: 3, hash: written[2]!.hash, time: written[2]!.time });
    const db = await t.store.connection();
    const report = db.ok ? await verifyStore(db.value) : null;
    expect(report?.ok && report.value).toMatchObject({ ok: true, checked: 3, lastSeq: 3 });
  });

  it('reads the operator and site at every write, from the provider', async () => {
    let operator = 'Ana Lima';
    const t = fresh({ actor: () => ({ operator, site: 'Bench 3' }) });
    await t.store.append(fact(0));
    operator = 'Bo Chen';
    const second = await t.store.append(fact(1));
    expect(second.ok && second.value.operator).toBe('Bo Chen');
  });

  it('keeps one chain when two tabs append at the same time', async () => {
    const t = fresh();
    const tabB = t.otherTab();
    cleanups.push(() => tabB.close());
    const appends = [];
    for (let i = 0; i < 40; i++) appends.push(t.store.append(fact(i)), tabB.append(fact(i + 100)));
    const results = await Promise.all(appends);
    expect(results.every((r) => r.ok)).toBe(true);
    const seqs = results.map((r) => (r.ok ? r.value.seq : 0)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const db = await t.store.connection();
    const report = db.ok ? await verifyStore(db.value) : null;
    expect(report?.ok && report.value).toMatchObject({ ok: true, checked: 80 });
  });

  it('writes a batch in one transaction with intents linked by index', async () => {
    const t = fresh();
    const device = DEVICES[0]!;
    const batch = await t.store.appendBatch([
      fact(0),
      { device, action: 'credential-write', outcome: 'intent', detail: { secTag: 7 } },
      { device, action: 'credential-write', outcome: 'success', detail: { secTag: 7 }, completes: 1 },
      { device, action: 'keygen', outcome: 'intent', detail: { secTag: 8 } },
    ]);
    expect(batch.ok && batch.value.map((r) => [r.seq, r.outcome, r.intentSeq])).toEqual([
      [1, 'success', null],
      [2, 'intent', null],
      [3, 'success', 2],
      [4, 'intent', null],
    ]);
    const open = await t.store.openIntents();
    expect(open.ok && open.value.map((r) => r.seq)).toEqual([4]);
    const unlinked = await t.store.appendBatch([{ device, action: 'keygen', outcome: 'success' }]);
    expect(!unlinked.ok && unlinked.error.code).toBe('intent-required');
  });

  it('refuses device-changing actions without an intent, and secrets, writing nothing', async () => {
    const t = fresh();
    const direct = await t.store.append({ ...fact(0), action: 'credential-write' });
    expect(!direct.ok && direct.error.code).toBe('intent-required');
    const secret = await t.store.append({ ...fact(0), detail: { note: '-----BEGIN PRIVATE KEY-----' } });
    expect(!secret.ok && secret.error.code).toBe('secret-detected');
    const intent = await t.store.beginIntent({ ...fact(0), action: 'keygen', detail: { message: 'password=x' } });
    expect(!intent.ok && intent.error.code).toBe('secret-detected');
    const count = await t.store.count();
    expect(count.ok && count.value).toBe(0);
  });

  it('refuses to record without an operator name', async () => {
    const t = fresh({ actor: () => ({ operator: '', site: 'Bench 3' }) });
    const r = await t.store.beginIntent({ ...fact(0), action: 'keygen' });
    expect(!r.ok && r.error.code).toBe('operator-missing');
  });

  it('says version-too-new when a newer KeyWire wrote the database', async () => {
    const t = fresh();
    const newer = indexedDB.open(t.dbName, 99);
    await new Promise((resolve) => (newer.onsuccess = resolve));
    newer.result.close();
    const r = await t.store.append(fact(0));
    expect(!r.ok && r.error.code).toBe('version-too-new');
  });

  it('gets records by seq and reports a missing one as not-found', async () => {
    const t = fresh();
    await t.store.appendBatch([fact(0), fact(1), fact(2)]);
    const many = await t.store.getMany([3, 1, 9]);
    expect(many.ok && many.value.map((r) => r.seq)).toEqual([3, 1]);
    const missing = await t.store.get(9);
    expect(!missing.ok && missing.error.code).toBe('not-found');
  });
});
