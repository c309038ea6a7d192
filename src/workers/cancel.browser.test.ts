// Cancelling in real Chromium: long read-only jobs stop cooperatively inside the worker (no termination, the worker
// keeps serving), a cancel never costs a lab CA change its answer, the watchdog counts from the last progress, and
// termination stays the last resort for a call that keeps the worker busy after its cancel, never while a lab CA
// change runs. The misbehaving worker for the last resort is testing/stubborn.worker.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { CryptoClient } from './crypto-client.ts';
import type { ChainRequest } from './crypto-api.ts';

const LOG = [
  '[00:00:04.542,449] <inf> mbedtls: ssl_tls.c:8038: ! Certificate verification flags 00000008',
  '[00:00:04.542,541] <err> net_sock_tls: TLS handshake error: -0x2700',
].join('\n');
const CSR = v.keygen_csr_uuid_cn.response_payload.split('.')[0]!;
const stubborn = () => new Worker(new URL('./testing/stubborn.worker.ts', import.meta.url), { type: 'module' });

const client = new CryptoClient({ idleMs: 60_000 });
afterAll(() => client.close());

async function labChain(c: CryptoClient): Promise<ChainRequest & { caId: string; pems: string[] }> {
  const ca = await c.createCa({
    name: `Cancel test ${Math.random().toString(36).slice(2, 8)}`,
    curve: 'P-256',
    withIntermediate: true,
  });
  if (!ca.ok) throw new Error(ca.error.message);
  const issued = await c.issueCertificate(ca.value.id, CSR, { validityDays: 30, commonName: { mode: 'keep' } });
  if (!issued.ok) throw new Error(issued.error.message);
  const pems = issued.value.chainPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g)!;
  return {
    caId: ca.value.id,
    leaf: issued.value.leafDer,
    intermediates: [pems[0]!],
    anchors: [pems[1]!],
    pems: [issued.value.leafPem, ...pems],
  };
}

/** Jobs the worker is running now (its own count, from ping). */
async function runningJobs(c: CryptoClient): Promise<number> {
  const r = await c.call((api) => api.ping());
  if (!r.ok) throw new Error(r.error.message);
  return r.value.runningJobs;
}

describe('cooperative cancel of long read-only jobs', () => {
  const jobs: {
    name: string;
    start: (
      c: CryptoClient,
      chain: Awaited<ReturnType<typeof labChain>>,
      signal: AbortSignal,
    ) => Promise<{ ok: boolean; error?: { code: string } }>;
  }[] = [
    { name: 'parseLog of 36 MB of text', start: (c, _x, signal) => c.parseLog(`${LOG}\n`.repeat(200_000), { signal }) },
    {
      name: 'inspect of a 6000-certificate bundle',
      start: (c, x, signal) => c.inspect(x.pems.join('').repeat(2000), { signal }),
    },
    {
      name: 'validateChains of 5000 chains',
      start: (c, x, signal) =>
        c.validateChains(
          Array.from({ length: 5000 }, () => x),
          {},
          { signal },
        ),
    },
    {
      name: 'verifyCsrs of 5000 CSRs',
      start: (c, _x, signal) =>
        c.verifyCsrs(
          Array.from({ length: 5000 }, () => CSR),
          { signal },
        ),
    },
  ];
  for (const job of jobs)
    it(`${job.name}: answered 'aborted' at once, stopped in the worker, the worker not terminated`, async () => {
      const c = new CryptoClient({ idleMs: 60_000 });
      const chain = await labChain(c);
      const controller = new AbortController();
      const running = job.start(c, chain, controller.signal);
      await expect.poll(() => runningJobs(c), { interval: 20 }).toBe(1);
      const t0 = performance.now();
      controller.abort();
      const r = await running;
      expect(r.ok ? 'ok' : r.error!.code).toBe('aborted');
      // Far below what the job takes to finish (seconds): the answer did not wait for the work (not a timing goal).
      expect(performance.now() - t0).toBeLessThan(1500);
      await expect.poll(() => runningJobs(c), { interval: 20, timeout: 1000 }).toBe(0);
      expect(c.terminations).toBe(0);
      expect(c.starts).toBe(1);
      expect((await c.sameKey(CSR, v.keygen_csr_uuid_cn.public_key_pem)).ok).toBe(true);
      await c.deleteCa(chain.caId);
      c.close();
    });

  it('a job cancelled beside a lab CA being created: the CA is created and answered, nothing is cut off', async () => {
    const c = new CryptoClient({ idleMs: 60_000 });
    const chain = await labChain(c);
    const controller = new AbortController();
    const long = c.validateChains(
      Array.from({ length: 5000 }, () => chain),
      {},
      { signal: controller.signal },
    );
    const created = c.createCa({ name: 'Cancel test created beside', curve: 'P-384', withIntermediate: true });
    controller.abort();
    expect(await long).toMatchObject({ ok: false, error: { code: 'aborted' } });
    const ca = await created;
    if (!ca.ok) throw new Error(`${ca.error.code}: ${ca.error.message}`);
    const list = await c.listCas();
    expect(list.ok && list.value.some((x) => x.id === ca.value.id)).toBe(true);
    expect(c.terminations).toBe(0);
    await c.deleteCa(ca.value.id);
    await c.deleteCa(chain.caId);
    c.close();
  });

  it('a lab CA change cancelled by its own caller still answers what happened: the certificate was issued', async () => {
    const chain = await labChain(client);
    const controller = new AbortController();
    const issuing = client.issueCertificate(
      chain.caId,
      CSR,
      { validityDays: 5, commonName: { mode: 'keep' } },
      {
        signal: controller.signal,
      },
    );
    controller.abort();
    const r = await issuing;
    expect(r.ok).toBe(true);
    await client.deleteCa(chain.caId);
  });
});

