// Layer: audit trail. Reading records one by one (get, getMany, open intents, a device's history, the seq the
// station signed) where a record may be sealed: the record of a seq whose block exists is read from the block's
// line, never from its row (a full row put back under a sealed seq is not shown); otherwise from its row, if it is a
// full record. So the viewer shows exactly the bytes verify checks.
import type { IDBPTransaction, StoreNames } from 'idb';
import { blockCache, blockOf, blockSizeOf, isFullRecord, lineFacts, lineStarts, type RecordRow } from './blocks.ts';
import type { AuditDb, AuditDbSchema } from './db.ts';
import type { AuditRecord } from './types.ts';

type ReadTx = IDBPTransaction<AuditDbSchema, StoreNames<AuditDbSchema>[], 'readonly' | 'readwrite'>;

/** The stores a sealed read needs in its transaction. */
export const SEALED_READ_STORES = ['records', 'blocks', 'meta'] as const;

/**
 * Full records for `seqs` (order kept), read from their blocks where sealed, else from their rows; seqs with no
 * record are left out. `rows`: rows already read for these seqs (a cursor's values), else rows are read as needed.
 */
export async function resolveSeqs(
  tx: ReadTx,
  dbName: string,
  seqs: readonly number[],
  rows?: readonly (RecordRow | undefined)[],
): Promise<AuditRecord[]> {
  const size = await blockSizeOf(tx.objectStore('meta'));
  const blocks = tx.objectStore('blocks');
  const records = tx.objectStore('records');
  const texts = new Map<number, Promise<string | undefined>>();
  const textOf = (b: number) => {
    let text = texts.get(b);
    if (!text) texts.set(b, (text = blocks.get(b)));
    return text;
  };
  const found = await Promise.all(
    seqs.map(async (seq, i) => {
      const b = blockOf(seq, size);
      const text = await textOf(b);
      if (text !== undefined) return blockCache.record(dbName, b, text, seq, size);
      const row = rows ? rows[i] : await records.get(seq);
      return isFullRecord(row) ? row : undefined;
    }),
  );
  return found.filter((r): r is AuditRecord => r !== undefined);
}

/** Records by seq, in the order asked; missing seqs are left out. One transaction. */
export async function readRecords(db: AuditDb, seqs: readonly number[]): Promise<AuditRecord[]> {
  return resolveSeqs(db.transaction([...SEALED_READ_STORES]), db.name, seqs);
}

/** The hash of record `seq` as stored (its block's line, or its row), or null. Reads only the one line. */
export async function storedHash(db: AuditDb, seq: number): Promise<string | null> {
  const tx = db.transaction([...SEALED_READ_STORES]);
  const size = await blockSizeOf(tx.objectStore('meta'));
  const text = await tx.objectStore('blocks').get(blockOf(seq, size));
  if (text === undefined) {
    const row = await tx.objectStore('records').get(seq);
    return isFullRecord(row) ? row.hash : null;
  }
  return hashInBlock(text, seq, size);
}

/** The hash on the line of `seq` in a block's text (its expected line first, else any line with that seq). */
export function hashInBlock(text: string, seq: number, size: number): string | null {
  const starts = lineStarts(text);
  const expected = (seq - 1) % size;
  const order = [expected, ...starts.keys()];
  for (const i of order) {
    const start = starts[i];
    if (start === undefined) continue;
    const next = starts[i + 1];
    const facts = lineFacts(text, start, next === undefined ? text.length : next - 1);
    if (facts?.seq === seq) return facts.hash;
  }
  return null;
}
