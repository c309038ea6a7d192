// Layer: emulator lab, per-board settings that survive a page reload: the key generation time and the network time
// offset, kept as JSON under one localStorage key (`keywire.emulator.settings`, `{ "<board id>": {...} }`). What
// cannot be read back (bad JSON, a value out of range) is dropped, so a damaged entry never breaks a board.
import { networkTimeOffsetProblem } from './nrf91-rtc.ts';

export const SETTINGS_KEY = 'keywire.emulator.settings';

export interface BoardSettings {
  readonly keygenMs?: number;
  readonly networkTimeOffsetMs?: number;
}

function readBoard(value: unknown): BoardSettings {
  if (typeof value !== 'object' || value === null) return {};
  const { keygenMs, networkTimeOffsetMs } = value as Record<string, unknown>;
  return {
    ...(typeof keygenMs === 'number' && Number.isFinite(keygenMs) && keygenMs >= 0 ? { keygenMs } : {}),
    ...(typeof networkTimeOffsetMs === 'number' && networkTimeOffsetProblem(networkTimeOffsetMs) === null
      ? { networkTimeOffsetMs }
      : {}),
  };
}

export function loadBoardSettings(storage: Storage | null | undefined): Record<string, BoardSettings> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).map(([id, value]) => [id, readBoard(value)]));
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
