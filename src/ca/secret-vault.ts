// Layer: CA clients. Seals remembered CA credentials with AES-256-GCM under a WebCrypto key that is generated in this
// browser, created non-extractable and kept in IndexedDB `keywire-secrets` (a CryptoKey is stored as a key handle:
// its bytes can never be read back by script, exported, or copied out with localStorage).
// What it protects against: someone who copies the browser profile's localStorage or reads a dump of it sees only
// ciphertext. What it does not: code running in this page, or a person using this browser profile, can ask the
// key to decrypt (that is how KeyWire itself uses it). Errors are values; nothing throws.
import { openDB, type IDBPDatabase } from 'idb';
import { fromBase64, toArrayBuffer, toBase64 } from '../lib/bytes.ts';

export interface SecretVault {
  /** `plain` sealed as text, bound to `context` (authenticated, not secret); null when sealing is not possible. */
  seal(plain: string, context: string): Promise<string | null>;
  /** The plain text, or null when the sealed text is damaged, for another context, or the key is gone. */
  open(sealed: string, context: string): Promise<string | null>;
}

export const VAULT_DB = 'keywire-secrets';
const STORE = 'keys';
const KEY_ID = 'ca-credentials';
const SEALED = /^v1\.([A-Za-z0-9+/=]{16})\.([A-Za-z0-9+/=]+)$/;

const newKey = (): Promise<CryptoKey> =>
  crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']) as Promise<CryptoKey>;

/** A vault over one key from `getKey` (null: no key can be had, e.g. IndexedDB blocked). */
export function vaultWithKey(getKey: () => Promise<CryptoKey | null>): SecretVault {
  const data = (context: string) => toArrayBuffer(new TextEncoder().encode(`keywire:${context}`));
  return {
    async seal(plain, context) {
      try {
        const key = await getKey();
        if (!key) return null;
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const ct = await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: data(context) },
          key,
          toArrayBuffer(new TextEncoder().encode(plain)),
        );
        return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
      } catch {
        return null;
      }
    },
    async open(sealed, context) {
      const m = SEALED.exec(sealed);
      const iv = m ? fromBase64(m[1]!) : null;
      const ct = m ? fromBase64(m[2]!) : null;
      if (!iv || iv.length !== 12 || !ct) return null;
      try {
        const key = await getKey();
        if (!key) return null;
        const pt = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: data(context) },
          key,
          toArrayBuffer(ct),
        );
        return new TextDecoder('utf-8', { fatal: true }).decode(pt);
      } catch {
        return null;
      }
    },
  };
}

/** A vault whose key lives only in this object (Node tests; a browser where IndexedDB is not available). */
export function memoryVault(): SecretVault {
  let key: Promise<CryptoKey> | null = null;
  return vaultWithKey(() => (key ??= newKey()));
}

/** The browser's vault: the key is made once and kept in IndexedDB `keywire-secrets`. */
export function indexedDbVault(dbName = VAULT_DB): SecretVault {
  let key: Promise<CryptoKey | null> | null = null;
  const load = async (): Promise<CryptoKey | null> => {
    let db: IDBPDatabase | null = null;
    try {
      db = await openDB(dbName, 1, { upgrade: (d) => void d.createObjectStore(STORE) });
      const found: unknown = await db.get(STORE, KEY_ID);
      if (found instanceof CryptoKey) return found;
      const made = await newKey();
      try {
        await db.add(STORE, made, KEY_ID);
        return made;
      } catch {
        // Another tab made it first (add refuses an existing key): use theirs, so both seal alike.
        const theirs: unknown = await db.get(STORE, KEY_ID);
        return theirs instanceof CryptoKey ? theirs : null;
      }
    } catch {
      return null;
    } finally {
      db?.close();
    }
  };
  return vaultWithKey(async () => {
    const k = await (key ??= load());
    if (!k) key = null; // try again next time: storage may come back
    return k;
  });
}
