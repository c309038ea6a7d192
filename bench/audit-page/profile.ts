// Bench page, profile mode (AUDIT_BENCH_PROFILE=1): where the time of a whole-store job goes. Times, on the filled
// store, reading every record in different ways (the chunked scan the jobs use, 10,000-record ranges one after
// another or all at once, one getAll, an index), then the in-memory stages of verify (canonical JSON, UTF-8, SHA-256
// digests) and of export and search, and a read of the same records stored as flat text rows (the cost of the
// record's structured clone). Each stage runs `rounds` times; the page returns every time in milliseconds.
import { deleteDB, openDB } from 'idb';
import { tryCanonicalBody } from '../../src/audit/chain.ts';
import type { AuditDb } from '../../src/audit/db.ts';
import { line } from '../../src/audit/export.ts';
import { recordHashes } from '../../src/audit/hash-batch.ts';
import { searchText } from '../../src/audit/query.ts';
import { scanRecords, scanTrail } from '../../src/audit/scan.ts';
import { lineStarts } from '../../src/audit/blocks.ts';
import { tryRecordHash } from '../../src/audit/chain.ts';
import { sha256Hex } from '../../src/audit/sha256-sync.ts';
import { verifyStore } from '../../src/audit/verify-run.ts';
import type { AuditRecord } from '../../src/audit/types.ts';

export type AuditProfile = Record<string, number[]>;

const RANGE = 10_000;

function ranges(total: number): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = 1; lo <= total; lo += RANGE) out.push([lo, Math.min(total, lo + RANGE - 1)]);
  return out;
}

async function allRecords(db: AuditDb, total: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const { chunk } of scanRecords(db, total)) out.push(...chunk);
  return out;
}

export async function profileAudit(db: AuditDb, rounds: number): Promise<AuditProfile> {
  const total = await db.count('records');
  const times: AuditProfile = {};
  const time = async (name: string, run: () => Promise<unknown> | unknown) => {
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      await run();
      (times[name] ??= []).push(performance.now() - t0);
    }
  };
  const check = (n: number) => {
    if (n !== total) throw new Error(`read ${n} of ${total}`);
  };
  for (const opts of [
    { perTransaction: 1, transactions: 4 },
    { perTransaction: 8, transactions: 2 },
    { perTransaction: 1000, transactions: 1 },
  ]) {
    await time(`read: scanTrail (blocks + tail) ${JSON.stringify(opts)}`, async () => {
      let n = 0;
      for await (const part of scanTrail(db, total, opts)) {
        n += part.kind === 'block' ? lineStarts(part.text).length : part.rows.length;
      }
      check(n);
    });
  }
  // Since schema v3 the rows below are index rows of sealed records (and the tail's full records).
  await time('read: 10k ranges one after another', async () => {
    let n = 0;
    for (const [lo, hi] of ranges(total)) n += (await db.getAll('records', IDBKeyRange.bound(lo, hi))).length;
    check(n);
  });
  await time('read: 10k ranges in parallel transactions', async () => {
    const parts = await Promise.all(ranges(total).map(([lo, hi]) => db.getAll('records', IDBKeyRange.bound(lo, hi))));
    check(parts.reduce((n, p) => n + p.length, 0));
  });
  await time('read: 10k ranges in one transaction', async () => {
    const store = db.transaction('records').store;
    const parts = await Promise.all(ranges(total).map(([lo, hi]) => store.getAll(IDBKeyRange.bound(lo, hi))));
    check(parts.reduce((n, p) => n + p.length, 0));
  });
  await time('read: one getAll', async () => check((await db.getAll('records')).length));
  await time('read: getAll on the outcome index', async () => {
    const index = db.transaction('records').store.index('outcome');
    const keys = await index.getAllKeys();
    check(keys.length);
  });
  await time('read: getAllKeys', async () => check((await db.getAllKeys('records')).length));

  const records = await allRecords(db, total);
  await time('cpu: canonical JSON of every body', () => {
    for (const r of records) tryCanonicalBody(r as unknown as Record<string, unknown>);
  });
  await time('cpu: canonical + UTF-8 + WebCrypto digests (recordHashes, 10k batches)', async () => {
    for (let i = 0; i < records.length; i += RANGE) await recordHashes(records.slice(i, i + RANGE));
  });
  const bytes = records.map((r) => new TextEncoder().encode(JSON.stringify(r)));
  await time('cpu: WebCrypto digests alone (10k in parallel at a time)', async () => {
    for (let i = 0; i < bytes.length; i += RANGE) {
      await Promise.all(bytes.slice(i, i + RANGE).map((b) => crypto.subtle.digest('SHA-256', b)));
    }
  });
  await time('cpu: canonical + sync SHA-256 (chain.ts tryRecordHash, noble)', () => {
    for (const r of records) {
      const { hash: _hash, ...body } = r;
      tryRecordHash(body as unknown as Record<string, unknown>);
    }
  });
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(1 << 20);
  await time('cpu: canonical + UTF-8 + sync SHA-256 (sha256-sync.ts)', () => {
    for (const r of records) {
      const canonical = tryCanonicalBody(r as unknown as Record<string, unknown>);
      if (!canonical.ok) continue;
      const { written } = encoder.encodeInto(canonical.value + r.prevHash, buffer);
      sha256Hex(buffer, 0, written);
    }
  });
  await time('cpu: verifyStore (read, hash, chain)', async () => {
    const report = await verifyStore(db);
    if (!report.ok || !report.value.ok) throw new Error('verify failed');
  });
  await time('cpu: export lines (line())', () => {
    let size = 0;
    for (const r of records) size += line(r).length;
    return size;
  });
  await time('cpu: search text of every record', () => {
    let hits = 0;
    for (const r of records) if (searchText(r).includes('zzzz')) hits++;
    return hits;
  });

  // The same records as flat rows: the text of each record, with its seq as key.
  const flatName = `${db.name}-flat`;
  const flat = await openDB(flatName, 1, { upgrade: (d) => d.createObjectStore('rows', { keyPath: 'seq' }) });
  try {
    for (let i = 0; i < records.length; i += RANGE) {
      const tx = flat.transaction('rows', 'readwrite');
      for (const r of records.slice(i, i + RANGE)) void tx.store.put({ seq: r.seq, text: line(r) });
      await tx.done;
    }
    await time('read flat text rows: 10k ranges in parallel transactions', async () => {
      const parts = await Promise.all(ranges(total).map(([lo, hi]) => flat.getAll('rows', IDBKeyRange.bound(lo, hi))));
      check(parts.reduce((n, p) => n + p.length, 0));
    });
    await time('read flat text rows: one getAll', async () => check((await flat.getAll('rows')).length));
  } finally {
    flat.close();
    await deleteDB(flatName);
  }
  return times;
}

