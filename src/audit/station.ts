// Layer: audit trail. The station: this browser profile's signing key for the audit trail and the anchors it made,
// kept in their own IndexedDB database beside the trail (`<trail database>-station`, so `keywire-audit-station`).
// The key pair is stored as CryptoKey handles (structured clone); the private key was created non-extractable, so
// script can use it to sign but never read, export or copy its bytes. Errors are values; nothing throws.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { err, ok, type Result } from '../lib/result.ts';
import { newStationKey, stationIdentity, type Anchor, type StationIdentity } from './anchor.ts';

export const stationDbName = (auditDbName: string): string => `${auditDbName}-station`;

interface StationSchema extends DBSchema {
  keys: { key: 'station'; value: CryptoKeyPair };
  anchors: { key: number; value: Anchor };
}

export type StationDb = IDBPDatabase<StationSchema>;

export interface Station {
  readonly keys: CryptoKeyPair;
  readonly identity: StationIdentity;
}

export async function openStationDb(auditDbName: string): Promise<Result<StationDb, string>> {
  if (typeof indexedDB === 'undefined') return err('This browser has no IndexedDB, so there is no station key.');
  try {
    return ok(
      await openDB<StationSchema>(stationDbName(auditDbName), 1, {
        upgrade: (db) => {
          db.createObjectStore('keys');
          db.createObjectStore('anchors', { keyPath: 'seq' });
        },
      }),
    );
  } catch (e) {
    return err(`The station key store could not be opened (${e instanceof Error ? e.name : 'error'}).`);
  }
}

const isKeyPair = (v: unknown): v is CryptoKeyPair =>
  typeof v === 'object' &&
  v !== null &&
  (v as CryptoKeyPair).privateKey instanceof CryptoKey &&
  (v as CryptoKeyPair).publicKey instanceof CryptoKey;

/** The station key, made on first use when `create` (another tab making it first wins: both then sign alike). */
export async function loadStation(db: StationDb, create: boolean): Promise<Result<Station | null, string>> {
  try {
    let keys: unknown = await db.get('keys', 'station');
    if (!isKeyPair(keys)) {
      if (!create) return ok(null);
      const made = await newStationKey();
      try {
        await db.add('keys', made, 'station');
        keys = made;
      } catch {
        keys = await db.get('keys', 'station');
      }
    }
    if (!isKeyPair(keys)) return err('The station key could not be stored.');
    return ok({ keys, identity: await stationIdentity(keys.publicKey) });
  } catch (e) {
    return err(`The station key could not be read (${e instanceof Error ? e.name : 'error'}).`);
  }
}

/** Every anchor, oldest first. */
export async function readAnchors(db: StationDb): Promise<Result<Anchor[], string>> {
  try {
    return ok(await db.getAll('anchors'));
  } catch (e) {
    return err(`The station's signatures could not be read (${e instanceof Error ? e.name : 'error'}).`);
  }
}

/** How many anchors there are, and a reader of them newest first (for verify, which stops at the first valid one). */
export async function anchorsNewestFirst(
  db: StationDb,
): Promise<Result<{ count: number; newestFirst: () => AsyncIterable<Anchor> }, string>> {
  try {
    const count = await db.count('anchors');
    async function* newestFirst(): AsyncIterable<Anchor> {
      // One short read-only transaction per step: the check awaits WebCrypto in between, which would end a longer one.
      let below: number | null = null;
      for (;;) {
        const range: IDBKeyRange | null = below === null ? null : IDBKeyRange.upperBound(below, true);
        const cursor = await db.transaction('anchors').store.openCursor(range, 'prev');
        if (!cursor) return;
        below = cursor.value.seq;
        yield cursor.value;
      }
    }
    return ok({ count, newestFirst });
  } catch (e) {
    return err(`The station's signatures could not be read (${e instanceof Error ? e.name : 'error'}).`);
  }
}

/** The newest anchor, or null. */
export async function latestAnchor(db: StationDb): Promise<Anchor | null> {
  const cursor = await db.transaction('anchors').store.openCursor(null, 'prev');
  return cursor?.value ?? null;
}
