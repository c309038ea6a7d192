// Layer: audit trail. Versioned schema migrations of the `keywire-audit` database. A migration may add stores and
// indexes and derive data from the records; it never rewrites a record, because every record is covered by the
// hash chain and a rewritten record is, by definition, tampering.
//
//   v1: `records` (key seq; indexes time, action) and `meta` (the chain head).
//   v2: the 100,000-record viewer and the provisioning flow needed indexed answers that v1 could only give by
//       scanning: `records` gains the `deviceId` (device.id) and `outcome` indexes, and a new `openIntents` store
//       (key seq, index deviceId) lists intents that have no outcome, derived once here from the existing records.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AuditDbSchema } from './db.ts';
import type { AuditRecord, OpenIntent } from './types.ts';

export const AUDIT_DB_VERSION = 2;

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
    const intent = openIntentOf(cursor.value);
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

/** Runs every step from `oldVersion` up; idb's upgrade callback hands us the version change transaction. */
export function migrate(db: IDBPDatabase<AuditDbSchema>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  if (oldVersion < 1) createV1(db);
  return oldVersion < 2 ? upgradeV1toV2(db, tx) : Promise.resolve();
}