/**
 * A candidate for export: every block's text encoded into an origin-private file through a sync access handle (no
 * Blob built from strings), then the file as a Blob. Sync access handles exist only in workers: on the page this
 * writes with a writable stream instead.
 */
async function opfsExport(read: (each: (text: string) => void) => Promise<void>): Promise<number> {
  if (typeof navigator.storage?.getDirectory !== 'function') return 0;
  const dir = await navigator.storage.getDirectory();
  const handle = await dir.getFileHandle('kw-profile-export.jsonl', { create: true });
  const writable = await handle.createWritable();
  const pending: Promise<void>[] = [];
  const encoder = new TextEncoder();
  await read((t) => pending.push(writable.write(encoder.encode(t + '\n'))));
  await Promise.all(pending);
  await writable.close();
  const size = (await handle.getFile()).size;
  await dir.removeEntry('kw-profile-export.jsonl');
  return size;
}

/**
 * Blocks mode (AUDIT_PROFILE_BLOCKS=1): the stages of the whole-store jobs on the sealed store, rounds interleaved: the
 * plain read of every block and tail row (the bench's reference), the read with each block's lines hashed
 * (verifyBlock), the read folded into a Blob as export does (every 4 MB) or in one Blob at the end, and the jobs
 * themselves (exportJsonl, verifyStore, a free-text matchingSeqs) on this page.
 */
export async function profileBlocks(db: AuditDb, rounds: number): Promise<AuditProfile> {
  const { ChainVerifier } = await import('../../src/audit/verify.ts');
  const { verifyBlock } = await import('../../src/audit/verify-run.ts');
  const { exportJsonl } = await import('../../src/audit/export.ts');
  const { matchingSeqs } = await import('../../src/audit/query.ts');
  const { trailShape } = await import('../../src/audit/scan.ts');
  const total = await db.count('records');
  const shape = await trailShape(db);
  const times: AuditProfile = {};
  const read = async (each: (text: string, key: IDBValidKey) => void) => {
    for await (const part of scanTrail(db, total, { shape })) if (part.kind === 'block') each(part.text, part.key);
  };
  const sides: [string, () => Promise<unknown>][] = [
    ['read: every block and tail row (reference)', () => read(() => {})],
    [
      'read + verifyBlock (line facts, hash, chain)',
      () => {
        const v = new ChainVerifier();
        return read((t, k) => verifyBlock(v, k, t, shape.blockSize));
      },
    ],
    [
      'read + Blob folded every 4 MB',
      async () => {
        let blob = new Blob([]);
        let parts: string[] = [];
        let size = 0;
        await read((t) => {
          parts.push(t + '\n');
          size += t.length;
          if (size > 4_000_000) {
            blob = new Blob([blob, ...parts]);
            parts = [];
            size = 0;
          }
        });
        return new Blob([blob, ...parts]).size;
      },
    ],
    [
      'read + one Blob at the end',
      async () => {
        const parts: string[] = [];
        await read((t) => parts.push(t + '\n'));
        return new Blob(parts).size;
      },
    ],
    ['read + UTF-8 into an OPFS file (worker only; 0 here if unavailable)', () => opfsExport(read)],
    ['exportJsonl (page)', () => exportJsonl(db)],
    ['verifyStore (page)', () => verifyStore(db)],
    ['matchingSeqs free text (page)', () => matchingSeqs(db, { text: 'zzzzqq' })],
  ];
  for (let r = 0; r < rounds; r++) {
    for (const [stage, run] of sides) {
      const t0 = performance.now();
      await run();
      (times[stage] ??= []).push(performance.now() - t0);
    }
  }
  return times;
}
