// Node-side flash for the serial-line emulator: every board's flash image in one JSON file (`--state FILE`),
// `{"format":"keywire-emulator-state","boards":{"<board id>":<image>}}`. Each save re-reads the file and replaces
// only its own board, then writes a temp file and renames it over the old one, so a crash never leaves half a file
// and two emulator processes serving different boards can share one state file.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseFlashImage, type FlashImage, type FlashStore } from '../src/devices/emulator/flash-store.ts';

const STATE_FORMAT = 'keywire-emulator-state';

type StateFile = { format: typeof STATE_FORMAT; boards: Record<string, unknown> };

export class JsonFileFlashStore implements FlashStore {
  constructor(
    readonly path: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  load(boardId: string): FlashImage | null {
    const raw = this.#read().boards[boardId];
    if (raw === undefined) return null;
    const image = parseFlashImage(raw);
    if (!image) this.warn(`${this.path}: flash image of ${boardId} is not valid; using the factory image`);
    return image;
  }

  save(boardId: string, image: FlashImage): void {
    const state = this.#read();
    state.boards[boardId] = image;
    this.#write(state);
  }

  erase(boardId: string): void {
    const state = this.#read();
    delete state.boards[boardId];
    this.#write(state);
  }

  #read(): StateFile {
    if (!existsSync(this.path)) return { format: STATE_FORMAT, boards: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new Error(`${this.path} is not a KeyWire emulator state file (${(e as Error).message})`);
    }
    const state = parsed as Partial<StateFile>;
    if (state?.format !== STATE_FORMAT || typeof state.boards !== 'object' || state.boards === null) {
      throw new Error(`${this.path} is not a KeyWire emulator state file (format "${String(state?.format)}")`);
    }
    return { format: STATE_FORMAT, boards: { ...state.boards } };
  }

  #write(state: StateFile): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state, null, 2) + '\n');
    renameSync(temp, this.path);
  }
}
