import { describe, expect, it } from 'vitest';
import { latin1ToBytes } from './nrf91/at-line.ts';
import { MemoryFlashStore } from './flash-store.ts';
import { createEmulatorLab, type EmulatorLabOptions } from './lab.ts';
import { PortSession } from './nrf91/testing.ts';

const newLab = (options: Partial<EmulatorLabOptions> = {}) =>
  createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0, ...options });

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; ctor: string }> {
  try {
    await promise;
  } catch (e) {
    const error = e as Error;
    return { name: error.name, message: error.message, ctor: error.constructor.name };
  }
  throw new Error('expected a rejection');
}

describe('EmulatedSerialPort: Web Serial misuse raises what Chrome raises', () => {
  it('streams are null until open; getInfo names Nordic', async () => {
    const port = newLab().port('nrf9160-a');
    expect(port.readable).toBeNull();
    expect(port.writable).toBeNull();
    expect(port.connected).toBe(true);
    expect(port.getInfo().usbVendorId).toBe(0x1915);
  });

  it('open() twice -> InvalidStateError; open() while opening -> InvalidStateError', async () => {
    const port = newLab().port('nrf9160-a');
    const first = port.open({ baudRate: 115200 });
    expect(await rejection(port.open({ baudRate: 115200 }))).toMatchObject({
      name: 'InvalidStateError',
      message: 'A call to open() is already in progress.',
    });
    await first;
    expect(await rejection(port.open({ baudRate: 115200 }))).toMatchObject({
      name: 'InvalidStateError',
      message: 'The port is already open.',
    });
  });

  it('bad options -> TypeError with Chrome messages', async () => {
    const port = newLab().port('nrf9160-a');
    const cases: [SerialOptions, string][] = [
      [{ baudRate: 0 }, 'Requested baud rate must be greater than zero.'],
      [{ baudRate: 9600, dataBits: 6 as 7 }, 'Requested number of data bits must be 7 or 8.'],
      [{ baudRate: 9600, stopBits: 3 as 1 }, 'Requested number of stop bits must be 1 or 2.'],
      [{ baudRate: 9600, bufferSize: 0 }, 'Requested buffer size (0 bytes) must be greater than zero.'],
    ];
    for (const [options, message] of cases) {
      const r = await rejection(port.open(options));
      expect(r.ctor).toBe('TypeError');
      expect(r.message).toContain(message);
    }
    expect((await rejection(port.open({} as SerialOptions))).ctor).toBe('TypeError');
  });

  it('open() while unplugged or held by another program -> NetworkError', async () => {
    const lab = newLab();
    const control = lab.control('nrf9160-a');
    control.unplug();
    expect(await rejection(lab.port('nrf9160-a').open({ baudRate: 115200 }))).toMatchObject({
      name: 'NetworkError',
      message: 'Failed to open serial port.',
    });
    control.replug();
    control.busy = true;
    expect((await rejection(lab.port('nrf9160-a').open({ baudRate: 115200 }))).name).toBe('NetworkError');
    control.busy = false;
    await lab.port('nrf9160-a').open({ baudRate: 115200 });
  });

  it('close() while a stream is locked -> TypeError; closing a closed port -> InvalidStateError', async () => {
    const port = newLab().port('nrf9160-a');
    expect(await rejection(port.close())).toMatchObject({
      name: 'InvalidStateError',
      message: 'The port is already closed.',
    });
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    const r = await rejection(port.close());
    expect(r.ctor).toBe('TypeError');
    expect(r.message).toContain('Cannot cancel a locked stream');
    reader.releaseLock();
    const writer = port.writable!.getWriter();
    expect((await rejection(port.close())).message).toContain('Cannot abort a locked stream');
    writer.releaseLock();
    await port.close();
    expect(port.readable).toBeNull();
    expect(port.writable).toBeNull();
    await port.open({ baudRate: 115200 });
  });

  it('setSignals/getSignals need an open port and at least one signal', async () => {
    const port = newLab().port('nrf9160-a');
    expect((await rejection(port.getSignals())).name).toBe('InvalidStateError');
    await port.open({ baudRate: 115200 });
    expect((await rejection(port.setSignals({}))).ctor).toBe('TypeError');
    await port.setSignals({ dataTerminalReady: true });
    expect(await port.getSignals()).toMatchObject({ clearToSend: true });
  });

  it('writing something that is not a BufferSource errors the writable with a TypeError', async () => {
    const port = newLab().port('nrf9160-a');
    await port.open({ baudRate: 115200 });
    const writer = port.writable!.getWriter() as unknown as WritableStreamDefaultWriter<unknown>;
    expect((await rejection(writer.write('AT\r'))).ctor).toBe('TypeError');
  });
});

