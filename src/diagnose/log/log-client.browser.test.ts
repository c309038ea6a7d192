import { describe, expect, it } from 'vitest';
import { parseLogInWorker } from './log-client.ts';

const LOG = [
  '[00:00:04.542,449] <inf> mbedtls: ssl_tls.c:8038: ! Certificate verification flags 00000008',
  '[00:00:04.542,541] <err> net_sock_tls: TLS handshake error: -0x2700',
].join('\n');

describe('log worker (real Web Worker in Chromium)', () => {
  it('parses a dropped file off the main thread and reports progress', async () => {
    const progress: number[] = [];
    const r = await parseLogInWorker(new File([LOG], 'board.log'), {
      onProgress: (done, total) => progress.push(done / total),
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.diagnosis.decisive?.line).toBe(1);
    expect(r.value.diagnosis.title).toMatch(/not trusted/);
    await expect.poll(() => progress.at(-1)).toBe(1);
  });

  it('terminates the worker on abort and answers aborted', async () => {
    const controller = new AbortController();
    let terminated = false;
    const createWorker = () => {
      const w = new Worker(new URL('./log.worker.ts', import.meta.url), { type: 'module' });
      const terminate = w.terminate.bind(w);
      w.terminate = () => {
        terminated = true;
        terminate();
      };
      return w;
    };
    const big = `${LOG}\n`.repeat(200_000);
    const pending = parseLogInWorker(big, { signal: controller.signal }, createWorker);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(terminated).toBe(true);
  });

  it('answers an error value when the worker cannot start', async () => {
    const r = await parseLogInWorker('x', {}, () => {
      throw new Error('blocked by policy');
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
