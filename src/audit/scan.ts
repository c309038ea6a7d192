// Layer: audit trail. Reading every record of the store in key order, fast: the key space is cut into ranges of
// SCAN_RANGE seqs and up to SCAN_PARALLEL ranges are read at once, each in its own read-only transaction, so the
// database reads the next ranges while the caller works on this one. Chunks come out strictly in key order. Nothing
// is assumed about the keys: the last range is open-ended and the first starts below every number, so records with
// gaps, odd or non-numeric keys (a tampered store) are all read, once.
import type { AuditDb } from './db.ts';
import type { AuditRecord } from './types.ts';

/** Seqs per range read: a few megabytes of records. The first range is smaller, so progress and a cancel come early. */
export const SCAN_RANGE = 5000;
/** Range reads in flight at once. */
export const SCAN_PARALLEL = 4;

export interface ScanChunk {
  readonly chunk: AuditRecord[];
  /** 0..1, by seq of the last record against `total`. */
  readonly fraction: number;
}

export interface ScanOptions {
  /** Seqs per range (default SCAN_RANGE; the first range is a fifth of it). */
  readonly range?: number;
  /** Range reads in flight (default SCAN_PARALLEL). */
  readonly parallel?: number;
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
  const parallel = opts.parallel ?? SCAN_PARALLEL;
  const last = await db.transaction('records').store.openKeyCursor(null, 'prev');
  if (!last) return;
  const lastKey = typeof last.key === 'number' && Number.isFinite(last.key) ? last.key : total;
  const cuts = bounds(lastKey, total, opts.range ?? SCAN_RANGE);
  const ranges = cuts.length + 1;
  const inFlight: Promise<AuditRecord[]>[] = [];
  let next = 0;
  const fill = () => {
    while (next < ranges && inFlight.length < parallel) {
      const read = db.getAll('records', rangeOf(cuts, next++));
      // A read the caller abandons (it stopped iterating) must not surface as an unhandled rejection.
      read.catch(() => {});
      inFlight.push(read);
    }
  };
  fill();
  while (inFlight.length > 0) {
    const chunk = await inFlight.shift()!;
    fill();
    if (chunk.length === 0) continue;
    const seq = chunk.at(-1)!.seq;
    yield { chunk, fraction: Math.min(1, (typeof seq === 'number' ? seq : total) / Math.max(total, 1)) };
  }
}
