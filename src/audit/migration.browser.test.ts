import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { sealRecord } from './chain.ts';
import type { AuditDbSchema } from './db.ts';
import { createV1, upgradeV1toV2 } from './migrations.ts';
import { exportJsonl, line } from './export.ts';
import { deviceHistory, matchingSeqs } from './query.ts';
import { AuditStore } from './store.ts';
import { ACTOR, DEVICES } from './test-db.ts';
import { GENESIS_HASH, type AuditRecord } from './types.ts';
import { verifyStore } from './verify-run.ts';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

/** What KeyWire's version 1 wrote: the same records, without the v2 indexes and the openIntents store. */
function v1Records(): AuditRecord[] {
  const [a, b] = DEVICES;
  const plan = [
    { device: a!, action: 'identify', outcome: 'success', intentSeq: null },
    { device: a!, action: 'keygen', outcome: 'intent', intentSeq: null },
    { device: a!, action: 'keygen', outcome: 'success', intentSeq: 2 },
    { device: b!, action: 'credential-write', outcome: 'intent', intentSeq: null },
    { device: a!, action: 'credential-write', outcome: 'intent', intentSeq: null },
    { device: a!, action: 'credential-write', outcome: 'failure', intentSeq: 5 },
    { device: b!, action: 'functional-mode', outcome: 'intent', intentSeq: null },
  ] as const;
  let prevHash = GENESIS_HASH;
  return plan.map((p, i) => {
    const record = sealRecord(
      { ...ACTOR, ...p, detail: { secTag: 42 }, errorCode: p.outcome === 'failure' ? 'device-rejected' : null },
      { seq: i + 1, time: new Date(Date.UTC(2029, 5, 1, 9, i)).toISOString(), prevHash },
    );
    prevHash = record.hash;
    return record;
  });
}

