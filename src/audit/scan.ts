// Layer: audit trail. Reading the whole trail in order, fast, for the whole-store jobs (verify, export, search): the
// sealed blocks in key order (blocks.ts: one value per 1,000 records; the read costs per value, so few large values),
// BLOCKS_PER_TRANSACTION requested at once per read-only transaction, the next transaction already reading while the
// caller works through this one; then the open tail: every row of `records` above the last block's range (the last
// range is open-ended, so a tampered store's odd keys are read too). Index rows of sealed records are never read here:
// a sealed record is its block's line.
import { blockSizeOf, isFullRecord, parseBlock, type RecordRow } from './blocks.ts';
import type { AuditDb } from './db.ts';
import type { AuditRecord } from './types.ts';

/** Blocks requested together in one read-only transaction (a few megabytes of text). */
export const BLOCKS_PER_TRANSACTION = 8;
/** Transactions with reads in flight at once: the next one reads while the caller works through this one. */
export const SCAN_TRANSACTIONS = 2;

export type TrailPart =
  /** A sealed block as stored: `key` should be b, `text` the lines of records b*size+1 .. (b+1)*size. */
  | { readonly kind: 'block'; readonly key: IDBValidKey; readonly text: string; readonly fraction: number }
  /** Rows of the open tail (records above the last block), in key order. */
  | { readonly kind: 'rows'; readonly rows: RecordRow[]; readonly fraction: number };

export interface ScanOptions {
  /** Blocks per transaction (default BLOCKS_PER_TRANSACTION). */
  readonly perTransaction?: number;
  /** Transactions in flight (default SCAN_TRANSACTIONS). */
  readonly transactions?: number;
}

export interface TrailShape {
  readonly blockSize: number;
  /** Keys of the `blocks` store, in key order. */
  readonly blockKeys: IDBValidKey[];
  /** The last seq a block covers by its key ((last numeric key + 1) x blockSize), 0 without blocks. */
  readonly sealedTo: number;
}

/** Block size, block keys and where the open tail starts. One small transaction. */
export async function trailShape(db: AuditDb): Promise<TrailShape> {
  const tx = db.transaction(['blocks', 'meta']);
  const [blockSize, blockKeys] = await Promise.all([
    blockSizeOf(tx.objectStore('meta')),
    tx.objectStore('blocks').getAllKeys(),
  ]);
  const numeric = blockKeys.filter((k): k is number => typeof k === 'number' && Number.isSafeInteger(k) && k >= 0);
  const sealedTo = numeric.length > 0 ? (Math.max(...numeric) + 1) * blockSize : 0;
  return { blockSize, blockKeys, sealedTo };
}

/** The whole trail in order: every block, then the tail rows. `total`: the record count, for `fraction`. */
export async function* scanTrail(
  db: AuditDb,
  total: number,
  opts: ScanOptions & { readonly shape?: TrailShape } = {},
): AsyncGenerator<TrailPart> {
  const perTransaction = Math.max(1, opts.perTransaction ?? BLOCKS_PER_TRANSACTION);
  const transactions = Math.max(1, opts.transactions ?? SCAN_TRANSACTIONS);
  const { blockSize, blockKeys, sealedTo } = opts.shape ?? (await trailShape(db));
  const of = (seqs: number) => Math.min(1, seqs / Math.max(total, 1));
  const queue: { key: IDBValidKey; read: Promise<string | undefined>; endsTransaction: boolean }[] = [];
  let next = 0;
  let open = 0;
  // All of a transaction's reads are issued at once (it commits when none is pending); the next transaction starts
  // when the caller has taken the last block of an earlier one.
  const start = () => {
    if (next >= blockKeys.length) return;
    const store = db.transaction('blocks').store;
    const end = Math.min(blockKeys.length, next + perTransaction);
    for (; next < end; next++) {
      const key = blockKeys[next]!;
      const read = store.get(key as number);
      // A read the caller abandons (it stopped iterating) must not surface as an unhandled rejection.
      read.catch(() => {});
      queue.push({ key, read, endsTransaction: next === end - 1 });
    }
    open++;
  };
  while (open < transactions && next < blockKeys.length) start();
  let blocksRead = 0;
  while (queue.length > 0) {
    const { key, read, endsTransaction } = queue.shift()!;
    const text = await read;
    if (endsTransaction) {
      open--;
      start();
    }
    blocksRead++;
    if (text === undefined) continue;
    yield { kind: 'block', key, text: String(text), fraction: of(blocksRead * blockSize) };
  }
  const rows = await db.getAll('records', sealedTo > 0 ? IDBKeyRange.lowerBound(sealedTo, true) : undefined);
  if (rows.length > 0) yield { kind: 'rows', rows, fraction: 1 };
}

/** The whole trail as record objects (block lines parsed), a block or the tail at a time: CSV of everything. */
export async function* scanRecords(
  db: AuditDb,
  total: number,
): AsyncGenerator<{ chunk: AuditRecord[]; fraction: number }> {
  for await (const part of scanTrail(db, total)) {
    const chunk = part.kind === 'block' ? parseBlock(part.text) : part.rows.filter(isFullRecord);
    if (chunk.length > 0) yield { chunk, fraction: part.fraction };
  }
}
