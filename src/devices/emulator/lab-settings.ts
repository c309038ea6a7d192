// Layer: emulator lab, per-board settings that survive a page reload (each board kind declares its own, e.g. a key
// generation time), kept as JSON under one localStorage key (`keywire.emulator.settings`,
// `{ "<board id>": { "<setting>": <number> } }`). What cannot be read back (bad JSON, a value the kind refuses) is
// dropped, so a damaged entry never breaks a board.
import type { BoardSettingSpec } from './board-kind.ts';

export const SETTINGS_KEY = 'keywire.emulator.settings';

export type BoardSettings = Readonly<Record<string, number>>;

/** The saved values of one board that its kind declares and accepts. */
export function readBoardSettings(value: unknown, specs: readonly BoardSettingSpec[]): BoardSettings {
  if (typeof value !== 'object' || value === null) return {};
  const saved = value as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const v = saved[spec.name];
    if (typeof v === 'number' && Number.isFinite(v) && spec.problem(v) === null) out[spec.name] = v;
  }
  return out;
}

/** Every board's saved entry, unchecked (each board reads its own with `readBoardSettings`). */
export function loadBoardSettings(storage: Storage | null | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return { ...parsed };
  } catch {
    return {};
  }
}

export function saveBoardSettings(storage: Storage | null | undefined, settings: Record<string, BoardSettings>): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Settings are a convenience; a full or blocked storage must not break the board.
  }
}
