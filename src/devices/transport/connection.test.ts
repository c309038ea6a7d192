import { describe, expect, it } from 'vitest';
import type { DeviceError } from '../errors.ts';
import type { TapEvent } from './byte-stream.ts';
import { SerialConnection } from './connection.ts';
import { FakePort } from './testing/fake-port.ts';

const text = (chunks: Uint8Array[]) => chunks.map((c) => String.fromCharCode(...c)).join('');
const tick = () => new Promise((r) => setTimeout(r, 0));

async function openFake(options = {}) {
  const port = new FakePort();
  const result = await SerialConnection.open(port, options);
  if (!result.ok) throw new Error(result.error.message);
  return { port, conn: result.value };
}

describe('SerialConnection open', () => {
  it('opens at 115200 with hardware flow control by default, and with the chosen settings', async () => {
    const { port } = await openFake();
    expect(port.lastOptions).toEqual({ baudRate: 115200, flowControl: 'hardware' });
    const { port: other } = await openFake({ baudRate: 9600, flowControl: 'none' });
    expect(other.lastOptions).toEqual({ baudRate: 9600, flowControl: 'none' });
  });

  it.each([
    ['NetworkError', 'port-busy', /another program holds it/],
    ['InvalidStateError', 'already-open', /already open/],
    ['SecurityError', 'permission-denied', /https or .*localhost/],
    ['NotFoundError', 'disconnected', /no longer connected/],
    ['UnknownError', 'open-failed', /could not be opened/],
  ])('maps %s on open to %s', async (name, code, message) => {
    const port = new FakePort();
    port.openError = name;
    const result = await SerialConnection.open(port);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
  });

  it('maps a bad baud rate TypeError to open-failed and refuses a nonsense rate before calling open', async () => {
    const port = new FakePort();
    port.openError = new TypeError('Requested baud rate is not supported.');
    const typeError = await SerialConnection.open(port, { baudRate: 300 });
    expect(!typeError.ok && typeError.error.code).toBe('open-failed');
    const nonsense = await SerialConnection.open(new FakePort(), { baudRate: 0 });
    expect(!nonsense.ok && nonsense.error.message).toMatch(/positive whole number/);
  });

  it('reports already-open when the same port is opened twice', async () => {
    const { port } = await openFake();
    const again = await SerialConnection.open(port);
    expect(!again.ok && again.error.code).toBe('already-open');
  });
});

describe('SerialConnection data and tap', () => {
  it('delivers received chunks in order and taps every byte in and out exactly once with its time', async () => {
    let clock = 1000;
    const taps: TapEvent[] = [];
    const { port, conn } = await openFake({ now: () => clock++, onTap: (e: TapEvent) => taps.push(e) });
    const got: Uint8Array[] = [];
    conn.onData((b) => got.push(b));
    port.onWrite = (_chunk, p) => p.send('\r\nOK\r\n');
    const written = await conn.write(new TextEncoder().encode('AT\r'));
    expect(written.ok).toBe(true);
    await tick();
    expect(text(got)).toBe('\r\nOK\r\n');
    expect(taps.map((t) => [t.dir, String.fromCharCode(...t.bytes)])).toEqual([
      ['tx', 'AT\r'],
      ['rx', '\r\nOK\r\n'],
    ]);
    expect(taps[0]!.t).toBeLessThan(taps[1]!.t);
    await conn.close();
  });

  it('holds bytes that arrive before the first data subscriber and hands them over', async () => {
    const { port, conn } = await openFake();
    port.send('+CEREG: 5\r\n');
    await tick();
    const got: Uint8Array[] = [];
    conn.onData((b) => got.push(b));
    expect(text(got)).toBe('+CEREG: 5\r\n');
    await conn.close();
  });

  it('writes long data in chunks, reports progress to 1 and copies what it taps', async () => {
    const taps: TapEvent[] = [];
    const { port, conn } = await openFake({ writeChunkSize: 100, onTap: (e: TapEvent) => taps.push(e) });
    const data = new Uint8Array(1050).fill(0x41);
    const progress: number[] = [];
    await conn.write(data, { onProgress: (f) => progress.push(f) });
    data.fill(0x42);
    expect(port.writes.length).toBe(11);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(taps.every((t) => t.bytes.every((b) => b === 0x41))).toBe(true);
    await conn.close();
  });

  it('stops a write between chunks when aborted and says how far it got', async () => {
    const { port, conn } = await openFake({ writeChunkSize: 10 });
    const controller = new AbortController();
    port.onWrite = () => {
      if (port.writes.length === 3) controller.abort();
    };
    const result = await conn.write(new Uint8Array(100), { signal: controller.signal });
    expect(!result.ok && result.error.code).toBe('aborted');
    expect(!result.ok && result.error.message).toMatch(/after 30 of 100 bytes/);
    expect(port.writes.length).toBe(3);
    await conn.close();
  });

  it('serialises concurrent writes so their bytes never interleave', async () => {
    const { port, conn } = await openFake({ writeChunkSize: 2 });
    port.writeDelayMs = 1;
    const enc = new TextEncoder();
    await Promise.all([conn.write(enc.encode('AAAAAA')), conn.write(enc.encode('BBBBBB'))]);
    expect(port.writtenText).toBe('AAAAAABBBBBB');
    await conn.close();
  });
});

