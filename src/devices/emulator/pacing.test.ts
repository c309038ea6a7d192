import { describe, expect, it } from 'vitest';
import { latin1ToBytes } from './nrf91/at-line.ts';
import { ManualClock } from './clock.ts';
import { MemoryFlashStore } from './flash-store.ts';
import { createEmulatorLab } from './lab.ts';
import { BytePacer, byteTimeMs, chunkBytesFor } from './pacing.ts';

function pacedRun(baud: number, bytes: number) {
  const clock = new ManualClock();
  const deliveries: { size: number; at: number }[] = [];
  const pacer = new BytePacer({
    clock,
    baud,
    deliver: (chunk) => deliveries.push({ size: chunk.length, at: clock.now() }),
  });
  let doneAt = -1;
  void pacer.send(new Uint8Array(bytes)).then(() => (doneAt = clock.now()));
  return { clock, deliveries, done: () => doneAt };
}

describe('byte pacing at the baud rate (8N1: 10 bits per byte)', () => {
  const cases = [
    { baud: 115200, bytes: 4096 },
    { baud: 9600, bytes: 300 },
    { baud: 1000000, bytes: 1000 },
  ];
  for (const { baud, bytes } of cases) {
    it(`${bytes} bytes at ${baud} baud take ${((bytes * 10) / baud).toFixed(4)} s, in bridge-sized chunks`, async () => {
      const run = pacedRun(baud, bytes);
      await run.clock.advance(((bytes * 10) / baud) * 1000 + 50);
      expect(run.done()).toBeCloseTo(bytes * byteTimeMs(baud), 6);
      expect(run.deliveries.reduce((n, d) => n + d.size, 0)).toBe(bytes);
      expect(Math.max(...run.deliveries.map((d) => d.size))).toBe(chunkBytesFor(baud));
      expect(run.deliveries.length).toBeGreaterThan(1);
      for (const d of run.deliveries) expect(d.size).toBeLessThanOrEqual(64);
    });
  }

  it('nothing arrives before its time: a chunk lands when its last byte has crossed the line', async () => {
    const run = pacedRun(115200, 64);
    const first = chunkBytesFor(115200);
    const total = () => run.deliveries.reduce((n, d) => n + d.size, 0);
    await run.clock.advance(first * byteTimeMs(115200) - 0.01);
    expect(total()).toBe(0);
    await run.clock.advance(0.02);
    expect(total()).toBe(first);
    await run.clock.advance(64 * byteTimeMs(115200));
    expect(total()).toBe(64);
  });

  it('a port paced at 115200 takes (request + answer) x 10 / baud for a command round trip', async () => {
    const clock = new ManualClock();
    const scheduled: { direction: string; bytes: number; at: number }[] = [];
    const lab = createEmulatorLab({
      flash: new MemoryFlashStore(),
      clock,
      onScheduled: (_, direction, bytes, at) => scheduled.push({ direction, bytes, at }),
    });
    const port = lab.port('nrf9160-a');
    const opening = port.open({ baudRate: 115200 });
    await clock.advance(0);
    await opening;
    const reader = port.readable!.getReader();
    const writer = port.writable!.getWriter();
    const request = 'AT+CGSN\r';
    const answer = '352656100402174\r\nOK\r\n';
    let written = -1;
    void writer.write(latin1ToBytes(request)).then(() => (written = clock.now()));
    await clock.advance(10);
    const bit = byteTimeMs(115200);
    expect(written).toBeCloseTo(request.length * bit, 6);
    const last = scheduled.filter((s) => s.direction === 'to-host').at(-1)!;
    expect(last.at).toBeCloseTo((request.length + answer.length) * bit, 6);
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(answer);
  });
});

/** A clock whose timers all fire `lateMs` after they are due, as a busy page's timers do. */
class LateClock extends ManualClock {
  constructor(private readonly lateMs: number) {
    super();
  }
  override setTimeout(fn: () => void, ms: number) {
    return super.setTimeout(fn, ms + this.lateMs);
  }
}

describe('late host timers do not slow the line down', () => {
  it('4096 bytes at 115200 baud with every timer 1 ms late still take the line time (+ one lateness), not + 1 ms per chunk', async () => {
    const clock = new LateClock(1);
    let doneAt = -1;
    let delivered = 0;
    const pacer = new BytePacer({ clock, baud: 115200, deliver: (c) => (delivered += c.length) });
    void pacer.send(new Uint8Array(4096)).then(() => (doneAt = clock.now()));
    const lineMs = 4096 * byteTimeMs(115200);
    await clock.advance(lineMs + 200);
    expect(delivered).toBe(4096);
    const chunks = Math.ceil(4096 / chunkBytesFor(115200));
    expect(chunks).toBeGreaterThan(50);
    // Lateness carried from chunk to chunk would end near lineMs + chunks x 1 ms.
    expect(doneAt).toBeGreaterThanOrEqual(lineMs);
    expect(doneAt).toBeLessThanOrEqual(lineMs + 2);
  });

  it('bytes still never arrive before their time on the line when timers are late', async () => {
    const clock = new LateClock(3);
    const deliveries: { total: number; at: number }[] = [];
    let total = 0;
    const pacer = new BytePacer({
      clock,
      baud: 115200,
      deliver: (c) => deliveries.push({ total: (total += c.length), at: clock.now() }),
    });
    void pacer.send(new Uint8Array(1000));
    await clock.advance(1000 * byteTimeMs(115200) + 50);
    for (const d of deliveries) expect(d.at + 1e-9).toBeGreaterThanOrEqual(d.total * byteTimeMs(115200));
  });

  it('a send queued while the line was idle starts when it was queued, not earlier', async () => {
    const clock = new ManualClock();
    let doneAt = -1;
    const pacer = new BytePacer({ clock, baud: 115200, deliver: () => {} });
    void pacer.send(new Uint8Array(10));
    await clock.advance(100);
    void pacer.send(new Uint8Array(10)).then(() => (doneAt = clock.now()));
    await clock.advance(100);
    expect(doneAt).toBeCloseTo(100 + 10 * byteTimeMs(115200), 6);
  });
});
