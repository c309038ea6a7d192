import { describe, expect, it } from 'vitest';
import type { EmulatorLab } from '../emulator/types.ts';
import { emulatedSource } from './emulated-source.ts';
import type { PortChange } from './port-source.ts';
import { matchPort, waitForReconnect } from './reconnect.ts';
import type { SerialPortLike } from './serial-port.ts';
import { detectSerialSupport } from './support.ts';
import { FakePort } from './testing/fake-port.ts';
import { describePortInfo } from './usb-ids.ts';
import { webSerialSource, type SerialLike } from './web-serial-source.ts';
import { webUsbSource, type UsbLike } from './webusb-source.ts';

class FakeSerial extends EventTarget implements SerialLike {
  granted: FakePort[] = [];
  lastOptions: SerialPortRequestOptions | undefined;
  choose: FakePort | string = 'NotFoundError';
  async requestPort(options?: SerialPortRequestOptions): Promise<SerialPortLike> {
    this.lastOptions = options;
    if (typeof this.choose === 'string') throw new DOMException('No port selected by the user.', this.choose);
    return this.choose;
  }
  async getPorts() {
    return this.granted;
  }
  /** As Chrome does: the event is dispatched at the port and bubbles to navigator.serial. */
  fire(type: 'connect' | 'disconnect', port: FakePort) {
    const event = new Event(type);
    Object.defineProperty(event, 'target', { value: port });
    this.dispatchEvent(event);
  }
}

describe('detectSerialSupport', () => {
  it.each([
    [
      { isSecureContext: true, navigator: { serial: {}, usb: {} } },
      { api: 'web-serial', secureContext: true, connectEvents: true },
    ],
    [
      { isSecureContext: true, navigator: { usb: {} } },
      { api: 'webusb-polyfill', secureContext: true, connectEvents: false },
    ],
    [
      { isSecureContext: false, navigator: {} },
      { api: 'none', secureContext: false, connectEvents: false },
    ],
    [{}, { api: 'none', secureContext: false, connectEvents: false }],
  ])('%j', (env, want) => {
    expect(detectSerialSupport(env)).toEqual(want);
  });
});

describe('webSerialSource', () => {
  it('asks the picker for Nordic, SEGGER and ST boards, or for any port', async () => {
    const serial = new FakeSerial();
    serial.choose = new FakePort({ usbVendorId: 0x1915, usbProductId: 0x910a });
    const source = webSerialSource(serial);
    const known = await source.request();
    expect(serial.lastOptions).toEqual({
      filters: [{ usbVendorId: 0x1915 }, { usbVendorId: 0x1366 }, { usbVendorId: 0x0483 }],
    });
    expect(known.ok && known.value.label).toBe('Nordic Semiconductor (1915:910a)');
    await source.request({ filter: 'any' });
    expect(serial.lastOptions).toEqual({});
  });

  it('turns a closed picker into no-port-chosen, and a refused one into permission-denied', async () => {
    const serial = new FakeSerial();
    const source = webSerialSource(serial);
    const cancelled = await source.request();
    expect(!cancelled.ok && cancelled.error.code).toBe('no-port-chosen');
    serial.choose = 'SecurityError';
    const refused = await source.request();
    expect(!refused.ok && refused.error.code).toBe('permission-denied');
  });

  it('lists granted ports and forwards connect/disconnect with the port until unsubscribed', async () => {
    const serial = new FakeSerial();
    const port = new FakePort();
    serial.granted = [port];
    const source = webSerialSource(serial);
    const granted = await source.granted();
    expect(granted.ok && granted.value.map((e) => e.port)).toEqual([port]);
    const changes: PortChange[] = [];
    const off = source.onChange((c) => changes.push(c));
    serial.fire('disconnect', port);
    serial.fire('connect', port);
    off();
    serial.fire('disconnect', port);
    expect(changes).toEqual([
      { type: 'disconnect', port },
      { type: 'connect', port },
    ]);
    expect(source.capabilities).toEqual({ picker: true, connectEvents: true });
  });

  it('says unsupported where there is no navigator.serial', async () => {
    const source = webSerialSource(undefined);
    const r = await source.request();
    expect(!r.ok && r.error.code).toBe('unsupported');
  });
});