describe('schema migrations v1 -> v2 -> v3', () => {
  it('upgrades a version 1 database: indexes and open intents added, full blocks sealed, chain intact', async () => {
    const name = `kw-audit-migrate-${crypto.randomUUID()}`;
    names.push(name);
    const records = v1Records();
    const v1 = await openDB<AuditDbSchema>(name, 1, { upgrade: (db) => createV1(db) });
    expect([...v1.objectStoreNames]).toEqual(['meta', 'records']);
    const tx = v1.transaction(['records', 'meta'], 'readwrite');
    for (const r of records) await tx.objectStore('records').add(r);
    const last = records.at(-1)!;
    await tx.objectStore('meta').put({ seq: last.seq, hash: last.hash, time: last.time }, 'head');
    await tx.done;
    v1.close();

    const store = new AuditStore({ dbName: name, actor: () => ACTOR, blockSize: 3 });
    const db = await store.connection();
    if (!db.ok) throw new Error(db.error.message);
    expect(db.value.version).toBe(3);
    expect([...db.value.objectStoreNames]).toEqual(['blocks', 'meta', 'openIntents', 'records']);
    const recordsStore = db.value.transaction('records').store;
    expect([...recordsStore.indexNames]).toEqual(['action', 'deviceId', 'outcome', 'time']);

    // Records 1-6 sealed in blocks 0 and 1 (their export lines, as they were), their rows now index rows; 7 open.
    expect(await db.value.getAll('blocks')).toEqual([
      records.slice(0, 3).map(line).join('\n'),
      records.slice(3, 6).map(line).join('\n'),
    ]);
    const rows = await db.value.getAll('records');
    expect(rows.slice(0, 6)).toEqual(
      records
        .slice(0, 6)
        .map((r) => ({ seq: r.seq, time: r.time, action: r.action, outcome: r.outcome, device: { id: r.device.id } })),
    );
    expect(rows[6]).toEqual(records[6]);
    const got = await store.getMany(records.map((r) => r.seq));
    expect(got.ok && got.value).toEqual(records);
    const open = await store.openIntents();
    expect(open.ok && open.value.map((r) => r.seq)).toEqual([7, 4]);
    const openForB = await store.openIntents(DEVICES[1]!.id);
    expect(openForB.ok && openForB.value.map((r) => r.seq)).toEqual([7, 4]);
    const byDevice = await matchingSeqs(db.value, { deviceId: DEVICES[0]!.id });
    expect(byDevice.ok && [...byDevice.value]).toEqual([6, 5, 3, 2, 1]);
    const failures = await matchingSeqs(db.value, { outcome: 'failure' });
    expect(failures.ok && [...failures.value]).toEqual([6]);
    const history = await deviceHistory(db.value, DEVICES[0]!.id, { limit: 2 });
    expect(history.ok && history.value.map((r) => r.seq)).toEqual([6, 5]);

    const report = await verifyStore(db.value);
    expect(report.ok && report.value).toMatchObject({ ok: true, checked: 7, lastSeq: 7 });
    const next = await store.complete({ seq: 4, device: DEVICES[1]!, action: 'credential-write' }, 'success');
    expect(next.ok && next.value).toMatchObject({ seq: 8, prevHash: last.hash, intentSeq: 4 });
    const after = await verifyStore(db.value);
    expect(after.ok && after.value).toMatchObject({ ok: true, checked: 8 });
    // The append that fills block 2 (records 7-9) seals it in its own transaction.
    const ninth = await store.append({ device: DEVICES[0]!, action: 'identify', outcome: 'success' });
    expect(ninth.ok && ninth.value.seq).toBe(9);
    expect(await db.value.getAllKeys('blocks')).toEqual([0, 1, 2]);
    const sealed = await verifyStore(db.value);
    expect(sealed.ok && sealed.value).toMatchObject({ ok: true, checked: 9, problemCount: 0 });
    await store.close();
  });

  it('upgrades a version 2 database of 10 records: the JSON Lines export is the same bytes before and after', async () => {
    const name = `kw-audit-migrate-${crypto.randomUUID()}`;
    names.push(name);
    let records = v1Records();
    records = [...records, ...records.slice(0, 3)].map((r, i) => ({ ...r, seq: i + 1 }));
    let prevHash = GENESIS_HASH;
    records = records.map(({ hash: _h, ...body }) => {
      const record = sealRecord({ ...body, intentSeq: null }, { seq: body.seq, time: body.time, prevHash });
      prevHash = record.hash;
      return record;
    });
    const v2 = await openDB<AuditDbSchema>(name, 2, {
      upgrade: (db, _old, _new, tx) => {
        createV1(db);
        void upgradeV1toV2(db, tx as never);
      },
    });
    const tx = v2.transaction(['records', 'meta'], 'readwrite');
    for (const r of records) await tx.objectStore('records').add(r);
    const last = records.at(-1)!;
    await tx.objectStore('meta').put({ seq: last.seq, hash: last.hash, time: last.time }, 'head');
    await tx.done;
    v2.close();

    const store = new AuditStore({ dbName: name, actor: () => ACTOR, blockSize: 4, anchor: false });
    const db = await store.connection();
    if (!db.ok) throw new Error(db.error.message);
    expect(await db.value.getAllKeys('blocks')).toEqual([0, 1]);
    const exported = await exportJsonl(db.value);
    if (!exported.ok) throw new Error(exported.error.message);
    const text = await exported.value.blob.text();
    const lines = text.split('\n');
    expect(lines.slice(0, 10).join('\n')).toBe(records.map(line).join('\n'));
    expect(exported.value.records).toBe(10);
    const report = await verifyStore(db.value);
    expect(report.ok && report.value).toMatchObject({ ok: true, checked: 10, lastSeq: 10 });
    await store.close();
  });

  it('creates version 3 directly on a fresh browser', async () => {
    const name = `kw-audit-migrate-${crypto.randomUUID()}`;
    names.push(name);
    const store = new AuditStore({ dbName: name, actor: () => ACTOR });
    const db = await store.connection();
    expect(db.ok && db.value.version).toBe(3);
    expect(db.ok && [...db.value.objectStoreNames]).toEqual(['blocks', 'meta', 'openIntents', 'records']);
    expect(db.ok && (await db.value.get('meta', 'blockSize'))).toBe(1000);
    await store.close();
  });
});
