// Layer: flows. Where flows persist, so a reload or an unplugged cable resumes instead of starting over: IndexedDB
// database `keywire-flows` (its own, apart from the audit trail and the lab CA), stores `flows` (one record per
// board, by deviceId), `issued` (what a CA returned, by CSR SHA-256) and `batches`. Public material only: every
// string is scanned before it is stored and anything that looks like a private key or a credential is refused.
// Errors are values.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { scanForSecrets, type SecretKind } from '../audit/secrets.ts';
import { err, ok, type CodedError, type Result } from '../lib/result.ts';
import type { BatchRecord } from './batch-types.ts';
import type { FlowRecord, IssuedRecord } from './record.ts';

export const FLOWS_DB_NAME = 'keywire-flows';
const VERSION = 1;

interface FlowsDb extends DBSchema {
  flows: { key: string; value: FlowRecord };
  issued: { key: string; value: IssuedRecord; indexes: { deviceId: string } };
  batches: { key: string; value: BatchRecord };
}

export type FlowStoreError = CodedError<'storage-failed' | 'secret-refused'>;
export type StoreResult<T> = Promise<Result<T, FlowStoreError>>;

/** Secrets that cannot hide inside base64 certificate text; a base64 run alone is what certificates are made of. */
const REFUSED: ReadonlySet<SecretKind> = new Set([
  'pem-private-key',
  'pem-encrypted',
  'cmng-secret-write',
  'authorization-header',
  'url-credentials',
]);

function secretIn(value: unknown, depth = 0): SecretKind | null {
  if (depth > 12) return null;
  if (typeof value === 'string') return scanForSecrets(value).find((f) => REFUSED.has(f.kind))?.kind ?? null;
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return null;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const found = secretIn(v, depth + 1);
    if (found) return found;
  }
  return null;
}

export class FlowStore {
  readonly dbName: string;
  #db: Promise<IDBPDatabase<FlowsDb>> | null = null;

  constructor(opts: { dbName?: string } = {}) {
    this.dbName = opts.dbName ?? FLOWS_DB_NAME;
  }

  #open(): Promise<IDBPDatabase<FlowsDb>> {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB'));
    this.#db ??= openDB<FlowsDb>(this.dbName, VERSION, {
      upgrade(db) {
        db.createObjectStore('flows', { keyPath: 'deviceId' });
        db.createObjectStore('issued', { keyPath: 'csrSha256' }).createIndex('deviceId', 'deviceId');
        db.createObjectStore('batches', { keyPath: 'id' });
      },
      // Another tab upgrading or deleting the database: let go rather than block it; the next call reopens.
      blocking: () => void this.close(),
      terminated: () => (this.#db = null),
    }).catch((e: unknown) => {
      this.#db = null;
      throw e;
    });
    return this.#db;
  }

  async #do<T>(doing: string, body: (db: IDBPDatabase<FlowsDb>) => Promise<T>): StoreResult<T> {
    try {
      return ok(await body(await this.#open()));
    } catch (e) {
      const name = e instanceof Error ? e.name : 'Error';
      const message =
        name === 'QuotaExceededError'
          ? `KeyWire could not ${doing}: the browser's storage is full (Settings shows how much KeyWire uses).`
          : `KeyWire could not ${doing} (${name}: ${(e as Error)?.message}).`;
      return err({ code: 'storage-failed', message });
    }
  }

  #guarded<T>(what: string, value: unknown, write: () => StoreResult<T>): StoreResult<T> {
    const secret = secretIn(value);
    if (secret)
      return Promise.resolve(
        err({ code: 'secret-refused', message: `Refused to store ${what}: it contains ${secret}. Nothing was saved.` }),
      );
    return write();
  }

  getFlow = (deviceId: string) =>
    this.#do("read this board's flow", (db) => db.get('flows', deviceId).then((r) => r ?? null));
  listFlows = () => this.#do('list the flows', (db) => db.getAll('flows'));
  putFlow = (record: FlowRecord) =>
    this.#guarded('the flow record', record, () =>
      this.#do("save the flow's progress", (db) => db.put('flows', record).then(() => undefined)),
    );
  deleteFlow = (deviceId: string) => this.#do('delete the flow', (db) => db.delete('flows', deviceId));

  getIssued = (csrSha256: string) =>
    this.#do('read the issued certificate', (db) => db.get('issued', csrSha256).then((r) => r ?? null));
  putIssued = (record: IssuedRecord) =>
    this.#guarded('the issued certificate', record, () =>
      this.#do('save the issued certificate', (db) => db.put('issued', record).then(() => undefined)),
    );
  deleteIssued = (csrSha256: string) =>
    this.#do('delete the issued certificate', (db) => db.delete('issued', csrSha256));

  getBatch = (id: string) => this.#do('read the batch', (db) => db.get('batches', id).then((r) => r ?? null));
  listBatches = () => this.#do('list the batches', (db) => db.getAll('batches'));
  putBatch = (record: BatchRecord) =>
    this.#guarded('the batch', record, () =>
      this.#do('save the batch', (db) => db.put('batches', record).then(() => undefined)),
    );

  /** Closes the connection; the next call opens it again. */
  async close(): Promise<void> {
    const current = this.#db;
    this.#db = null;
    if (current) (await current.catch(() => null))?.close();
  }
}