describe('webUsbSource', () => {
  const device = (serialNumber: string) =>
    ({ vendorId: 0x1915, productId: 0x0009, serialNumber }) as unknown as USBDevice;

  it('requests CDC devices of known vendors, keeps one port per device, declares no events', async () => {
    const d1 = device('000960012345');
    let filters: USBDeviceFilter[] = [];
    const usb: UsbLike = {
      requestDevice: async (o) => ((filters = o.filters), d1),
      getDevices: async () => [d1],
    };
    const source = webUsbSource(usb, (d) => new FakePort({ usbVendorId: d.vendorId, usbProductId: d.productId }));
    const picked = await source.request();
    expect(filters).toEqual([
      { vendorId: 0x1915, classCode: 2 },
      { vendorId: 0x1366, classCode: 2 },
      { vendorId: 0x0483, classCode: 2 },
    ]);
    const granted = await source.granted();
    expect(picked.ok && granted.ok && granted.value[0]!.port === picked.value.port).toBe(true);
    expect(picked.ok && picked.value.identity.serialNumber).toBe('000960012345');
    expect(source.capabilities.connectEvents).toBe(false);
  });

  it('maps a cancelled WebUSB chooser to no-port-chosen', async () => {
    const usb: UsbLike = {
      requestDevice: async () => {
        throw new DOMException('No device selected.', 'NotFoundError');
      },
      getDevices: async () => [],
    };
    const r = await webUsbSource(usb, () => new FakePort()).request();
    expect(!r.ok && r.error.code).toBe('no-port-chosen');
  });
});

function fakeLab() {
  const ports = new Map([
    ['nrf9160-a', new FakePort({ usbVendorId: 0x1366, usbProductId: 0x1015 })],
    ['nrf9160-b', new FakePort({ usbVendorId: 0x1366, usbProductId: 0x1015 })],
  ]);
  const plugged = new Map([...ports.keys()].map((id) => [id, true]));
  const listeners = { connect: new Set<(p: SerialPort) => void>(), disconnect: new Set<(p: SerialPort) => void>() };
  const lab = {
    boards: () =>
      [...ports.keys()].map((id) => ({
        id,
        kind: 'nrf91',
        label: `Emulated nRF9160 DK (${id.slice(-1).toUpperCase()})`,
        usbVendorId: 0x1366,
        usbProductId: 0x1015,
      })),
    port: (id: string) => ports.get(id) as unknown as SerialPort,
    control: (id: string) => ({ plugged: plugged.get(id) }),
    addEventListener: (t: 'connect' | 'disconnect', l: (p: SerialPort) => void) => listeners[t].add(l),
    removeEventListener: (t: 'connect' | 'disconnect', l: (p: SerialPort) => void) => listeners[t].delete(l),
  } as unknown as EmulatorLab;
  const set = (id: string, on: boolean) => {
    plugged.set(id, on);
    for (const l of listeners[on ? 'connect' : 'disconnect']) l(ports.get(id) as unknown as SerialPort);
  };
  return { lab, ports, set };
}

