// Property test for hostile input: 10,000 seeded mutations (bit flips, truncations, length-byte changes, splices)
// of real inputs (nRF91 modem vectors, openssl-generated chains, a PKCS#7 bundle) through `inspect`, and every
// mutated certificate also through `validateChain`. Nothing may throw and every answer must come back in < 50 ms.
// A call over the bound is re-run once: a slow input is slow again, a scheduler hiccup on a shared CPU is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectInput } from './inspect.ts';
import { validateChain } from './chain-validate.ts';
import { readDer, type DerNode } from './der-read.ts';
import { CA_EXT, OpensslLab } from './openssl-fixtures.ts';
import { fromBase64 } from '../lib/bytes.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { splitDottedPayload } from './nrf91-cose.ts';

const MUTATIONS = 10_000;
const BOUND_MS = 50;
const SEED = 0x5eed_c0de;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const der = (pem: string) => fromBase64(pem.replace(/-----[^-]+-----/g, ''))!;

function headers(bytes: Uint8Array): number[] {
  const r = readDer(bytes);
  const out: number[] = [];
  const walk = (n: DerNode) => {
    out.push(n.start + 1);
    n.children.forEach(walk);
  };
  if (r.ok) r.nodes.forEach(walk);
  return out;
}

type Mutator = (b: Uint8Array, rnd: () => number, donor: Uint8Array) => Uint8Array;
const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);

const MUTATORS: Record<string, Mutator> = {
  bitFlip: (b, rnd) => {
    const m = b.slice();
    for (let k = 1 + int(rnd, 4); k > 0; k--) m[int(rnd, m.length)]! ^= 1 << int(rnd, 8);
    return m;
  },
  truncate: (b, rnd) => b.slice(0, int(rnd, b.length)),
  lengthByte: (b, rnd) => {
    const h = headers(b);
    const m = b.slice();
    const at = h.length ? h[int(rnd, h.length)]! : int(rnd, m.length);
    const choices = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xff, (m[at] ?? 0) + 1, (m[at] ?? 1) - 1];
    m[at] = choices[int(rnd, choices.length)]! & 0xff;
    return m;
  },
  splice: (b, rnd, donor) => {
    const from = int(rnd, donor.length);
    const chunk = donor.subarray(from, from + 1 + int(rnd, 64));
    const at = int(rnd, b.length);
    const cut = int(rnd, 32);
    return new Uint8Array([...b.subarray(0, at), ...chunk, ...b.subarray(Math.min(b.length, at + cut))]);
  },
};

let lab: OpensslLab;
const certs: Uint8Array[] = [];
let interPem = '';
let rootPem = '';
let pkcs7: Uint8Array;

beforeAll(() => {
  lab = new OpensslLab();
  const root = lab.root('FuzzRoot');
  const inter = lab.issue('FuzzInter', root, { ext: CA_EXT(0) });
  const leaf = lab.issue('FuzzLeaf', inter);
  const rsa = lab.issue('FuzzRsa', inter, { key: 'rsa2048' });
  certs.push(der(leaf.pem), der(inter.pem), der(root.pem), der(rsa.pem));
  interPem = inter.pem;
  rootPem = root.pem;
  pkcs7 = der(lab.run(['crl2pkcs7', '-nocrl', '-certfile', leaf.certPath, '-certfile', inter.certPath]));
});
afterAll(() => lab?.cleanup());

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

describe(`fuzz: ${MUTATIONS} seeded mutations of real inputs (seed ${SEED.toString(16)})`, () => {
  it('inspect and validateChain never throw and answer within the bound', { timeout: 120_000 }, async () => {
    const rnd = mulberry32(SEED);
    const keygen = [v.keygen_csr_uuid_cn, v.keygen_csr_normalized].map(
      (x) => splitDottedPayload(x.response_payload)!.first,
    );
    const bases: { bytes: Uint8Array; cert: boolean }[] = [
      ...certs.map((bytes) => ({ bytes, cert: true })),
      ...keygen.map((bytes) => ({ bytes, cert: false })),
      { bytes: pkcs7, cert: false },
    ];
    const textBases = [v.keygen_csr_uuid_cn.response_payload, v.attesttoken.response_payload, v.keygen_wire_lines[0]!];
    const names = Object.keys(MUTATORS);
    const counts: Record<string, number> = {};
    let slowest = 0;
    let inspected = 0;
    let validated = 0;
    // Warm the JIT so the bound measures the code, not its first compilation.
    for (const b of bases) await inspectInput(b.bytes);
    await validateChain({ leaf: certs[0]!, intermediates: [interPem], anchors: [rootPem] });

    for (let i = 0; i < MUTATIONS; i++) {
      const name = names[int(rnd, names.length)]!;
      counts[name] = (counts[name] ?? 0) + 1;
      const donor = bases[int(rnd, bases.length)]!.bytes;
      let input: string | Uint8Array;
      let isCert = false;
      if (i % 10 === 9) {
        // Text forms: mutate characters of the %KEYGEN / %ATTESTTOKEN payloads.
        const t = textBases[int(rnd, textBases.length)]!;
        const bytes = MUTATORS[name]!(new TextEncoder().encode(t), rnd, donor);
        input = new TextDecoder().decode(bytes);
      } else {
        const base = bases[int(rnd, bases.length)]!;
        input = MUTATORS[name]!(base.bytes, rnd, donor);
        isCert = base.cert;
      }
      const run = () => inspectInput(input);
      let r = await timed(run);
      if (r.ms > BOUND_MS) r = await timed(run);
      expect(r.ms, `inspect of mutation #${i} (${name}) took ${r.ms.toFixed(1)} ms`).toBeLessThan(BOUND_MS);
      expect(typeof r.value.ok).toBe('boolean');
      if (!r.value.ok) expect(r.value.error.code).not.toBe('internal');
      slowest = Math.max(slowest, r.ms);
      inspected++;
      if (isCert) {
        const chain = () => validateChain({ leaf: input, intermediates: [interPem], anchors: [rootPem] });
        let c = await timed(chain);
        if (c.ms > BOUND_MS) c = await timed(chain);
        expect(c.ms, `validateChain of mutation #${i} (${name}) took ${c.ms.toFixed(1)} ms`).toBeLessThan(BOUND_MS);
        if (!c.value.ok) expect(c.value.error.code).not.toBe('internal');
        slowest = Math.max(slowest, c.ms);
        validated++;
      }
    }
    expect(inspected).toBe(MUTATIONS);
    expect(validated).toBeGreaterThan(MUTATIONS / 3);
    for (const n of names) expect(counts[n]).toBeGreaterThan(MUTATIONS / 8);
    console.log(
      `fuzz: ${inspected} inspect + ${validated} validateChain calls, slowest ${slowest.toFixed(1)} ms`,
      counts,
    );
  });
});
