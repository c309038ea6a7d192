// The hostile-board mode of every emulated family, through the real connect and identify over the lab's ports:
// identity variants arrive escaped (or cut), endless output and floods end in an error naming the limit, and a
// well-behaved board is untouched when the mode is off. Also: the setting's range and its persistence.
import { describe, expect, it } from 'vitest';
import { connectDevice } from '../adapters/connect.ts';
import type { DeviceIdentity } from '../device.ts';
import { createEmulatorLab, MemoryFlashStore } from './index.ts';
import { HOSTILE_VARIANTS, hostileIndex, type HostileVariant } from './hostile.ts';

const BOARDS = { nrf91: 'nrf9160-a', zephyr: 'nrf7002dk-a', stsafe: 'stsafe-a' } as const;
type Family = keyof typeof BOARDS;

async function identifyHostile(family: Family, variant: HostileVariant) {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const id = BOARDS[family];
  lab.control(id).setSetting('hostile', hostileIndex(variant));
  const session = await connectDevice(lab.port(id), { probeTimeoutMs: 700 });
  if (!session.ok) return { connect: session.error, identity: null, error: null };
  const who = await session.value.device.identify();
  void session.value.device.close();
  lab.control(id).unplug();
  return who.ok
    ? { connect: null, identity: who.value, error: null }
    : { connect: null, identity: null, error: who.error };
}

const fields = (identity: DeviceIdentity | null) =>
  identity ? [identity.manufacturer, identity.model, identity.firmware, identity.hardware ?? ''].join(' | ') : '';
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]|[\ud800-\udfff]/;

describe('hostile-board mode: identity variants arrive escaped', () => {
  const want: Record<'html' | 'nul' | 'invalid-utf8' | 'bidi', Record<Family, string>> = {
    html: { nrf91: '<script>', zephyr: '<script>', stsafe: '<script>' },
    // The shell's screen model drops control bytes, as a terminal shows them: only the text around them is left.
    nul: { nrf91: '\\x00\\x00NUL\\x00', zephyr: 'NUL', stsafe: '\\x00\\x00NUL\\x00' },
    'invalid-utf8': { nrf91: '\\uFFFD', zephyr: '\\uFFFD', stsafe: '\\uFFFD' },
    bidi: { nrf91: '\\u202Eexe.gpj\\u202C\\u2066', zephyr: '\\u202Eexe.gpj', stsafe: '\\u202Eexe.gpj' },
  };
  for (const [variant, byFamily] of Object.entries(want))
    for (const [family, text] of Object.entries(byFamily))
      it(`${family}, ${variant}`, async () => {
        const r = await identifyHostile(family as Family, variant as HostileVariant);
        expect(r.connect).toBeNull();
        expect(r.error).toBeNull();
        expect(fields(r.identity)).toContain(text);
        expect(fields(r.identity)).not.toMatch(HIDDEN);
      });
});

describe('hostile-board mode: long lines, endless output and floods', () => {
  it('nrf91, 100 kB line: the firmware field is cut, escaped text', async () => {
    const r = await identifyHostile('nrf91', 'long-lines');
    expect(r.identity?.firmware).toMatch(/^mfw_nrf9160_1\.3\.5L+…$/);
    expect(r.identity!.firmware.length).toBeLessThanOrEqual(120);
  });

  it('zephyr, 100 kB line: identify fails naming the 64 kB limit', async () => {
    const r = await identifyHostile('zephyr', 'long-lines');
    expect(r.error?.code).toBe('protocol');
    expect(r.error?.message).toContain('more than 64 kB in answer to hwinfo devid');
  });

  it('stsafe, 100 kB line: the board is not taken for a known board', async () => {
    const r = await identifyHostile('stsafe', 'long-lines');
    expect(r.connect?.code).toBe('unsupported');
  });

  it.each([
    ['nrf91', 'more than 2,000 lines in answer to AT+CGMR'],
    ['zephyr', 'more than 400 lines in answer to hwinfo devid'],
    ['stsafe', 'more than 200 lines of other output while KeyWire waited for its answer to ID'],
  ] as const)('%s, endless output: identify fails naming the limit', async (family, text) => {
    const r = await identifyHostile(family, 'endless');
    expect(r.error?.code).toBe('protocol');
    expect(r.error?.message).toContain(text);
  });

  it('nrf91 and zephyr, a flood of unsolicited lines: identify still succeeds', async () => {
    for (const family of ['nrf91', 'zephyr'] as const) {
      const r = await identifyHostile(family, 'flood');
      expect(r.error).toBeNull();
      expect(r.identity?.deviceId).toBeTruthy();
    }
  });

  it('stsafe, a flood of events while a request waits: identify fails naming the limit', async () => {
    const r = await identifyHostile('stsafe', 'flood');
    expect(r.error?.message).toContain('more than 200 lines of other output');
  });

  it('off: every family identifies as a well-behaved board', async () => {
    for (const family of ['nrf91', 'zephyr', 'stsafe'] as const) {
      const r = await identifyHostile(family, 'off');
      expect(r.identity).not.toBeNull();
      expect(fields(r.identity)).not.toMatch(/\\[xu]/);
    }
  });
});

describe('the hostile setting', () => {
  it('is a setting of every family, refused out of range, kept in settings storage', () => {
    const values = new Map<string, string>();
    const storage = {
      getItem: (k: string) => values.get(k) ?? null,
      setItem: (k: string, v: string) => void values.set(k, v),
    } as unknown as Storage;
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, settings: storage });
    for (const id of Object.values(BOARDS)) {
      const control = lab.control(id);
      expect(control.settingNames).toContain('hostile');
      expect(() => control.setSetting('hostile', HOSTILE_VARIANTS.length)).toThrow(RangeError);
      control.setSetting('hostile', hostileIndex('bidi'));
    }
    const again = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, settings: storage });
    for (const id of Object.values(BOARDS)) expect(again.control(id).setting('hostile')).toBe(hostileIndex('bidi'));
  });
});
