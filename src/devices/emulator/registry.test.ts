// The lab is built from the registry, never from a family name: its bench is every registered family's factory
// boards, a board's family comes from its factory entry, and its settings are whatever its kind declares.
import { describe, expect, it } from 'vitest';
import type { EmulatedFactoryBoard } from './board-kind.ts';
import { MemoryFlashStore } from './flash-store.ts';
import { createEmulatorLab } from './lab.ts';
import { SETTINGS_KEY } from './lab-settings.ts';
import { ALL_FACTORY_BOARDS, BOARD_KINDS, boardKindNamed, boardKindOf } from './registry.ts';

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear = () => this.#items.clear();
  getItem = (key: string) => this.#items.get(key) ?? null;
  key = (i: number) => [...this.#items.keys()][i] ?? null;
  removeItem = (key: string) => void this.#items.delete(key);
  setItem = (key: string, value: string) => void this.#items.set(key, String(value));
}

describe('the board kind registry', () => {
  it('lists every family once, each with boards whose ids are unique across families and name their kind', () => {
    const kinds = BOARD_KINDS.map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toContain('nrf91');
    const ids = ALL_FACTORY_BOARDS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const kind of BOARD_KINDS) {
      expect(kind.factoryBoards.length).toBeGreaterThan(0);
      for (const board of kind.factoryBoards) expect(boardKindOf(board)).toBe(kind);
    }
    expect(boardKindNamed('teapot')).toBeNull();
  });

  it('the default lab bench is exactly the registry’s factory boards, in order, each labelled and of its kind', () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false });
    expect(lab.boards().map((b) => [b.id, b.kind, b.label])).toEqual(
      ALL_FACTORY_BOARDS.map((b) => [b.id, b.kind, b.label]),
    );
  });

  it('refuses a factory entry of a family nobody registered, naming it', () => {
    const stray = { ...ALL_FACTORY_BOARDS[0]!, id: 'stray', kind: 'teapot' } as unknown as EmulatedFactoryBoard;
    expect(() => createEmulatorLab({ flash: new MemoryFlashStore(), factories: [stray] })).toThrow(
      /no emulated board family "teapot"/,
    );
  });
});

describe('settings come from the board’s kind', () => {
  const board = ALL_FACTORY_BOARDS[0]!;
  const kind = boardKindOf(board);

  it('a board has exactly its kind’s settings, starting at the kind’s defaults (or the lab’s)', () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false });
    const control = lab.control(board.id);
    expect(control.settingNames).toEqual(kind.settings.map((s) => s.name));
    for (const spec of kind.settings) expect(control.setting(spec.name)).toBe(spec.default);
    const name = kind.settings[0]!.name;
    const other = createEmulatorLab({ flash: new MemoryFlashStore(), settingDefaults: { [name]: 7 } });
    expect(other.control(board.id).setting(name)).toBe(7);
  });

  it('an unknown setting name and a refused value are RangeErrors that change nothing', () => {
    const settings = new MemoryStorage();
    const control = createEmulatorLab({ flash: new MemoryFlashStore(), settings }).control(board.id);
    expect(() => control.setting('warpFactor')).toThrow(RangeError);
    expect(() => control.setSetting('warpFactor', 1)).toThrow(/has no setting "warpFactor"/);
    const spec = kind.settings.find((s) => s.problem(-1) !== null)!;
    const before = control.setting(spec.name);
    expect(() => control.setSetting(spec.name, -1)).toThrow(RangeError);
    expect(control.setting(spec.name)).toBe(before);
    expect(settings.getItem(SETTINGS_KEY)).toBeNull();
  });

  it('saved values persist per board id under one key; unknown names in storage are ignored', () => {
    const settings = new MemoryStorage();
    const spec = kind.settings[0]!;
    settings.setItem(SETTINGS_KEY, JSON.stringify({ [board.id]: { [spec.name]: 3, warpFactor: 9 } }));
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), settings });
    expect(lab.control(board.id).setting(spec.name)).toBe(3);
    lab.control(board.id).setSetting(spec.name, 4);
    const saved = JSON.parse(settings.getItem(SETTINGS_KEY)!) as Record<string, Record<string, number>>;
    expect(saved[board.id]).toEqual(
      Object.fromEntries(kind.settings.map((s) => [s.name, s.name === spec.name ? 4 : s.default])),
    );
  });
});
