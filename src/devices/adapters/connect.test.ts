import { describe, expect, it } from 'vitest';
import { ok } from '../../lib/result.ts';
import type { Device, FunctionalModeControl } from '../device.ts';
import { deviceError } from '../errors.ts';
import { answer, scriptModem } from '../protocols/testing/scripted-modem.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { connectDevice } from './connect.ts';
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
    expect(Date.now() - started).toBeLessThan(1000);
    expect(port.isOpen).toBe(false);
  });

  it('says unsupported for an AT modem that is not an nRF91, and puts its CMEE back', async () => {
    const port = new FakePort();
    const other: Record<string, string[]> = { ...NRF91, 'AT+CGMI': ['Quectel'], 'AT+CGMM': ['BG96'] };
    const modem = scriptModem(port, (c) => answer(other[c] ?? [], other[c] ? 'OK' : 'ERROR'));
    const r = await connectDevice(port);
    expect(!r.ok && r.error.code).toBe('unsupported');
    expect(modem.commands.at(-1)).toBe('AT+CMEE=0');
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

  it('says when the mode could not be put back', async () => {
    const { device } = fakeModes(1, true);
    const r = await whileOffline(device, async () => ok(1));
    expect(r.ok && r.value.restored).toBe(false);
    expect(r.ok && r.value.restoreError?.code).toBe('timeout');
  });
});