describe('emulatedSource', () => {
  it('"requests" a board without a dialog, lists plugged boards, and forwards lab events', async () => {
    const { lab, ports, set } = fakeLab();
    const source = emulatedSource(lab);
    expect(source.capabilities).toEqual({ picker: false, connectEvents: true });
    const b = await source.request({ boardId: 'nrf9160-b' });
    expect(b.ok && b.value.port).toBe(ports.get('nrf9160-b'));
    expect(b.ok && b.value.label).toBe('Emulated nRF9160 DK (B)');
    expect(b.ok && b.value.identity.serialNumber).toBe('nrf9160-b');
    const changes: string[] = [];
    source.onChange((c) => changes.push(`${c.type}:${c.port === ports.get('nrf9160-a')}`));
    set('nrf9160-a', false);
    const granted = await source.granted();
    expect(granted.ok && granted.value.map((e) => e.identity.serialNumber)).toEqual(['nrf9160-b']);
    const unplugged = await source.request({ boardId: 'nrf9160-a' });
    expect(!unplugged.ok && unplugged.error.code).toBe('no-port-chosen');
    set('nrf9160-a', true);
    expect(changes).toEqual(['disconnect:true', 'connect:true']);
    const missing = await source.request({ boardId: 'nope' });
    expect(!missing.ok && missing.error.message).toMatch(/No emulated board "nope"/);
  });
});

describe('reconnect', () => {
  const entry = (port: FakePort, serialNumber?: string) => ({
    port,
    label: describePortInfo(port.info),
    source: 'web-serial' as const,
    identity: { port, ...port.info, ...(serialNumber ? { serialNumber } : {}) },
  });

  it('matches by object, then by USB ids and serial number, and never guesses between twins', () => {
    const old = new FakePort({ usbVendorId: 0x1366, usbProductId: 0x1015 });
    const twinA = new FakePort({ usbVendorId: 0x1366, usbProductId: 0x1015 });
    const twinB = new FakePort({ usbVendorId: 0x1366, usbProductId: 0x1015 });
    const identity = { port: old, usbVendorId: 0x1366, usbProductId: 0x1015 };
    expect(matchPort(identity, [entry(twinA), entry(old)])?.port).toBe(old);
    expect(matchPort(identity, [entry(twinA)])?.port).toBe(twinA);
    expect(matchPort(identity, [entry(twinA), entry(twinB)])).toBe(null);
    const withSerial = { ...identity, serialNumber: 'S2' };
    expect(matchPort(withSerial, [entry(twinA, 'S1'), entry(twinB, 'S2')])?.port).toBe(twinB);
    expect(matchPort(withSerial, [entry(twinA, 'S1')])).toBe(null);
  });

  it('waits for the lab to plug the same board back in', async () => {
    const { lab, ports, set } = fakeLab();
    const source = emulatedSource(lab);
    const port = ports.get('nrf9160-a')!;
    set('nrf9160-a', false);
    const waiting = waitForReconnect(source, { port, serialNumber: 'nrf9160-a' }, { timeoutMs: 2000 });
    setTimeout(() => set('nrf9160-a', true), 20);
    const r = await waiting;
    expect(r.ok && r.value.port).toBe(port);
  });

  it('gives up with timeout, or aborted when cancelled', async () => {
    const { lab, ports, set } = fakeLab();
    const source = emulatedSource(lab);
    set('nrf9160-a', false);
    const identity = { port: ports.get('nrf9160-a')! };
    const late = await waitForReconnect(source, identity, { timeoutMs: 30 });
    expect(!late.ok && late.error.code).toBe('timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const stopped = await waitForReconnect(source, identity, { signal: controller.signal });
    expect(!stopped.ok && stopped.error.code).toBe('aborted');
  });

  it('polls where the source has no events', async () => {
    const d = { vendorId: 0x1915, productId: 9, serialNumber: 'X1' } as unknown as USBDevice;
    let present = false;
    const usb: UsbLike = { requestDevice: async () => d, getDevices: async () => (present ? [d] : []) };
    const source = webUsbSource(usb, () => new FakePort({ usbVendorId: 0x1915, usbProductId: 9 }));
    const identity = { port: new FakePort(), usbVendorId: 0x1915, usbProductId: 9, serialNumber: 'X1' };
    setTimeout(() => (present = true), 30);
    const r = await waitForReconnect(source, identity, { pollMs: 10, timeoutMs: 2000 });
    expect(r.ok && r.value.identity.serialNumber).toBe('X1');
  });
});
