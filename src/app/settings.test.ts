import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './settings.ts';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('settings persistence', () => {
  it('round-trips what was saved', () => {
    const s = memoryStorage();
    saveSettings({ operator: 'Ana', site: 'Bench 3', baudRate: 921600, flowControl: 'none' }, s);
    expect(loadSettings(s)).toEqual({ operator: 'Ana', site: 'Bench 3', baudRate: 921600, flowControl: 'none' });
  });
  it('falls back to defaults for corrupt or out-of-range values', () => {
    const s = memoryStorage();
    s.setItem('keywire.settings.v1', '{"baudRate":123,"flowControl":"magic","operator":5}');
    expect(loadSettings(s)).toEqual(DEFAULT_SETTINGS);
    s.setItem('keywire.settings.v1', '{not json');
    expect(loadSettings(s)).toEqual(DEFAULT_SETTINGS);
  });
});
