import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../lib/result.ts';
import type { Device, FunctionalModeControl } from '../device.ts';
import { deviceError } from '../errors.ts';
import { answer, scriptModem } from '../protocols/testing/scripted-modem.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { connectDevice } from './connect.ts';
import { RESTORE_TIMEOUT_MS } from './nrf91/device.ts';
import { whileOffline } from './offline.ts';

const NRF91: Record<string, string[]> = {
  AT: [],
  'AT+CMEE?': ['+CMEE: 0'],
  'AT+CMEE=1': [],
  'AT+CMEE=0': [],
  'AT+CGMI': ['Nordic Semiconductor ASA'],
  'AT+CGMM': ['nRF9151-LACA'],
};

describe('connectDevice', () => {
  it('opens, syncs, turns on CMEE, recognises an nRF91 and restores CMEE on close', async () => {
    const port = new FakePort();
    const modem = scriptModem(port, (c) => (NRF91[c] ? answer(NRF91[c]) : answer([], 'ERROR')));
    const r = await connectDevice(port, { baudRate: 115200 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.device.family).toBe('nrf91');
    expect(r.value.at).toBeDefined();
    expect(modem.commands).toEqual(['AT', 'AT+CMEE?', 'AT+CMEE=1', 'AT+CGMI', 'AT+CGMM']);
    await r.value.device.close();
    expect(modem.commands.at(-1)).toBe('AT+CMEE=0');
    expect(port.isOpen).toBe(false);
  });

  it('closes within its deadline while a slow command is in flight, failing it as reached-the-board', async () => {
    const port = new FakePort();
    const modem = scriptModem(port, (c) => (NRF91[c] ? answer(NRF91[c]) : undefined)); // %KEYGEN: no answer
    const r = await connectDevice(port);
    if (!r.ok) throw new Error(r.error.message);
    const keygen = r.value.device.keys!.generate({ secTag: 42, output: 'csr' }, { timeoutMs: 90_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await r.value.device.close();
    expect(Date.now() - started).toBeLessThan(RESTORE_TIMEOUT_MS + 500);
    expect(port.isOpen).toBe(false);
    const gen = await keygen;
    expect(!gen.ok && gen.error).toMatchObject({ code: 'not-open', onWire: true });
    expect(modem.commands).not.toContain('AT+CMEE=0'); // it was queued behind %KEYGEN and never sent
  });

  it('gives port-busy with the port untouched when another program holds it', async () => {
    const port = new FakePort();
    port.openError = 'NetworkError';
    const r = await connectDevice(port);
    expect(!r.ok && r.error.code).toBe('port-busy');
  });

  it('times out a silent board quickly and closes the port', async () => {
    const port = new FakePort();
    scriptModem(port, () => undefined);
    const started = Date.now();
    const r = await connectDevice(port, { probeTimeoutMs: 50 });
    expect(!r.ok && r.error.code).toBe('timeout');
    expect(!r.ok && r.error.message).toMatch(/did not answer/);
    // Far below one default probe time limit (3 s), so the 50 ms given was the one used (not a timing goal).
    expect(Date.now() - started).toBeLessThan(2500);
    expect(port.isOpen).toBe(false);
  });

  it('says unsupported for an AT modem that is not an nRF91, and puts its CMEE back', async () => {
    const port = new FakePort();
    const other: Record<string, string[]> = { ...NRF91, 'AT+CGMI': ['Quectel'], 'AT+CGMM': ['BG96'] };
    const modem = scriptModem(port, (c) => answer(other[c] ?? [], other[c] ? 'OK' : 'ERROR'));
    const r = await connectDevice(port);
    expect(!r.ok && r.error.code).toBe('unsupported');
    // The nRF91 driver puts CMEE back as soon as it lets go; later families probe in their own protocols (KWSE HELLO).
    const restored = modem.commands.indexOf('AT+CMEE=0');
    expect(restored).toBe(modem.commands.indexOf('AT+CGMM') + 1);
    expect(modem.commands.slice(restored + 1).filter((c) => c.startsWith('AT'))).toEqual([]);
    expect(modem.commands.slice(restored + 1)).toContain('1 HELLO 1');
    expect(port.isOpen).toBe(false);
  });

  it('reports disconnected when the board vanishes while probing', async () => {
    const port = new FakePort();
    scriptModem(port, () => {
      setTimeout(() => port.unplug(), 1);
      return undefined;
    });
    const r = await connectDevice(port);
    expect(!r.ok && r.error.code).toBe('disconnected');
  });

  it('stops with aborted when the caller cancels', async () => {
    const port = new FakePort();
    scriptModem(port, () => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const r = await connectDevice(port, { signal: controller.signal });
    expect(!r.ok && r.error.code).toBe('aborted');
    expect(port.isOpen).toBe(false);
  });
});

function fakeModes(start: number, failRestore = false) {
  const calls: number[] = [];
  let mode = start;
  const fm: FunctionalModeControl = {
    offlineMode: 4,
    get: async () => ok(mode),
    set: async (m) => {
      calls.push(m);
      if (failRestore && m !== 4) return { ok: false, error: deviceError('timeout', 'no answer') };
      mode = m;
      return ok(undefined);
    },
  };
  const device = { family: 'nrf91', limits: { pemLineEnding: 'lf' }, functionalMode: fm } as unknown as Device;
  return { device, calls, mode: () => mode };
}

describe('whileOffline', () => {
  it('switches an online modem offline for the work and back afterwards', async () => {
    const { device, calls, mode } = fakeModes(1);
    let modeDuringWork = -1;
    const r = await whileOffline(device, async () => {
      modeDuringWork = mode();
      return ok('done');
    });
    expect(r.ok && r.value).toEqual({ value: 'done', modeBefore: 1, restored: true });
    expect(modeDuringWork).toBe(4);
    expect(calls).toEqual([4, 1]);
  });

  it('restores the mode when the work fails, and returns the work error', async () => {
    const { device, calls } = fakeModes(21);
    const r = await whileOffline(device, async () => ({ ok: false, error: deviceError('device-rejected', 'no') }));
    expect(!r.ok && r.error.code).toBe('device-rejected');
    expect(calls).toEqual([4, 21]);
  });

  it('leaves an offline modem alone', async () => {
    const { device, calls } = fakeModes(4);
    const r = await whileOffline(device, async () => ok(1));
    expect(r.ok).toBe(true);
    expect(calls).toEqual([]);
  });

  it('puts back the mode an interrupted run saved when the board is still offline from it', async () => {
    const { device, calls, mode } = fakeModes(4);
    const r = await whileOffline(device, async () => ok(1), { restoreTo: 1 });
    expect(r.ok && r.value).toEqual({ value: 1, modeBefore: 1, restored: true });
    expect(calls).toEqual([1]);
    expect(mode()).toBe(1);
  });

  it('ignores a saved mode when the board is not offline now (it was put back meanwhile)', async () => {
    const { device, calls } = fakeModes(21);
    const r = await whileOffline(device, async () => ok(1), { restoreTo: 1 });
    expect(r.ok && r.value.modeBefore).toBe(21);
    expect(calls).toEqual([4, 21]);
  });

  it('hands the mode to remember before switching, and switches nothing when remember refuses', async () => {
    const { device, calls } = fakeModes(1);
    const remembered: number[] = [];
    const r = await whileOffline(device, async () => ok(1), {
      remember: async (m) => (remembered.push(m), null),
    });
    expect(r.ok).toBe(true);
    expect(remembered).toEqual([1]);
    const work = vi.fn(async () => ok(1));
    const refused = await whileOffline(device, work, {
      remember: async () => deviceError('invalid-input', 'could not save'),
    });
    expect(!refused.ok && refused.error.message).toBe('could not save');
    expect(work).not.toHaveBeenCalled();
    expect(calls).toEqual([4, 1]);
  });

  it('says when the mode could not be put back', async () => {
    const { device } = fakeModes(1, true);
    const r = await whileOffline(device, async () => ok(1));
    expect(r.ok && r.value.restored).toBe(false);
    expect(r.ok && r.value.restoreError?.code).toBe('timeout');
  });
});
