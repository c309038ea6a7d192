// The worker API called directly in Node (the same object the worker exposes): key checks, CSR around a
// device-held key, batches with progress, and argument checking at the boundary. The real worker is tested in
// Chromium (crypto-worker.browser.test.ts).
import { describe, expect, it } from 'vitest';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createCryptoApi } from './crypto-api.ts';
import { MemoryLabCaStore } from './lab-ca-store.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { fromBase64, toHex, utf8 } from '../lib/bytes.ts';
import { rawToDerSignature } from '../pki/ecdsa-signature.ts';
import { splitDottedPayload } from '../pki/nrf91-cose.ts';

const api = createCryptoApi(new MemoryLabCaStore());
const csrDer = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
const spkiDer = fromBase64(v.keygen_csr_uuid_cn.public_key_pem.replace(/-----[^-]+-----/g, ''))!;

describe('sameKey: normalised SPKI comparison', () => {
  const point = spkiDer.subarray(26);
  const compressed = p256.Point.fromBytes(point).toBytes(true);
  const table = [
    { name: 'CSR vs its listed public key (PEM)', a: csrDer, b: v.keygen_csr_uuid_cn.public_key_pem, same: true },
    { name: '%KEYGEN answer vs raw SEC1 point', a: v.keygen_csr_uuid_cn.response_payload, b: toHex(point), same: true },
    { name: 'uncompressed vs compressed point', a: toHex(point), b: toHex(compressed), same: true },
    { name: 'two different modems', a: csrDer, b: v.keygen_csr_normalized.public_key_pem, same: false },
  ];
  for (const t of table) {
    it(t.name, async () => {
      const r = await api.sameKey(t.a, t.b);
      expect(r.ok && r.value.same).toBe(t.same);
    });
  }
  it('refuses material without a key', async () => {
    const r = await api.sameKey('nonsense', csrDer);
    expect(r.ok ? 'ok' : r.error.code).toBe('malformed');
  });
});

