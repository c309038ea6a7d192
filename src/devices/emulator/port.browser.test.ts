// The emulated port and the localStorage flash in real Chromium: the streams, DOMExceptions and events are the
// browser's own here, not Node's.
import { describe, expect, it } from 'vitest';
import { LocalStorageFlashStore } from './flash-store.ts';
import { createEmulatorLab } from './lab.ts';
import { PortSession } from './nrf91/testing.ts';

const prefix = `kw-test-${Date.now()}.`;
const newLab = () =>
  createEmulatorLab({ flash: new LocalStorageFlashStore(localStorage, prefix), pacing: true, keygenMs: 0 });

describe('EmulatedSerialPort in Chromium', () => {
  it('misuse raises DOMException / TypeError as a real SerialPort does', async () => {
    const port = newLab().port('nrf9160-a');
    expect(port).toBeInstanceOf(EventTarget);
    await port.open({ baudRate: 115200 });
    const again = await port.open({ baudRate: 115200 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DOMException);
    expect((again as DOMException).name).toBe('InvalidStateError');
    const reader = port.readable!.getReader();
    const locked = await port.close().catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(TypeError);
    reader.releaseLock();
    await port.close();
  });

  it('paced at 115200 a command round trip works and an unplug ends the read with NetworkError', async () => {
    const lab = newLab();
    const port = lab.port('nrf9160-b');
    const session = await new PortSession(port).open();
    expect(await session.at('AT+CGMR')).toBe('mfw_nrf9160_1.3.5\r\nOK\r\n');
    const fired = new Promise<string>((resolve) => port.addEventListener('disconnect', (e) => resolve(e.type)));
    lab.control('nrf9160-b').unplug();
    expect(await fired).toBe('disconnect');
    await new Promise((r) => setTimeout(r, 10));
    expect(session.readError).toBeInstanceOf(DOMException);
    expect((session.readError as DOMException).name).toBe('NetworkError');
  });

  it('localStorage flash keeps a credential for a new lab, as across a page reload', async () => {
    const first = await new PortSession(newLab().port('nrf9160-c')).open();
    expect(await first.at('AT%CMNG=0,4242,4,"browser-flash"')).toBe('OK\r\n');
    await first.close();
    const second = await new PortSession(newLab().port('nrf9160-c')).open();
    expect(await second.at('AT%CMNG=2,4242,4')).toContain('"browser-flash"');
    await second.close();
    for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
  });
});