describe('EmulatedSerialPort: unplug and replug', () => {
  it('streams error with NetworkError "The device has been lost.", the port closes and fires disconnect', async () => {
    const lab = newLab();
    const port = lab.port('nrf9160-a');
    const events: string[] = [];
    port.addEventListener('disconnect', () => events.push('port:disconnect'));
    port.ondisconnect = () => events.push('port:ondisconnect');
    lab.addEventListener('disconnect', (p) => events.push(p === port ? 'lab:disconnect(same port)' : 'lab:other'));
    lab.addEventListener('connect', (p) => events.push(p === port ? 'lab:connect(same port)' : 'lab:other'));
    const session = await new PortSession(port).open();
    const writer = port.writable!;
    expect(await session.at('AT')).toBe('OK\r\n');
    lab.control('nrf9160-a').unplug();
    await new Promise((r) => setTimeout(r, 5));
    expect(session.readError).toMatchObject({ name: 'NetworkError', message: 'The device has been lost.' });
    expect(writer.locked).toBe(true);
    expect(port.connected).toBe(false);
    expect(port.readable).toBeNull();
    expect(port.writable).toBeNull();
    expect(events).toEqual(['port:disconnect', 'port:ondisconnect', 'lab:disconnect(same port)']);
    expect((await rejection(port.close())).name).toBe('InvalidStateError');

    lab.control('nrf9160-a').replug();
    expect(events.at(-1)).toBe('lab:connect(same port)');
    expect(lab.port('nrf9160-a')).toBe(port);
    const again = await new PortSession(port).open();
    expect(await again.at('AT+CFUN?')).toBe('+CFUN: 0\r\nOK\r\n');
  });

  it('an opened port at the wrong baud rate reads garbage, like a real UART', async () => {
    const session = await new PortSession(newLab().port('nrf9160-a')).open(9600);
    await session.write('AT\r');
    await new Promise((r) => setTimeout(r, 10));
    expect(session.received).not.toContain('OK');
  });
});

describe('flash persists like flash', () => {
  it('a credential written through one lab is there for a new lab (new port object) on the same store', async () => {
    const flash = new MemoryFlashStore();
    const first = newLab({ flash });
    const s1 = await new PortSession(first.port('nrf9160-b')).open();
    expect(await s1.at('AT%CMNG=0,900,4,"persisted-identity"')).toBe('OK\r\n');
    await s1.close();

    const second = newLab({ flash });
    expect(second.port('nrf9160-b')).not.toBe(first.port('nrf9160-b'));
    const s2 = await new PortSession(second.port('nrf9160-b')).open();
    expect(await s2.at('AT%CMNG=2,900,4')).toMatch(/^%CMNG: 900,4,"[0-9A-F]{64}","persisted-identity"\r\nOK\r\n$/);
    const otherBoard = await new PortSession(second.port('nrf9160-c')).open();
    expect(await otherBoard.at('AT%CMNG=1,900')).toBe('OK\r\n');
  });

  it('factory reset erases what was written and restores the factory credentials', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('nrf9160-a')).open();
    await session.at('AT%CMNG=3,16842753,0');
    await session.at('AT%CMNG=0,901,4,"x"');
    await lab.control('nrf9160-a').factoryReset();
    await session.waitFor(/The AT host sample started\r\n$/);
    expect(await session.at('AT%CMNG=1,901')).toBe('OK\r\n');
    expect(await session.at('AT%CMNG=1,16842753,0')).toMatch(/^%CMNG: 16842753,0,"2C43952E/);
  });

  it('raw bytes split anywhere still make one command', async () => {
    const port = newLab().port('nrf9160-a');
    const session = await new PortSession(port).open();
    for (const piece of ['A', 'T+C', 'GS', 'N=1', '\r']) await session.write(piece);
    await session.waitFor(/OK\r\n$/);
    expect(session.received).toBe('+CGSN: "352656100402174"\r\nOK\r\n');
    expect(latin1ToBytes(session.received).length).toBe(session.received.length);
  });
});
