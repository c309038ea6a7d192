import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDb } from './db.ts';
import { exportCsv, exportJsonl } from './export.ts';
import { deviceHistory, knownDevices, matchingSeqs, type AuditFilter } from './query.ts';
import { DEVICES, testStore } from './test-db.ts';
import type { AuditEntry } from './types.ts';
import { verifyFile } from './verify-run.ts';

const t = testStore({
  now: (() => {
    let minute = 0;
    return () => new Date(Date.UTC(2030, 0, 1, 0, minute++));
  })(),
});
let db: AuditDb;

/** 1200 records: device i % 3, action by i % 4, every 7th a failure, an open intent at the end. */
beforeAll(async () => {
  const actions = ['identify', 'verify', 'csr-checked', 'certificate-issued'] as const;
  const entries: AuditEntry[] = Array.from({ length: 1200 }, (_, i) => ({
    device: DEVICES[i % 3]!,
    action: actions[i % 4]!,
    outcome: i % 7 === 6 ? 'failure' : 'success',
    errorCode: i % 7 === 6 ? 'timeout' : null,
    detail: i === 500 ? { caName: 'Acme Field CA 2030', secTag: 7 } : { secTag: 7 },
  }));
  entries.push({ device: DEVICES[2]!, action: 'keygen', outcome: 'intent' });
  const r = await t.store.appendBatch(entries);
  if (!r.ok) throw new Error(r.error.message);
  expect(await t.store.anchored()).toBeNull();
  const c = await t.store.connection();
  if (!c.ok) throw new Error(c.error.message);
  db = c.value;
});
afterAll(() => t.cleanup());

async function seqs(filter: AuditFilter): Promise<number[]> {
  const r = await matchingSeqs(db, filter);
  if (!r.ok) throw new Error(r.error.message);
  return [...r.value];
}

describe('viewer queries', () => {
  it('returns every seq newest first without a filter', async () => {
    const all = await seqs({});
    expect(all).toHaveLength(1201);
    expect(all.slice(0, 3)).toEqual([1201, 1200, 1199]);
  });

  it('filters by device, action, outcome and their combination through indexes', async () => {
    const dev = await seqs({ deviceId: DEVICES[1]!.id });
    expect(dev).toHaveLength(400);
    expect(dev.every((s) => (s - 1) % 3 === 1)).toBe(true);
    const combo = await seqs({ deviceId: DEVICES[1]!.id, action: 'verify', outcome: 'failure' });
    const want = Array.from({ length: 1200 }, (_, i) => i)
      .filter((i) => i % 3 === 1 && i % 4 === 1 && i % 7 === 6)
      .map((i) => i + 1)
      .reverse();
    expect(combo).toEqual(want);
  });

  it('filters by date range (from inclusive, to exclusive)', async () => {
    const r = await seqs({ from: '2030-01-01T01:00:00.000Z', to: '2030-01-01T01:05:00.000Z' });
    expect(r).toEqual([65, 64, 63, 62, 61]);
  });

  it('searches free text across fields, case-insensitively, with progress', async () => {
    const progress: number[] = [];
    const r = await matchingSeqs(db, { text: 'acme FIELD' }, { onProgress: (f) => progress.push(f) });
    expect(r.ok && [...r.value]).toEqual([501]);
    expect(progress.at(-1)).toBe(1);
    expect(await seqs({ text: '#1200' })).toEqual([1200]);
    expect(await seqs({ text: 'timeout', deviceId: DEVICES[0]!.id })).toHaveLength(
      Array.from({ length: 1200 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 7 === 6).length,
    );
  });

  it('lists only open intents', async () => {
    expect(await seqs({ openIntentsOnly: true })).toEqual([1201]);
  });

  it('cancels a text search', async () => {
    const r = await matchingSeqs(db, { text: 'nothing' }, { signal: AbortSignal.abort() });
    expect(!r.ok && r.error.code).toBe('aborted');
  });

  it('pages through a device history newest first', async () => {
    const first = await deviceHistory(db, DEVICES[0]!.id, { limit: 3 });
    expect(first.ok && first.value.map((r) => r.seq)).toEqual([1198, 1195, 1192]);
    const next = await deviceHistory(db, DEVICES[0]!.id, { before: 1192, limit: 2 });
    expect(next.ok && next.value.map((r) => r.seq)).toEqual([1189, 1186]);
  });

  it('lists known devices', async () => {
    const r = await knownDevices(db);
    expect(r.ok && [...r.value].sort()).toEqual(DEVICES.map((d) => d.id).sort());
  });

  it('exports JSON Lines that verify, and CSV of a filter', async () => {
    const progress: number[] = [];
    const jsonl = await exportJsonl(db, { onProgress: (f) => progress.push(f) });
    expect(jsonl.ok && jsonl.value.records).toBe(1201);
    expect(progress.at(-1)).toBe(1);
    const text = jsonl.ok ? await jsonl.value.blob.text() : '';
    // 1201 records, the station's signature over the head the batch wrote, the end marker.
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1203);
    expect(JSON.parse(lines[1201]!)).toMatchObject({ anchor: 'keywire-anchor/1', seq: 1201 });
    const report = jsonl.ok ? await verifyFile(jsonl.value.blob) : null;
    expect(report?.ok && report.value).toMatchObject({ ok: true, checked: 1201 });
    const failures = await matchingSeqs(db, { outcome: 'failure' });
    const csv = failures.ok ? await exportCsv(db, failures.value) : null;
    const rows = csv?.ok ? (await csv.value.blob.text()).trimEnd().split('\r\n') : [];
    expect(rows).toHaveLength(1 + Math.floor(1200 / 7));
    expect(rows[1]!.startsWith('7,2030-01-01T00:06:00.000Z,')).toBe(true);
  });
});
