// Layer: emulated Zephyr board, persistence. What survives a power cycle: the PSA key store (ITS, always
// persistent) and, with the protected-storage backend only, the TLS credentials. One JSON image per board id,
// saved synchronously so a credential the shell reported as added is on "flash" before the reply leaves the board.
// The image lives in the emulator core's FlashStore (../flash-store.ts) under the board id, in its own format.
export const ZEPHYR_FLASH_FORMAT = 'keywire-zephyr-flash';

export interface StoredCredentialImage {
  readonly secTag: number;
  /** The shell's compact type name: CA, SERV, PK, PSK, PSK_ID. */
  readonly type: string;
  /** The stored bytes, base64. */
  readonly base64: string;
}

export interface StoredKeyImage {
  readonly secTag: number;
  /** P-256 private scalar, hex. Never leaves the emulated PSA store through the shell. */
  readonly secretHex: string;
}

export type ZephyrFlashImage = {
  readonly format: typeof ZEPHYR_FLASH_FORMAT;
  readonly version: 1;
  readonly credentials: readonly StoredCredentialImage[];
  readonly keys: readonly StoredKeyImage[];
};

/** Validates untrusted JSON (a file, localStorage) into an image; null when it is not one. */
export function parseZephyrFlashImage(json: unknown): ZephyrFlashImage | null {
  if (typeof json !== 'object' || json === null) return null;
  const image = json as Partial<ZephyrFlashImage>;
  if (image.format !== ZEPHYR_FLASH_FORMAT || image.version !== 1) return null;
  if (!Array.isArray(image.credentials) || !Array.isArray(image.keys)) return null;
  const credsOk = image.credentials.every(
    (c: Partial<StoredCredentialImage>) =>
      Number.isInteger(c?.secTag) && typeof c?.type === 'string' && typeof c?.base64 === 'string',
  );
  const keysOk = image.keys.every(
    (k: Partial<StoredKeyImage>) => Number.isInteger(k?.secTag) && /^[0-9a-f]{64}$/.test(k?.secretHex ?? ''),
  );
  return credsOk && keysOk ? (image as ZephyrFlashImage) : null;
}
