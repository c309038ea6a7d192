// Layer: crypto worker. Where lab CAs live: IndexedDB database `keywire-lab-ca` (its own, apart from the audit
// log), one record per CA holding its certificate chain and a NON-EXTRACTABLE private CryptoKey (structured clone
// keeps the flag; nothing can export it). The memory store serves Node tests, which have no IndexedDB.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LabCaCurve } from '../ca/lab-ca-types.ts';

export interface LabCaRecord {
  readonly id: string;
  readonly name: string;
  readonly curve: LabCaCurve;
  readonly createdAt: string;
  readonly origin: 'created' | 'imported';
  /** Issuing CA first, root last. */
  readonly chainDer: readonly Uint8Array[];
  /** Private signing key of the issuing CA: extractable false, usages ['sign']. */
  readonly key: CryptoKey;
}

export interface LabCaStore {
  list(): Promise<LabCaRecord[]>;
  get(id: string): Promise<LabCaRecord | undefined>;
  put(record: LabCaRecord): Promise<void>;
  delete(id: string): Promise<void>;
  selected(): Promise<string | null>;
  select(id: string | null): Promise<void>;
}

interface LabCaDb extends DBSchema {
  cas: { key: string; value: LabCaRecord };
  meta: { key: string; value: string | null };
}

export const LAB_CA_DB = 'keywire-lab-ca';

export class IdbLabCaStore implements LabCaStore {
  #db: Promise<IDBPDatabase<LabCaDb>> | null = null;

  constructor(readonly dbName: string = LAB_CA_DB) {}

  #open(): Promise<IDBPDatabase<LabCaDb>> {
    this.#db ??= openDB<LabCaDb>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('cas', { keyPath: 'id' });
        db.createObjectStore('meta');
      },
    });
    return this.#db;
  }

  async list() {
    return (await this.#open()).getAll('cas');
  }
  async get(id: string) {
    return (await this.#open()).get('cas', id);
  }
  async put(record: LabCaRecord) {
    await (await this.#open()).put('cas', record);
  }
  async delete(id: string) {
    const db = await this.#open();
    await db.delete('cas', id);
    if ((await db.get('meta', 'selected')) === id) await db.put('meta', null, 'selected');
  }
  async selected() {
    return (await (await this.#open()).get('meta', 'selected')) ?? null;
  }
  async select(id: string | null) {
    await (await this.#open()).put('meta', id, 'selected');
  }
  /** Closes the connection (tests reopen it to prove keys survive). */
  async close() {
    if (this.#db) (await this.#db).close();
    this.#db = null;
  }
}

export class MemoryLabCaStore implements LabCaStore {
  readonly #cas = new Map<string, LabCaRecord>();
  #selected: string | null = null;
  async list() {
    return [...this.#cas.values()];
  }
  async get(id: string) {
    return this.#cas.get(id);
  }
  async put(record: LabCaRecord) {
    this.#cas.set(record.id, record);
  }
  async delete(id: string) {
    this.#cas.delete(id);
    if (this.#selected === id) this.#selected = null;
  }
  async selected() {
    return this.#selected;
  }
  async select(id: string | null) {
    this.#selected = id;
  }
}
