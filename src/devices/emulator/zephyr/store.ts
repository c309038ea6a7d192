// Layer: emulated Zephyr board, its two stores. The TLS credential store (Zephyr's tls_credentials: one entry per
// (sec tag, type), never overwritten) on the chosen backend, and the PSA key store nrf_cloud_cred uses (one P-256
// key per sec tag, generated inside, only its public key ever leaves). Volatile credentials live in RAM and are
// lost at power-off; PSA keys (ITS) and protected-storage credentials are saved to flash on every change.
import { p256 } from '@noble/curves/nist.js';
import { fromBase64, fromHex, toBase64, toHex } from '../../../lib/bytes.ts';
import type { CredentialBackend } from './factory.ts';
import type { FlashStore } from '../flash-store.ts';
import { parseZephyrFlashImage, ZEPHYR_FLASH_FORMAT, type ZephyrFlashImage } from './flash.ts';

/** The shell's type names: the first is the human-readable one, the last the compact one `cred list` prints. */
export const CRED_TYPES: readonly { readonly names: readonly string[] }[] = [
  { names: ['CA_CERT', 'CA'] },
  { names: ['SERVER_CERT', 'CLIENT_CERT', 'SELF_CERT', 'SELF', 'CLIENT', 'SERV'] },
  { names: ['PRIVATE_KEY', 'PK'] },
  { names: ['PRE_SHARED_KEY', 'PSK'] },
  { names: ['PRE_SHARED_KEY_ID', 'PSK_ID'] },
];

/** `ca`, `Client_Cert`, `serv` -> the compact name (CA, SERV ...); undefined for anything else. */
export function compactType(word: string): string | undefined {
  const upper = word.toUpperCase();
  return CRED_TYPES.find((t) => t.names.includes(upper))?.names.at(-1);
}

export const humanType = (compact: string): string =>
  CRED_TYPES.find((t) => t.names.at(-1) === compact)?.names[0] ?? 'INVALID';

export interface Credential {
  readonly secTag: number;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** Zephyr's default CONFIG_TLS_MAX_CREDENTIALS_NUMBER is small; the emulator picks 16 (chosen, documented). */
export const MAX_CREDENTIALS = 16;

export class ZephyrStores {
  #credentials: Credential[] = [];
  #keys = new Map<number, Uint8Array>();

  constructor(
    readonly boardId: string,
    readonly backend: CredentialBackend,
    private readonly flash: FlashStore,
  ) {}

  /** Power-on: keys from flash; credentials from flash only with the persistent backend. */
  reload(): void {
    const image = this.#image();
    this.#keys = new Map((image?.keys ?? []).map((k) => [k.secTag, fromHex(k.secretHex)!]));
    this.#credentials =
      this.backend === 'persistent'
        ? (image?.credentials ?? []).map((c) => ({ secTag: c.secTag, type: c.type, bytes: fromBase64(c.base64)! }))
        : [];
  }

  /** Power-off: RAM is gone. */
  powerOff(): void {
    if (this.backend === 'volatile') this.#credentials = [];
  }

  factoryReset(): void {
    this.flash.erase(this.boardId);
    this.#credentials = [];
    this.#keys.clear();
  }

  list(): readonly Credential[] {
    return [...this.#credentials].sort((a, b) => a.secTag - b.secTag);
  }

  get(secTag: number, type: string): Credential | undefined {
    return this.#credentials.find((c) => c.secTag === secTag && c.type === type);
  }

  /** Adds a credential; the caller has checked it does not exist. Returns false when the store is full. */
  add(credential: Credential): boolean {
    if (this.#credentials.length >= MAX_CREDENTIALS) return false;
    this.#change(() => this.#credentials.push(credential));
    return true;
  }

  delete(secTag: number, type: string): boolean {
    if (!this.get(secTag, type)) return false;
    this.#change(
      () => (this.#credentials = this.#credentials.filter((c) => !(c.secTag === secTag && c.type === type))),
    );
    return true;
  }

  hasKey(secTag: number): boolean {
    return this.#keys.has(secTag);
  }

  /** Makes a P-256 key inside the store; returns false when the tag already has one (PSA refuses to overwrite). */
  generateKey(secTag: number): boolean {
    if (this.#keys.has(secTag)) return false;
    this.#change(() => this.#keys.set(secTag, p256.utils.randomSecretKey()));
    return true;
  }

  deleteKey(secTag: number): boolean {
    if (!this.#keys.has(secTag)) return false;
    this.#change(() => this.#keys.delete(secTag));
    return true;
  }

  /** The uncompressed SEC1 public point of the key at `secTag`. */
  publicKey(secTag: number): Uint8Array | undefined {
    const secret = this.#keys.get(secTag);
    return secret ? p256.getPublicKey(secret, false) : undefined;
  }

  /** Signs with the key at `secTag` inside the store (the secret never leaves this class). Raw r||s. */
  sign(secTag: number, message: Uint8Array): Uint8Array | undefined {
    const secret = this.#keys.get(secTag);
    return secret ? p256.sign(message, secret) : undefined;
  }

  /** Applies a change and saves it; when the flash refuses, the change is undone and the error goes up (the
   * command then fails on the board) so RAM and flash never disagree. */
  #change(apply: () => unknown): void {
    const credentials = [...this.#credentials];
    const keys = new Map(this.#keys);
    apply();
    try {
      this.#save();
    } catch (e) {
      this.#credentials = credentials;
      this.#keys = keys;
      throw e;
    }
  }

  /** The board's image, or null when the flash holds none or another family's (the factory state then). */
  #image(): ZephyrFlashImage | null {
    return parseZephyrFlashImage(this.flash.load(this.boardId));
  }

  #save(): void {
    const previous = this.#image();
    const image: ZephyrFlashImage = {
      format: ZEPHYR_FLASH_FORMAT,
      version: 1,
      credentials:
        this.backend === 'persistent'
          ? this.#credentials.map((c) => ({ secTag: c.secTag, type: c.type, base64: toBase64(c.bytes) }))
          : (previous?.credentials ?? []),
      keys: [...this.#keys].map(([secTag, secret]) => ({ secTag, secretHex: toHex(secret) })),
    };
    this.flash.save(this.boardId, image);
  }
}
