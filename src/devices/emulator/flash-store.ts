// Layer: emulator persistence. A board's flash is one JSON image saved under its board id. Stores are synchronous so
// that a write the board acknowledged with OK is on "flash" before the OK leaves the board, as on a real modem.
// Implementations: `MemoryFlashStore` (tests), `LocalStorageFlashStore` (browser lab), `JsonFileFlashStore`
// (tools/emulator-flash.ts, Node).
import type { FlashCredential } from './nrf91-factory.ts';

export const FLASH_FORMAT = 'keywire-nrf91-flash';

export interface FlashImage {
  readonly format: typeof FLASH_FORMAT;
  readonly version: 1;
  readonly credentials: readonly FlashCredential[];
}

export interface FlashStore {
  /** The saved image, or null when the board has never been written (or its image is unreadable). */
  load(boardId: string): FlashImage | null;
  /** Throws when the medium refuses (quota, I/O); the board answers ERROR and keeps its previous flash. */
  save(boardId: string, image: FlashImage): void;
  erase(boardId: string): void;
}

export const flashImage = (credentials: readonly FlashCredential[]): FlashImage => ({
  format: FLASH_FORMAT,
  version: 1,
  credentials: credentials.map((c) => ({ secTag: c.secTag, type: c.type, content: c.content })),
});

/** Validates untrusted JSON (a file, localStorage) into an image; null when it is not one. */
export function parseFlashImage(json: unknown): FlashImage | null {
  if (typeof json !== 'object' || json === null) return null;
  const image = json as Partial<FlashImage>;
  if (image.format !== FLASH_FORMAT || image.version !== 1 || !Array.isArray(image.credentials)) return null;
  const ok = image.credentials.every(
    (c: unknown) =>
      typeof c === 'object' &&
      c !== null &&
      Number.isInteger((c as FlashCredential).secTag) &&
      Number.isInteger((c as FlashCredential).type) &&
      typeof (c as FlashCredential).content === 'string',
  );
  return ok ? flashImage(image.credentials) : null;
}

export class MemoryFlashStore implements FlashStore {
  readonly #images = new Map<string, string>();

  load(boardId: string): FlashImage | null {
    const text = this.#images.get(boardId);
    return text === undefined ? null : parseFlashImage(JSON.parse(text));
  }

  save(boardId: string, image: FlashImage): void {
    this.#images.set(boardId, JSON.stringify(image));
  }

  erase(boardId: string): void {
    this.#images.delete(boardId);
  }
}

/** Browser flash: one localStorage entry per board, `keywire.emulator.flash.<boardId>`. */
export class LocalStorageFlashStore implements FlashStore {
  constructor(
    private readonly storage: Storage,
    private readonly prefix = 'keywire.emulator.flash.',
  ) {}

  load(boardId: string): FlashImage | null {
    const text = this.storage.getItem(this.prefix + boardId);
    if (text === null) return null;
    try {
      return parseFlashImage(JSON.parse(text));
    } catch {
      return null;
    }
  }

  save(boardId: string, image: FlashImage): void {
    this.storage.setItem(this.prefix + boardId, JSON.stringify(image));
  }

  erase(boardId: string): void {
    this.storage.removeItem(this.prefix + boardId);
  }
}
