// The log timeline in the real crypto worker in Chromium, through CryptoClient.parseLog: a dropped file is parsed off
// the main thread with progress, cancel stops the parse inside the worker (no termination, never re-run), another
// call's cancel does not touch it, a 10 MB Blob crosses unread.
import { afterAll, describe, expect, it } from 'vitest';
import { CryptoClient } from './crypto-client.ts';

const LOG = [
  '[00:00:04.542,449] <inf> mbedtls: ssl_tls.c:8038: ! Certificate verification flags 00000008',
  '[00:00:04.542,541] <err> net_sock_tls: TLS handshake error: -0x2700',
].join('\n');

const realWorker = () => new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module' });

/** A client whose workers count their terminations. */
function countingClient() {
  const counts = { started: 0, terminated: 0 };
  const client = new CryptoClient({
    idleMs: 60_000,
    createWorker: () => {
      const w = realWorker();
      counts.started++;
      const terminate = w.terminate.bind(w);
      w.terminate = () => {
        counts.terminated++;
        terminate();
      };
      return w;
    },
  });
  return { client, counts };
}

const client = new CryptoClient({ idleMs: 60_000 });
afterAll(() => client.close());

describe('parseLog in the crypto worker (Chromium)', () => {
  it('parses a dropped file off the main thread and reports progress to the end', async () => {
    const progress: number[] = [];
    const r = await client.parseLog(new File([LOG], 'board.log'), {
      onProgress: (done, total) => progress.push(done / total),
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.diagnosis.decisive?.line).toBe(1);
    expect(r.value.diagnosis.title).toMatch(/not trusted/);
    await expect.poll(() => progress.at(-1)).toBe(1);
  });

  it('answers the parser’s error values: empty, binary', async () => {
    expect(await client.parseLog('')).toMatchObject({ ok: false, error: { code: 'empty-input' } });
    const elf = new File([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0])], 'firmware.bin');
    expect(await client.parseLog(elf)).toMatchObject({ ok: false, error: { code: 'unrecognised-input' } });
  });

  it('cancel stops the parse in the worker, answers aborted at once; the worker is not terminated and keeps serving', async () => {
    const { client: c, counts } = countingClient();
    const controller = new AbortController();
    const big = `${LOG}\n`.repeat(200_000); // ~36 MB of text: still parsing when the abort comes
    const pending = c.parseLog(big, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t0 = performance.now();
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(performance.now() - t0).toBeLessThan(500);
    // the parse stopped cooperatively: the worker was not terminated, nothing was re-run, the next call uses it
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counts.terminated).toBe(0);
    expect(c.terminations).toBe(0);
    expect(c.running).toBe(true);
    const after = await c.parseLog(LOG);
    expect(after.ok).toBe(true);
    expect(counts.started).toBe(1);
    c.close();
  });

  it('a parse in flight when another call is cancelled goes on undisturbed on the same worker', async () => {
    const { client: c, counts } = countingClient();
    const controller = new AbortController();
    const cancelled = c.parseLog(`${LOG}\n`.repeat(200_000), { signal: controller.signal });
    const sibling = c.parseLog(new File([LOG], 'other.log'));
    controller.abort(); // before any answer can arrive: the sibling is certainly in flight on the killed worker
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'aborted' } });
    const s = await sibling;
    expect(s.ok && s.value.diagnosis.decisive?.line).toBe(1);
    expect(counts.started).toBe(1);
    expect(counts.terminated).toBe(0);
    c.close();
  });

  it('a 10 MB Blob goes to the worker unread by the page and is parsed there, with progress', async () => {
    const piece = `${LOG}\n[00:00:05.000,000] <inf> app: sensor reading 1234 ok\n`;
    const size = 10 * 1024 * 1024;
    const blob = new Blob([piece.repeat(Math.ceil(size / piece.length))]).slice(0, size);
    // Every way the page could read a Blob: none may run while the worker parses it.
    const reads: string[] = [];
    const spied = [
      [Blob.prototype, ['arrayBuffer', 'text', 'stream', 'slice', 'bytes']],
      [FileReader.prototype, ['readAsArrayBuffer', 'readAsText', 'readAsDataURL', 'readAsBinaryString']],
    ] as const;
    const originals: [object, string, unknown][] = [];
    for (const [proto, names] of spied) {
      for (const name of names) {
        const target = proto as unknown as Record<string, unknown>;
        const original = target[name];
        if (typeof original !== 'function') continue;
        originals.push([proto, name, original]);
        target[name] = function (this: unknown, ...args: unknown[]) {
          reads.push(name);
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        };
      }
    }
    const totals: number[] = [];
    let r;
    try {
      r = await client.parseLog(blob, { onProgress: (done, total) => totals.push(done, total) });
    } finally {
      for (const [proto, name, original] of originals) (proto as Record<string, unknown>)[name] = original;
    }
    expect(reads).toEqual([]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.diagnosis.decisive).not.toBeNull();
    expect(r.value.attempts.length).toBeGreaterThan(0);
    await expect.poll(() => totals.slice(-2)).toEqual([size, size]);
  });

  it('answers worker-crashed, never throws, when the page cannot start a worker; the next call works', async () => {
    let n = 0;
    const c = new CryptoClient({
      createWorker: () => {
        if (n++ === 0) throw new DOMException('blocked by policy', 'SecurityError');
        return realWorker();
      },
    });
    const first = await c.parseLog(LOG);
    expect(first).toMatchObject({ ok: false, error: { code: 'worker-crashed' } });
    expect(!first.ok && first.error.message).toMatch(/could not start \(blocked by policy\)/);
    expect((await c.parseLog(LOG)).ok).toBe(true);
    c.close();
  });
});
