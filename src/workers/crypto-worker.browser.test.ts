// The real worker in real Chromium, called through the main-thread client: module worker start, comlink, structured
// clone of bytes, progress proxies, cooperative abort (cancel.browser.test.ts has the rest), idle close, crash
// recovery, hostile input.
import { afterAll, describe, expect, it } from 'vitest';
import { CryptoClient } from './crypto-client.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import type { ChainRequest } from './crypto-api.ts';
import { listingText } from '../pki/inspect-listing.ts';

const client = new CryptoClient({ idleMs: 60_000 });
afterAll(() => client.close());

async function labChain(c: CryptoClient): Promise<ChainRequest & { caId: string }> {
  const ca = await c.createCa({
    name: `Worker test ${Math.random().toString(36).slice(2, 8)}`,
    curve: 'P-256',
    withIntermediate: true,
  });
  if (!ca.ok) throw new Error(ca.error.message);
  const issued = await c.issueCertificate(ca.value.id, v.keygen_csr_uuid_cn.response_payload.split('.')[0]!, {
    validityDays: 30,
    commonName: { mode: 'keep' },
  });
  if (!issued.ok) throw new Error(issued.error.message);
  const pems = issued.value.chainPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g)!;
  return { caId: ca.value.id, leaf: issued.value.leafDer, intermediates: [pems[0]!], anchors: [pems[1]!] };
}

describe('crypto worker through the client (Chromium)', () => {
  it('inspects the real nRF91 %KEYGEN answer in the worker', async () => {
    const r = await client.inspect(v.keygen_wire_lines[0]!);
    if (!r.ok) throw new Error(r.error.message);
    const [keygen, csr] = r.value.objects;
    expect(keygen?.kind === 'nrf91Keygen' && keygen.digest).toBe('match');
    expect(csr?.kind === 'csr' && csr.signatureValid).toBe(true);
    expect(csr?.kind === 'csr' && csr.der).toBeInstanceOf(Uint8Array);
    expect(client.running).toBe(true);
  });

  it('inspectListing crosses as one JSON byte array with where each object ends, without the bytes, with the chains', async () => {
    const text = `${v.keygen_wire_lines[0]!}\n${v.keygen_csr_uuid_cn.public_key_pem}`;
    const r = await client.inspectListing(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.kinds).toEqual(['publicKey', 'nrf91Keygen', 'csr']);
    expect(r.value.json).toBeInstanceOf(Uint8Array);
    expect(r.value.ends).toHaveLength(3);
    const csr = JSON.parse(listingText(r.value, 2)!) as Record<string, unknown>;
    expect(csr).toMatchObject({ kind: 'csr', signatureValid: true });
    expect(csr).not.toHaveProperty('der');
    expect(r.value.chains).toEqual([]);
    // A dropped file crosses as the File and is read in the worker: the same answer.
    const file = await client.inspectListing(new File([text], 'keygen.txt'));
    expect(file).toEqual(r);
  });

  it('validates a chain issued by the lab CA, and reports a broken one', async () => {
    const chain = await labChain(client);
    const r = await client.validateChain(chain.leaf, chain.intermediates!, chain.anchors!);
    expect(r.ok && r.value.valid).toBe(true);
    expect(r.ok && r.value.path.length).toBe(3);
    const missing = await client.validateChain(chain.leaf, [], chain.anchors!);
    expect(missing.ok && missing.value.problems.map((p) => p.code)).toEqual(['missing-intermediate']);
    await client.deleteCa(chain.caId);
  });

  it('batches report progress through a comlink proxy', async () => {
    const chain = await labChain(client);
    const seen: number[] = [];
    const r = await client.validateChains(
      Array.from({ length: 40 }, () => chain),
      { purpose: 'clientAuth' },
      { onProgress: (done) => seen.push(done) },
    );
    expect(r.ok && r.value.every((x) => x.ok && x.value.valid)).toBe(true);
    await new Promise((res) => setTimeout(res, 50));
    expect(seen).toContain(40);
    await client.deleteCa(chain.caId);
  });

  it('abort answers "aborted" at once and stops the batch in the worker; a sibling call completes on the same worker', async () => {
    const c = new CryptoClient({ idleMs: 60_000 });
    const chain = await labChain(c);
    const startsBefore = c.starts;
    const ctl = new AbortController();
    const long = c.validateChains(
      Array.from({ length: 5000 }, () => chain),
      {},
      { signal: ctl.signal },
    );
    // A read-only call in flight at the same time is re-run on the new worker, not lost.
    const sibling = c.inspect(v.keygen_csr_uuid_cn.public_key_pem);
    setTimeout(() => ctl.abort(), 30);
    const t0 = performance.now();
    const r = await long;
    expect(r.ok ? 'ok' : r.error.code).toBe('aborted');
    expect(performance.now() - t0).toBeLessThan(1000);
    const s = await sibling;
    expect(s.ok).toBe(true);
    expect(c.starts).toBe(startsBefore);
    expect(c.terminations).toBe(0);
    const after = await c.inspect(v.attesttoken.response_payload);
    expect(after.ok).toBe(true);
    await c.deleteCa(chain.caId);
    c.close();
  });

  it('an already-aborted signal never starts the work', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const r = await client.inspect('x', { signal: ctl.signal });
    expect(r.ok ? 'ok' : r.error.code).toBe('aborted');
  });

  it('starts lazily and closes itself after the idle time', async () => {
    const c = new CryptoClient({ idleMs: 150 });
    expect(c.running).toBe(false);
    expect((await c.sameKey(v.keygen_csr_uuid_cn.response_payload, v.keygen_csr_uuid_cn.public_key_pem)).ok).toBe(true);
    expect(c.running).toBe(true);
    await new Promise((res) => setTimeout(res, 400));
    expect(c.running).toBe(false);
    expect((await c.inspect(v.keygen_csr_uuid_cn.public_key_pem)).ok).toBe(true);
    expect(c.starts).toBe(2);
    c.close();
  });

  it('a worker that fails to start answers "worker-crashed"; the next call gets a working one', async () => {
    let n = 0;
    const c = new CryptoClient({
      createWorker: () =>
        n++ === 0
          ? new Worker(URL.createObjectURL(new Blob(['throw new Error("boom")'], { type: 'text/javascript' })), {
              type: 'module',
            })
          : new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module' }),
    });
    const first = await c.inspect(v.keygen_csr_uuid_cn.public_key_pem);
    expect(first.ok ? 'ok' : first.error.code).toBe('worker-crashed');
    const second = await c.inspect(v.keygen_csr_uuid_cn.public_key_pem);
    expect(second.ok).toBe(true);
    c.close();
  });

  it('10 MB of noise comes back quickly as an error value, and the worker stays usable', async () => {
    const noise = crypto.getRandomValues(new Uint8Array(65536));
    const big = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < big.length; i += noise.length)
      big.set(noise.subarray(0, Math.min(noise.length, big.length - i)), i);
    const t0 = performance.now();
    const r = await client.inspect(big);
    expect(r.ok ? 'ok' : r.error.code).toBe('unrecognised-input');
    expect(performance.now() - t0).toBeLessThan(2000);
    const tooBig = await client.inspect(new Uint8Array(17 * 1024 * 1024));
    expect(tooBig.ok ? 'ok' : tooBig.error.code).toBe('too-large');
    expect((await client.inspect(v.attesttoken.response_payload)).ok).toBe(true);
  });
});