describe('verifyChallenge: a board that can only sign proves it holds the key', () => {
  const cases = [
    { name: 'P-256', curve: p256, hash: 'SHA-256' },
    { name: 'P-384', curve: p384, hash: 'SHA-384' },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: raw r||s and DER both verify; a wrong challenge does not`, async () => {
      const secret = c.curve.utils.randomSecretKey();
      const point = c.curve.getPublicKey(secret, false);
      const challenge = crypto.getRandomValues(new Uint8Array(32));
      const raw = c.curve.sign(challenge, secret); // noble hashes with the curve's own hash (SHA-256 / SHA-384)
      const key = toHex(point);
      for (const [sig, format] of [
        [raw, 'raw'],
        [rawToDerSignature(raw), 'der'],
      ] as const) {
        const r = await api.verifyChallenge(key, challenge, sig);
        expect(r.ok && r.value).toEqual({ valid: true, curve: c.name, signatureFormat: format });
      }
      const wrong = await api.verifyChallenge(key, utf8('other challenge'), raw);
      expect(wrong.ok && wrong.value.valid).toBe(false);
      const bad = await api.verifyChallenge(key, challenge, raw.subarray(1));
      expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-signature-format');
    });
  }
});

describe('buildCsr + assembleCsr around a device-held key (RFC 2986)', () => {
  it('the digest the board signs gives a CSR that verifies, with the explicit subject', async () => {
    const secret = p256.utils.randomSecretKey();
    const point = p256.getPublicKey(secret, false);
    const body = await api.buildCsr({
      publicKey: toHex(point),
      subject: 'CN=se-050,O=Acme',
      keyUsage: ['digitalSignature', 'keyAgreement'],
    });
    if (!body.ok) throw new Error(body.error.message);
    expect(toHex(body.value.digest)).toBe(toHex(sha256(body.value.body)));
    expect(body.value.subject.text).toBe('CN=se-050, O=Acme');
    const raw = p256.sign(body.value.digest, secret, { prehash: false });
    const csr = await api.assembleCsr(body.value.body, raw);
    if (!csr.ok) throw new Error(csr.error.message);
    const inspected = await api.inspect(csr.value.pem);
    const obj = inspected.ok ? inspected.value.objects[0] : null;
    expect(obj?.kind === 'csr' && obj.signatureValid).toBe(true);
    expect(obj?.kind === 'csr' && obj.extensions.keyUsage?.usages).toEqual(['digitalSignature', 'keyAgreement']);
  });

  it('refuses a signature made by another key', async () => {
    const body = await api.buildCsr({ publicKey: v.keygen_csr_uuid_cn.public_key_pem, subject: 'CN=x' });
    if (!body.ok) throw new Error(body.error.message);
    const r = await api.assembleCsr(
      body.value.body,
      p256.sign(body.value.digest, p256.utils.randomSecretKey(), { prehash: false }),
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('bad-csr-signature');
  });

  it('P-384 keys get a SHA-384 digest; other keys and bad subjects are refused', async () => {
    const secret = p384.utils.randomSecretKey();
    const body = await api.buildCsr({ publicKey: toHex(p384.getPublicKey(secret, false)), subject: 'CN=p384' });
    expect(body.ok && body.value.hash).toBe('SHA-384');
    if (body.ok) {
      const csr = await api.assembleCsr(
        body.value.body,
        rawToDerSignature(p384.sign(body.value.digest, secret, { prehash: false })),
      );
      expect(csr.ok).toBe(true);
    }
    const bad = await api.buildCsr({ publicKey: v.keygen_csr_uuid_cn.public_key_pem, subject: 'XX=1' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-profile');
  });
});

describe('batches and the boundary', () => {
  it('verifyCsrs reports proof of possession per CSR with progress', async () => {
    const broken = csrDer.slice();
    broken[broken.length - 4]! ^= 1;
    const seen: [number, number][] = [];
    const r = await api.verifyCsrs([csrDer, broken, 'junk'], (d, t) => seen.push([d, t]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((c) => c.signatureValid)).toEqual([true, false, null]);
    expect(r.value[2]!.error?.code).toBe('unrecognised-input');
    expect(seen[seen.length - 1]).toEqual([3, 3]);
  });

  it('wrong argument types come back as error values, never as throws', async () => {
    const calls = [
      () => api.inspect(42 as never),
      () => api.validateChain(null as never, [], []),
      () => api.validateChain('x', 'not a list' as never, []),
      () => api.sameKey({} as never, 'x'),
      () => api.assembleCsr('x' as never, new Uint8Array()),
      () => api.validateChains('x' as never),
      () => api.importCa({ name: 'x' } as never),
    ];
    for (const call of calls) {
      const r = await call();
      expect(r.ok ? 'ok' : r.error.code).toBe('malformed');
    }
    const missing = await api.issueCertificate('no-such-ca', csrDer, { validityDays: 1, commonName: { mode: 'keep' } });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('ca-not-found');
  });
});

describe('cooperative cancel: cancel(jobId) stops a long job at its next item', () => {
  it('a CSR batch told to stop answers "aborted" with how far it got; the API keeps working', async () => {
    const csrs = Array.from({ length: 3000 }, () => csrDer);
    const running = api.verifyCsrs(csrs, undefined, 41);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await api.cancel(41)).toBe(true);
    const r = await running;
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'aborted', message: /CSR verification cancelled after \d+ of 3000/ },
    });
    expect((await api.ping()).ok && (await api.ping())).toMatchObject({ value: { runningJobs: 0 } });
    expect(await api.cancel(41)).toBe(false);
  });

  it('a cancel that arrives before its job starts stops it at once; a job without an id cannot be cancelled', async () => {
    expect(await api.cancel(77)).toBe(false);
    expect(await api.inspect(v.keygen_csr_uuid_cn.public_key_pem, undefined, 77)).toMatchObject({
      ok: false,
      error: { code: 'aborted' },
    });
    expect((await api.inspect(v.keygen_csr_uuid_cn.public_key_pem)).ok).toBe(true);
    expect((await api.parseLog('a line\n', undefined, 78)).ok).toBe(true);
  });
});
