// Layer: audit trail. Versioned schema migrations of the `keywire-audit` database. A migration may add stores and
// indexes and derive data from the records; it never rewrites a record, because every record is covered by the
// hash chain and a rewritten record is, by definition, tampering.
//
//   v1: `records` (key seq; indexes time, action) and `meta` (the chain head).
//   v2: the 100,000-record viewer and the provisioning flow needed indexed answers that v1 could only give by
//       scanning: `records` gains the `deviceId` (device.id) and `outcome` indexes, and a new `openIntents` store
//       (key seq, index deviceId) lists intents that have no outcome, derived once here from the existing records.
//   v3: whole-store jobs read ~100,000 values at a per-value cost that no code can go under (bench/README.md), so
//       records are sealed into blocks of N (blocks.ts): a new `blocks` store (key b: the canonical export lines of
//       records b*N+1 .. (b+1)*N joined with '\n') and meta 'blockSize' = N. Every full block of an existing store is
//       sealed here: its records' lines are written to the block (the same bytes an export writes: nothing is
//       re-hashed or changed) and their rows replaced by index rows.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { DEFAULT_BLOCK_SIZE, indexRow, isFullRecord, recordLine } from './blocks.ts';
import type { AuditDbSchema } from './db.ts';
import type { AuditRecord, OpenIntent } from './types.ts';

export const AUDIT_DB_VERSION = 3;

type UpgradeTx = IDBPTransaction<AuditDbSchema, StoreNames<AuditDbSchema>[], 'versionchange'>;

export function createV1(db: IDBPDatabase<AuditDbSchema>): void {
  const records = db.createObjectStore('records', { keyPath: 'seq' });
  records.createIndex('time', 'time');
  records.createIndex('action', 'action');
  db.createObjectStore('meta');
}

export async function upgradeV1toV2(db: IDBPDatabase<AuditDbSchema>, tx: UpgradeTx): Promise<void> {
  const records = tx.objectStore('records');
  records.createIndex('deviceId', 'device.id');
  records.createIndex('outcome', 'outcome');
  const openIntents = db.createObjectStore('openIntents', { keyPath: 'seq' });
  openIntents.createIndex('deviceId', 'deviceId');
  const open = new Map<number, OpenIntent>();
  for (let cursor = await records.openCursor(); cursor; cursor = await cursor.continue()) {
    const intent = isFullRecord(cursor.value) ? openIntentOf(cursor.value) : null;
    if (intent) open.set(intent.seq, intent);
    const closes = (cursor.value as Partial<AuditRecord>).intentSeq;
    if (typeof closes === 'number') open.delete(closes);
  }
  await Promise.all([...open.values()].map((intent) => openIntents.put(intent)));
}

/** The openIntents row for an intent record, or null for any other record. */
export function openIntentOf(record: AuditRecord): OpenIntent | null {
  if (record.outcome !== 'intent') return null;
  return { seq: record.seq, deviceId: record.device.id, action: record.action, time: record.time };
}

/** The stores sealing touches, in a readwrite (or versionchange) transaction. */
export interface SealStores {
  readonly records: {
    getAll(range: IDBKeyRange): Promise<AuditDbSchema['records']['value'][]>;
    put(value: AuditDbSchema['records']['value']): Promise<number>;
  };
  readonly blocks: { put(value: string, key: number): Promise<number> };
}

const ignore = () => {};

/**
 * Seals block b: the rows of seqs b*size+1 .. (b+1)*size, as stored, become one block value (their canonical lines)
 * and are replaced by index rows. Rows are taken as they are (a missing or odd one is for verify to report).
 */
export async function sealBlock(stores: SealStores, b: number, size: number): Promise<void> {
  const rows = await stores.records.getAll(IDBKeyRange.bound(b * size + 1, (b + 1) * size));
  const full = rows.filter(isFullRecord);
  if (full.length === 0) return;
  stores.blocks.put(full.map(recordLine).join('\n'), b).catch(ignore);
  for (const record of full) stores.records.put(indexRow(record)).catch(ignore);
}

export async function upgradeV2toV3(db: IDBPDatabase<AuditDbSchema>, tx: UpgradeTx, size: number): Promise<void> {
  const blocks = db.createObjectStore('blocks');
  const meta = tx.objectStore('meta');
  // The meta store is typed by its 'head' row; 'blockSize' holds a number (blocks.ts blockSizeOf reads it).
  meta.put(size as unknown as AuditDbSchema['meta']['value'], 'blockSize').catch(ignore);
  const records = tx.objectStore('records');
  const last = await records.openKeyCursor(null, 'prev');
  const lastSeq = typeof last?.key === 'number' ? last.key : 0;
  for (let b = 0; (b + 1) * size <= lastSeq; b++) await sealBlock({ records, blocks }, b, size);
}

/** Runs every step from `oldVersion` up; idb's upgrade callback hands us the version change transaction. */
export async function migrate(
  db: IDBPDatabase<AuditDbSchema>,
  oldVersion: number,
  tx: UpgradeTx,
  blockSize = DEFAULT_BLOCK_SIZE,
): Promise<void> {
  if (oldVersion < 1) createV1(db);
  if (oldVersion < 2) await upgradeV1toV2(db, tx);
  if (oldVersion < 3) await upgradeV2toV3(db, tx, blockSize);
}
