// The anchored trail in the browser: real IndexedDB and WebCrypto. The station key is non-extractable and kept in
// IndexedDB; every write signs the head; a trail rewritten and re-hashed (records and head) is caught in the store
// and in its export, naming the first record after the last valid signature.
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Anchor } from './anchor.ts';
import { recordHash } from './chain.ts';
import { exportJsonl } from './export.ts';
import { stationDbName } from './station.ts';
import { fact, perTestStores } from './test-db.ts';
import type { AuditRecord } from './types.ts';
import { verifyFile, verifyStore } from './verify-run.ts';

const { cleanups, fresh } = perTestStores();

/**
 * 12 records written one append at a time, each signed before the next (a person's pace: 12 signed heads), with raw
 * access as a person with devtools has.
 */
async function signedTrail() {
  const t = fresh();
  for (let i = 0; i < 12; i++) {
    const r = await t.store.append(fact(i));
    if (!r.ok) throw new Error(r.error.message);
    expect(await t.store.anchored()).toBeNull();
  }
  const raw = await t.raw();
  const station = await openDB(stationDbName(t.dbName));
  cleanups.push(() => (raw.close(), station.close()));
  const db = await t.store.connection();
  if (!db.ok) throw new Error(db.error.message);
  const verify = async () => {
    const report = await verifyStore(db.value);
    if (!report.ok) throw new Error(report.error.message);
    return report.value;
  };
  const exported = async () => {
    const file = await exportJsonl(db.value);
    if (!file.ok) throw new Error(file.error.message);
    const report = await verifyFile(file.value.blob);
    if (!report.ok) throw new Error(report.error.message);
    return { text: await file.value.blob.text(), report: report.value };
  };
  return { ...t, raw, station, verify, exported };
}

/** Rewrites record #from and re-hashes it and every later record, and the stored chain head. */
async function rewriteFrom(raw: Awaited<ReturnType<typeof signedTrail>>['raw'], from: number) {
  const records = (await raw.getAll('records')) as AuditRecord[];
  let prevHash = records[from - 2]?.hash ?? '0'.repeat(64);
  for (const r of records.slice(from - 1)) {
    const { hash: _h, ...body } = r;
    const edited = { ...body, prevHash, ...(r.seq === from ? { operator: 'Mallory' } : {}) };
    const sealed = { ...edited, hash: recordHash(edited) };
    await raw.put('records', sealed);
    prevHash = sealed.hash;
  }
  const last = records.at(-1)!;
  await raw.put('meta', { seq: last.seq, hash: prevHash, time: last.time }, 'head');
}

describe('the anchored audit trail', () => {
  it('keeps a non-extractable P-256 key in IndexedDB and signs the head after every write', async () => {
    const { store, station, verify } = await signedTrail();
    const keys = (await station.get('keys', 'station')) as CryptoKeyPair;
    expect(keys.privateKey).toBeInstanceOf(CryptoKey);
    expect(keys.privateKey.extractable).toBe(false);
    expect(keys.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('pkcs8', keys.privateKey)).rejects.toThrow();
    const anchors = (await station.getAll('anchors')) as Anchor[];
    expect(anchors.map((a) => a.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const identity = await store.station();
    expect(identity.ok && identity.value.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const report = await verify();
    expect(report).toMatchObject({ ok: true, problemCount: 0 });
    expect(report.anchor).toEqual({
      station: identity.ok && identity.value.fingerprint,
      anchors: 12,
      signedSeq: 12,
      firstUnsigned: null,
    });
  });

  it('a trail rewritten from record 7 and re-hashed, head included, fails verify naming record 7', async () => {
    const { raw, verify, exported } = await signedTrail();
    await rewriteFrom(raw, 7);
    const report = await verify();
    expect(report.ok).toBe(false);
    // The hash chain alone sees nothing: the only problem is the signature.
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 7]]);
    expect(report.problems[0]!.message).toMatch(/Records after #6 are not covered by a valid station signature/);
    expect(report.anchor).toMatchObject({ signedSeq: 6, firstUnsigned: 7 });
    const file = await exported();
    expect(file.report.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 7]]);
  });

  it('the whole trail rewritten and re-hashed is caught; the station then refuses to sign the rewritten head', async () => {
    const { store, raw, verify } = await signedTrail();
    await rewriteFrom(raw, 1);
    expect((await verify()).problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 1]]);
    const next = await store.append(fact(50));
    expect(next.ok).toBe(true);
    expect(await store.anchored()).toMatch(/Record #12 no longer has the hash this station signed/);
    const report = await verify();
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 1]]);
  });

  it('the export carries every signature and the station key; its fingerprint is the one the store shows', async () => {
    const { store, exported } = await signedTrail();
    const { text, report } = await exported();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.anchor === 'keywire-anchor/1')).toHaveLength(12);
    const identity = await store.station();
    expect(lines.at(-1)!.station).toEqual(
      identity.ok && { key: identity.value.key, fingerprint: identity.value.fingerprint },
    );
    expect(report).toMatchObject({ ok: true, anchor: { signedSeq: 12, firstUnsigned: null } });
  });

  it('deleted signatures leave the records after the last one named as not signed', async () => {
    const { station, verify } = await signedTrail();
    for (const seq of [10, 11, 12]) await station.delete('anchors', seq);
    const report = await verify();
    expect(report.anchor).toMatchObject({ signedSeq: 9, firstUnsigned: 10 });
  });

  it('appends do not wait for signing: a burst of appends is covered by fewer signatures of newer heads', async () => {
    const t = fresh();
    const written = await Promise.all(Array.from({ length: 20 }, (_, i) => t.store.append(fact(i))));
    expect(written.every((r) => r.ok)).toBe(true);
    expect(await t.store.anchored()).toBeNull();
    const station = await openDB(stationDbName(t.dbName));
    cleanups.push(() => station.close());
    const seqs = ((await station.getAll('anchors')) as Anchor[]).map((a) => a.seq);
    expect(seqs.at(-1)).toBe(20);
    expect(seqs.length).toBeLessThan(20);
  });
});