describe('the watchdog counts from the last progress report', () => {
  it('a log that takes three time limits to parse, reporting progress, is not cut off', async () => {
    const limit = 1000;
    const c = new CryptoClient({ idleMs: 60_000, callTimeoutMs: limit });
    expect((await c.sameKey(CSR, v.keygen_csr_uuid_cn.public_key_pem)).ok).toBe(true); // the worker is up
    // Every message differs, so none is read from the parser's memo of repeated lines: each takes the full path.
    const piece = (n: number) =>
      `${LOG.replace(/\n/, ` (${n})\n`)} (attempt ${n})\n[00:00:05.000,000] <inf> app: sensor reading ${n} ok\n`;
    const logOf = (bytes: number) =>
      new Blob([Array.from({ length: Math.ceil(bytes / piece(1e5).length) }, (_, n) => piece(n)).join('')]);
    // Sized by this machine's speed (a 2 MB log parsed first): about three time limits of parsing.
    const sample = 2 * 1024 * 1024;
    const s0 = performance.now();
    expect((await c.parseLog(logOf(sample))).ok).toBe(true);
    const bytesPerMs = sample / Math.max(1, performance.now() - s0);
    const t0 = performance.now();
    const r = await c.parseLog(logOf(Math.max(sample, bytesPerMs * limit * 3)));
    expect(r.ok ? 'ok' : r.error.code).toBe('ok');
    expect(performance.now() - t0).toBeGreaterThan(limit);
    expect(c.terminations).toBe(0);
    c.close();
  }, 60_000);

  it('a call with no answer and no progress times out, and the stuck worker is terminated after the grace period', async () => {
    const c = new CryptoClient({ idleMs: 60_000, callTimeoutMs: 200, cancelGraceMs: 150, createWorker: stubborn });
    const r = await c.parseLog('anything');
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await expect.poll(() => c.terminations, { interval: 20, timeout: 2000 }).toBe(1);
    c.close();
  });
});

describe('termination, the last resort', () => {
  it('a cancelled call that keeps the worker busy is terminated after the grace period; the next call works', async () => {
    const c = new CryptoClient({ idleMs: 60_000, cancelGraceMs: 150, createWorker: stubborn });
    const controller = new AbortController();
    const parse = c.parseLog('anything', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const t0 = performance.now();
    controller.abort();
    expect(await parse).toMatchObject({ ok: false, error: { code: 'aborted' } });
    // Answered before the grace period ran out and the worker was terminated (checked next), not after it.
    expect(c.terminations).toBe(0);
    await expect.poll(() => c.terminations, { interval: 20, timeout: 2000 }).toBe(1);
    expect((await c.sameKey('a', 'b')).ok).toBe(true);
    expect(c.starts).toBe(2);
    c.close();
  });

  it('never while a lab CA change runs: it waits for the change to finish and answer, then terminates', async () => {
    const c = new CryptoClient({ idleMs: 60_000, cancelGraceMs: 50, createWorker: stubborn });
    const controller = new AbortController();
    const parse = c.parseLog('anything', { signal: controller.signal });
    const created = c.createCa({ name: 'Kept', curve: 'P-256', withIntermediate: false });
    controller.abort();
    expect(await parse).toMatchObject({ ok: false, error: { code: 'aborted' } });
    await new Promise((resolve) => setTimeout(resolve, 300)); // well past the grace period
    expect(c.terminations).toBe(0);
    // The change (600 ms in this worker) is answered with its real outcome, not cut off.
    expect(await created).toMatchObject({ ok: true, value: { name: 'Kept' } });
    await expect.poll(() => c.terminations, { interval: 20, timeout: 2000 }).toBe(1);
    c.close();
  });
});
