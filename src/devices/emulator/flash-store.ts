// Layer: emulator persistence. A board's flash is one JSON image saved under its board id. Stores are synchronous so
// that a write the board acknowledged with OK is on "flash" before the OK leaves the board, as on real hardware.
// Implementations: `MemoryFlashStore` (tests), `LocalStorageFlashStore` (browser lab), `JsonFileFlashStore`
// (tools/emulator-flash.ts, Node).
/**
 * A board's flash as JSON. The envelope is the core's; the rest belongs to the family that wrote it (its own `format`
 * string and fields), which checks it when it loads the image and falls back to the factory image when it cannot.
 */
export interface FlashImage {
  /** The family's format name, e.g. `keywire-<family>-flash`. */
  readonly format: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

export interface FlashStore {
  /** The saved image, or null when the board has never been written (or its image is unreadable). */
  load(boardId: string): FlashImage | null;
  /** Throws when the medium refuses (quota, I/O); the board answers an error and keeps its previous flash. */
  save(boardId: string, image: FlashImage): void;
  erase(boardId: string): void;
}

/** Validates untrusted JSON (a file, localStorage) into an image envelope; null when it is not one. */
export function parseFlashImage(json: unknown): FlashImage | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const image = json as Partial<FlashImage>;
  return typeof image.format === 'string' && Number.isInteger(image.version) ? (image as FlashImage) : null;
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
