// Layer: audit trail. The only code that writes records. One readwrite transaction reads the chain tail and adds the
// next records, so two tabs can never fork the chain (IndexedDB runs readwrite transactions over the same store one at
// a time, across tabs), and `add` refuses a seq that already exists. Hashing is synchronous so the transaction stays
// alive, and durability is 'strict': an intent is on disk before the caller touches the board. The append that fills
// a block seals it in the same transaction (migrations.ts sealBlock): the block's lines are written and its rows
// replaced by index rows, so a record is never half sealed.
import { err, ok, type Result } from '../lib/result.ts';
import { sealRecord } from './chain.ts';
import { idbError, type AuditDb } from './db.ts';
import type { PreparedEntry } from './guard.ts';
import { openIntentOf, sealBlock } from './migrations.ts';
import { blockOf, blockSizeOf, isFullRecord, type RecordRow } from './blocks.ts';
import { hashInBlock } from './sealed-read.ts';
import { auditError, GENESIS_HASH, type AuditError, type AuditRecord, type ChainHead } from './types.ts';

export interface WriteItem {
  readonly body: PreparedEntry;
  /** Index, within the same request, of the intent this record completes (its seq is not known before). */
  readonly completesIndex?: number;
}

export interface WriteRequest {
  readonly entries: readonly WriteItem[];
  /** Fail with 'intent-not-open' unless this intent is still open when the transaction runs. */
  readonly requireOpenIntent?: number;
  readonly now: () => Date;
}

const ignore = () => {};

/** The tail to chain onto: the head kept in meta, unless records go further (so a truncated tail leaves a gap). */
function tailOf(
  head: ChainHead | undefined,
  last: { seq: number; hash: string } | undefined,
): { seq: number; hash: string } {
  if (last && (!head || last.seq >= head.seq)) return { seq: last.seq, hash: last.hash };
  if (head) return { seq: head.seq, hash: head.hash };
  return { seq: 0, hash: GENESIS_HASH };
}

export async function writeRecords(db: AuditDb, request: WriteRequest): Promise<Result<AuditRecord[], AuditError>> {
  let tx;
  try {
    tx = db.transaction(['records', 'openIntents', 'meta', 'blocks'], 'readwrite', { durability: 'strict' });
  } catch (e) {
    return err(idbError(e, 'write-failed', 'recording'));
  }
  try {
    const records = tx.objectStore('records');
    const openIntents = tx.objectStore('openIntents');
    const blocks = tx.objectStore('blocks');
    const [head, lastRow, required, size] = await Promise.all([
      tx.objectStore('meta').get('head'),
      records.openCursor(null, 'prev').then((c) => c?.value as RecordRow | undefined),
      request.requireOpenIntent === undefined ? undefined : openIntents.get(request.requireOpenIntent),
      blockSizeOf(tx.objectStore('meta')),
    ]);
    // The last row is an index row when the last append sealed a block: its hash is in the head or the block.
    let last: { seq: number; hash: string } | undefined;
    if (isFullRecord(lastRow)) last = lastRow;
    else if (lastRow && head?.seq === lastRow.seq) last = { seq: lastRow.seq, hash: head.hash };
    else if (lastRow) {
      const text = await blocks.get(blockOf(lastRow.seq, size));
      const hash = text === undefined ? null : hashInBlock(text, lastRow.seq, size);
      if (hash !== null) last = { seq: lastRow.seq, hash };
    }
    if (request.requireOpenIntent !== undefined && !required) {
      tx.abort();
      await tx.done.catch(ignore);
      return err(auditError('intent-not-open', `Record #${request.requireOpenIntent} is not an open intent.`));
    }
    let tail = tailOf(head, last);
    const written: AuditRecord[] = [];
    for (const { body, completesIndex } of request.entries) {
      const intent = completesIndex === undefined ? undefined : written[completesIndex];
      const linked = intent ? { ...body, intentSeq: intent.seq } : body;
      const record = sealRecord(linked, { seq: tail.seq + 1, time: request.now().toISOString(), prevHash: tail.hash });
      records.add(record).catch(ignore);
      const opened = openIntentOf(record);
      if (opened) openIntents.put(opened).catch(ignore);
      if (record.intentSeq !== null) openIntents.delete(record.intentSeq).catch(ignore);
      written.push(record);
      tail = record;
    }
    const newest = written.at(-1);
    if (newest)
      tx.objectStore('meta').put({ seq: newest.seq, hash: newest.hash, time: newest.time }, 'head').catch(ignore);
    // Seal every block this write filled (its last seq is among the new records).
    const first = written[0];
    if (first && newest) {
      for (let b = blockOf(first.seq, size); (b + 1) * size <= newest.seq; b++) {
        if ((b + 1) * size >= first.seq) await sealBlock({ records, blocks }, b, size);
      }
    }
    await tx.done;
    return ok(written);
  } catch (e) {
    tx.done.catch(ignore);
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request.
    }
    return err(idbError(tx.error ?? e, 'write-failed', 'recording'));
  }
}
