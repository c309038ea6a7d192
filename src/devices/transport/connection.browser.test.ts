// The transport and the nRF91 stack in real Chromium: its web streams, its navigator.serial, and the emulated
// board paced at the baud rate, as the app runs them.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/bytes.ts';
import { connectDevice } from '../adapters/connect.ts';
import { createEmulatorLab, factsOf, MemoryFlashStore } from '../emulator/index.ts';
import { AMAZON_ROOT_CA_1_PEM } from '../../pki/public-roots.ts';
import { SerialConnection } from './connection.ts';
import { SessionLog } from './session-log.ts';
import { detectSerialSupport } from './support.ts';
import { FakePort } from './testing/fake-port.ts';
import { webSerialSource, type SerialLike } from './web-serial-source.ts';
import { SECRET_LINES } from '../adapters/index.ts';

describe('transport in Chromium', () => {
  it('detects Web Serial in a secure context and lists no granted ports', async () => {
    expect(detectSerialSupport()).toEqual({ api: 'web-serial', secureContext: true, connectEvents: true });
    const source = webSerialSource(navigator.serial as unknown as SerialLike);
    const granted = await source.granted();
    expect(granted).toEqual({ ok: true, value: [] });
  });

  it('maps the picker refused without a click to permission-denied that says to click', async () => {
    const source = webSerialSource(navigator.serial as unknown as SerialLike);
    const r = await source.request();
    expect(!r.ok && r.error.code).toBe('permission-denied');
    expect(!r.ok && r.error.message).toMatch(/click/);
  });

  it('close with a read pending and a slow write releases Chromium stream locks and closes the port', async () => {
    const port = new FakePort();
    const opened = await SerialConnection.open(port, { writeChunkSize: 1 });
    if (!opened.ok) throw new Error(opened.error.message);
    port.writeDelayMs = 10;
    const writing = opened.value.write(new Uint8Array(40));
    await new Promise((r) => setTimeout(r, 25));
    await opened.value.close();
    expect((await writing).ok).toBe(false);
    expect(port.closeCount).toBe(1);
    expect((await SerialConnection.open(port)).ok).toBe(true);
  });

  it('runs the nRF91 stack over the emulated board paced at 115200 baud, tapping every byte once', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: true, keygenMs: 50 });
    const log = new SessionLog({ secretLines: SECRET_LINES });
    const r = await connectDevice(lab.port('nrf9160-b'), { onTap: (e) => log.add(e) });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    const { device } = r.value;
    const id = await device.identify();
    expect(id.ok && id.value.imei).toBe(lab.control('nrf9160-b').factsOf('nrf91').imei);
    const progress: number[] = [];
    const written = await device.credentials!.write(777, 'caCert', AMAZON_ROOT_CA_1_PEM, {
      onProgress: (f) => progress.push(f),
    });
    expect(written.ok && written.value.sha256).toBe(await sha256Hex(AMAZON_ROOT_CA_1_PEM));
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(1);
    const sent = log.events().filter((e) => e.dir === 'tx');
    const text = new TextDecoder().decode(new Uint8Array(sent.flatMap((e) => [...e.bytes])));
    expect(text.split('AT%CMNG=0,777,0,').length).toBe(2);
    expect(log.search('AT+CGMI', { dir: 'tx' }).length).toBe(2);
    await device.close();
    expect(r.value.connection.state).toBe('closed');
  });
});