describe('SerialConnection close and disconnect', () => {
  it('close cancels the reader, releases the locks, closes the port once and never throws', async () => {
    const { port, conn } = await openFake();
    expect(port.readable?.locked).toBe(true);
    await conn.close();
    expect(port.closeCount).toBe(1);
    expect(port.isOpen).toBe(false);
    expect(conn.state).toBe('closed');
    await expect(conn.close()).resolves.toBeUndefined();
    expect(port.closeCount).toBe(1);
    const reopened = await SerialConnection.open(port);
    expect(reopened.ok).toBe(true);
  });

  it('close during a slow write aborts it, still closes the port, and the write reports not-open', async () => {
    const { port, conn } = await openFake({ writeChunkSize: 1 });
    port.writeDelayMs = 20;
    const writing = conn.write(new Uint8Array(50));
    await new Promise((r) => setTimeout(r, 30));
    await conn.close();
    const result = await writing;
    expect(!result.ok && result.error.code).toBe('not-open');
    expect(port.closeCount).toBe(1);
  });

  it('writes after close fail with not-open', async () => {
    const { conn } = await openFake();
    await conn.close();
    const result = await conn.write(new Uint8Array([0x41]));
    expect(!result.ok && result.error.code).toBe('not-open');
  });

  it('reports an unplug once although both the event and the read error see it', async () => {
    const { port, conn } = await openFake();
    const notices: DeviceError[] = [];
    conn.onDisconnect((e) => notices.push(e));
    port.unplug();
    await tick();
    await tick();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.code).toBe('disconnected');
    expect(conn.state).toBe('disconnected');
    const result = await conn.write(new Uint8Array([0x41]));
    expect(!result.ok && result.error.code).toBe('disconnected');
    await expect(conn.close()).resolves.toBeUndefined();
  });

  it('reports a read-loop failure without a disconnect event as a disconnect', async () => {
    const port = new FakePort();
    const opened = await SerialConnection.open(port);
    if (!opened.ok) throw new Error('open failed');
    const notices: DeviceError[] = [];
    opened.value.onDisconnect((e) => notices.push(e));
    port.unplug({ fireEvent: false });
    await tick();
    await tick();
    expect(notices.map((n) => n.code)).toEqual(['disconnected']);
  });

  it('keeps reading after a framing error and reports it as a line error', async () => {
    const { port, conn } = await openFake();
    const got: Uint8Array[] = [];
    const lineErrors: string[] = [];
    conn.onData((b) => got.push(b));
    conn.onLineError((name) => lineErrors.push(name));
    port.send('A');
    await tick();
    port.lineError('FramingError');
    await tick();
    port.send('B');
    await tick();
    expect(text(got)).toBe('AB');
    expect(lineErrors).toEqual(['FramingError']);
    expect(conn.isOpen).toBe(true);
    await conn.close();
  });

  it('a throwing listener does not stop the read loop or other listeners', async () => {
    const { port, conn } = await openFake();
    const got: string[] = [];
    const originalError = console.error;
    console.error = () => {};
    conn.onData(() => {
      throw new Error('listener bug');
    });
    conn.onData((b) => got.push(String.fromCharCode(...b)));
    port.send('X');
    await tick();
    port.send('Y');
    await tick();
    console.error = originalError;
    expect(got.join('')).toBe('XY');
    await conn.close();
  });
});
