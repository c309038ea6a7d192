// Layer: audit trail. Reading every record of the store in key order, fast: the key space is cut into ranges of
// SCAN_RANGE seqs, read SCAN_PER_TRANSACTION ranges per read-only transaction, all requested at once, with the next
// transaction already reading while the caller works through this one. Chunks come out strictly in key order. Nothing
// is assumed about the keys: the last range is open-ended and the first starts below every number, so records with
// gaps, odd or non-numeric keys (a tampered store) are all read, once.
import type { AuditDb } from './db.ts';
import type { AuditRecord } from './types.ts';

/** Seqs per range read: a few megabytes of records. The first range is smaller, so progress and a cancel come early. */
export const SCAN_RANGE = 5000;
/** Range reads issued together in one read-only transaction (requests of one transaction cost far less than
 * transactions of one request each: bench/audit-profile.ts). */
export const SCAN_PER_TRANSACTION = 4;
/** Transactions with reads in flight at once: the next one reads while the caller works through this one (so at
 * most SCAN_TRANSACTIONS x SCAN_PER_TRANSACTION x SCAN_RANGE = 40,000 records are held as objects at a time). */
export const SCAN_TRANSACTIONS = 2;

export interface ScanChunk {
  readonly chunk: AuditRecord[];
  /** 0..1, by seq of the last record against `total`. */
  readonly fraction: number;
}

export interface ScanOptions {
  /** Seqs per range (default SCAN_RANGE; the first range is a fifth of it). */
  readonly range?: number;
  /** Ranges per transaction (default SCAN_PER_TRANSACTION). */
  readonly perTransaction?: number;
  /** Transactions in flight (default SCAN_TRANSACTIONS). */
  readonly transactions?: number;
}

/** Upper bounds of the ranges: (-inf, b0], (b0, b1], ... up to the store's last numeric key; then (last, +inf). */
function bounds(lastKey: number, total: number, range: number): number[] {
  const out: number[] = [];
  // A store whose last key is far above its count (gaps, a tampered seq) is not cut into countless empty ranges.
  const end = Math.min(lastKey, Math.max(total, 1) * 2 + range);
  for (let b = Math.max(1, Math.floor(range / 5)); b < end; b += range) out.push(b);
  return out;
}

function rangeOf(bounds: readonly number[], i: number): IDBKeyRange | undefined {
  const lo = i === 0 ? undefined : bounds[i - 1]!;
  const hi = i < bounds.length ? bounds[i]! : undefined;
  if (lo === undefined) return hi === undefined ? undefined : IDBKeyRange.upperBound(hi);
  return hi === undefined ? IDBKeyRange.lowerBound(lo, true) : IDBKeyRange.bound(lo, hi, true, false);
}

/** Every record in key order, a range at a time, with reads ahead. `total`: the record count, for `fraction`. */
export async function* scanStore(db: AuditDb, total: number, opts: ScanOptions = {}): AsyncGenerator<ScanChunk> {
  const perTransaction = Math.max(1, opts.perTransaction ?? SCAN_PER_TRANSACTION);
  const transactions = Math.max(1, opts.transactions ?? SCAN_TRANSACTIONS);
  const last = await db.transaction('records').store.openKeyCursor(null, 'prev');
  if (!last) return;
  const lastKey = typeof last.key === 'number' && Number.isFinite(last.key) ? last.key : total;
  const cuts = bounds(lastKey, total, opts.range ?? SCAN_RANGE);
  const ranges = cuts.length + 1;
  const queue: { read: Promise<AuditRecord[]>; endsTransaction: boolean }[] = [];
  let next = 0;
  let open = 0;
  // All of a transaction's reads are issued at once (it commits when none is pending); the next transaction starts
  // when the caller has taken the last chunk of an earlier one.
  const start = () => {
    if (next >= ranges) return;
    const store = db.transaction('records').store;
    const end = Math.min(ranges, next + perTransaction);
    for (; next < end; next++) {
      const read = store.getAll(rangeOf(cuts, next));
      // A read the caller abandons (it stopped iterating) must not surface as an unhandled rejection.
      read.catch(() => {});
      queue.push({ read, endsTransaction: next === end - 1 });
    }
    open++;
  };
  while (open < transactions && next < ranges) start();
  while (queue.length > 0) {
    const { read, endsTransaction } = queue.shift()!;
    const chunk = await read;
    if (endsTransaction) {
      open--;
      start();
    }
    if (chunk.length === 0) continue;
    const seq = chunk.at(-1)!.seq;
    yield { chunk, fraction: Math.min(1, (typeof seq === 'number' ? seq : total) / Math.max(total, 1)) };
  }
}
