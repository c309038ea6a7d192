// Strict DER (X.690 §10, RFC 7468 §2): bytes after a certificate, CSR or PKCS#7 bundle are an error at every entry
// point that reads one (the reader, inspect, chain validation, the check before writing, the lab CA's CSR reader,
// the key reader), with a message that names the trailing bytes. Real WebCrypto-signed certificates and CSRs.
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, toBase64 } from '../lib/bytes.ts';
import { readDerObjects } from './der-objects.ts';
import { readCertificate } from './x509-cert.ts';
import { certificatesIn } from './cert-material.ts';
import { inspectInput } from './inspect.ts';
import { validateChain } from './chain-validate.ts';
import { checkBeforeWrite } from './write-check.ts';
import { issueCertificate } from './issue-certificate.ts';
import { keyOf } from './key-material.ts';
import { explicit, oid, sequence, set, smallInteger, tlv } from './der.ts';
import { OID_MORE } from './oids.ts';
import { toPem } from './pem.ts';
import { testCa, testCsr, testKey, testLeaf, type TestCa } from './test-certs.ts';

let root: TestCa;
let issuing: TestCa;
let leaf: Uint8Array;
let csr: Uint8Array;
const CN = 'strict-der-board';

/** A certs-only PKCS#7 SignedData (RFC 5652 §5.1), as EST /cacerts sends it. */
const pkcs7Of = (...certs: Uint8Array[]) =>
  sequence(
    oid(OID_MORE.pkcs7SignedData),
    explicit(0, sequence(smallInteger(1), set(), sequence(oid('1.2.840.113549.1.7.1')), tlv(0xa0, ...certs), set())),
  );

// Three kinds of trailing bytes: not a TLV at all, a TLV that is no object KeyWire reads, and a zero-length TLV.
const TRAILERS: Record<string, Uint8Array> = {
  'one stray byte': Uint8Array.of(0x00),
  'a NULL element': Uint8Array.of(0x05, 0x00),
  'two zero bytes': Uint8Array.of(0x00, 0x00),
  'a truncated element': Uint8Array.of(0x30, 0x10, 0x02),
};
const withTrailer = (der: Uint8Array, t: Uint8Array) => concatBytes(der, t);

beforeAll(async () => {
  root = await testCa('Strict Root');
  issuing = await testCa('Strict Issuing', root);
  const board = await testKey();
  leaf = await testLeaf(issuing, board.spki, { cn: CN });
  csr = await testCsr(board, CN);
});

describe('readDerObjects: whole objects and nothing else', () => {
  it('accepts one object and concatenated certificates in a DER file', () => {
    expect(readDerObjects(leaf, { single: true }).ok).toBe(true);
    const two = readDerObjects(concatBytes(leaf, issuing.der), { single: false });
    expect(two.ok && two.nodes.length).toBe(2);
  });

  it('refuses a second object where one is expected (a PEM block holds one structure)', () => {
    const r = readDerObjects(concatBytes(leaf, issuing.der), { single: true });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.trailing).toBe(true);
      expect(r.message).toContain(`${issuing.der.length} trailing byte(s) after the certificate`);
    }
  });

  for (const [name, t] of Object.entries(TRAILERS)) {
    it(`names ${name} after a certificate as trailing bytes, with its offset`, () => {
      for (const single of [true, false]) {
        const r = readDerObjects(withTrailer(leaf, t), { single });
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.trailing).toBe(true);
          expect(r.message).toContain(
            `${t.length} trailing byte(s) after the certificate (from offset ${leaf.length})`,
          );
        }
      }
    });
  }

  it('reports damage at the start as not DER, not as trailing bytes', () => {
    const r = readDerObjects(Uint8Array.of(0x30, 0x05, 0x01), { single: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.trailing, r.message.startsWith('not DER')]).toEqual([false, true]);
  });
});

describe('every entry point refuses a certificate, CSR or PKCS#7 with trailing bytes', () => {
  for (const [name, t] of Object.entries(TRAILERS)) {
    it(`readCertificate and certificatesIn (DER, base64, PEM): ${name}`, () => {
      const bad = withTrailer(leaf, t);
      const one = readCertificate(bad);
      expect(one.ok).toBe(false);
      if (!one.ok) expect(one.reason).toMatch(/trailing byte/);
      for (const material of [bad, toBase64(bad), toPem('CERTIFICATE', bad)]) {
        const r = certificatesIn(material);
        expect(r.certs).toEqual([]);
        expect(r.trailing).toHaveLength(1);
        expect(r.errors[0]).toMatch(/trailing byte\(s\) after the certificate/);
      }
      expect(certificatesIn(leaf).certs).toHaveLength(1);
    });
  }

  it('inspect reports the piece as unreadable and names the trailing bytes (certificate, CSR, PKCS#7)', async () => {
    const cases: [Uint8Array, string][] = [
      [leaf, 'certificate'],
      [csr, 'CSR'],
      [pkcs7Of(leaf, issuing.der), 'PKCS#7 bundle'],
    ];
    for (const [der, what] of cases) {
      const clean = await inspectInput(der);
      expect(clean.ok && clean.value.objects.every((o) => o.kind !== 'unknown')).toBe(true);
      for (const input of [
        withTrailer(der, Uint8Array.of(0x05, 0x00)),
        toPem('X', withTrailer(der, Uint8Array.of(0))),
      ]) {
        const r = await inspectInput(input);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('unrecognised-input');
          expect(r.error.message).toContain(`trailing byte(s) after the ${what}`);
        }
      }
    }
  });

  it('validateChain: a leaf with trailing bytes is malformed, an intermediate or anchor with them fails the chain', async () => {
    const good = await validateChain({ leaf, intermediates: [issuing.der], anchors: [root.der] });
    expect(good.ok && good.value.valid).toBe(true);
    for (const t of Object.values(TRAILERS)) {
      const badLeaf = await validateChain({
        leaf: withTrailer(leaf, t),
        intermediates: [issuing.der],
        anchors: [root.der],
      });
      expect(badLeaf.ok).toBe(false);
      if (!badLeaf.ok)
        expect([badLeaf.error.code, /trailing byte/.test(badLeaf.error.message)]).toEqual(['malformed', true]);
      // The same intermediate also arrives clean, so only the strict rule can make this chain invalid.
      const badInter = await validateChain({
        leaf,
        intermediates: [issuing.der, toPem('CERTIFICATE', withTrailer(issuing.der, t))],
        anchors: [root.der],
      });
      expect(badInter.ok && badInter.value.valid).toBe(false);
      if (badInter.ok)
        expect(badInter.value.problems).toContainEqual(
          expect.objectContaining({ code: 'unparseable', severity: 'error' }),
        );
      const badAnchor = await validateChain({
        leaf,
        intermediates: [issuing.der],
        anchors: [root.der, withTrailer(root.der, t)],
      });
      expect(badAnchor.ok && badAnchor.value.valid).toBe(false);
    }
    // A clean second certificate after the leaf is a pasted chain, not trailing bytes.
    const pasted = await validateChain({ leaf: concatBytes(leaf, issuing.der), anchors: [root.der] });
    expect(pasted.ok && pasted.value.valid).toBe(true);
  });

  it('checkBeforeWrite refuses to write when the CA appended bytes to the issuing certificate', async () => {
    const base = {
      csr,
      caCertificates: [root.der],
      expectedCommonName: CN,
      target: { pemLineEnding: 'lf' as const },
      writeCaCertificate: false,
    };
    const clean = await checkBeforeWrite({ ...base, certificates: [leaf, issuing.der] });
    expect(clean.ok && clean.value.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const bad = await checkBeforeWrite({
      ...base,
      certificates: [leaf, issuing.der, withTrailer(issuing.der, Uint8Array.of(0x05, 0x00))],
    });
    expect(bad.ok).toBe(true);
    if (bad.ok) {
      const errors = bad.value.findings.filter((f) => f.severity === 'error');
      expect(errors).toContainEqual(expect.objectContaining({ code: 'chain', chainProblem: 'unparseable' }));
      expect(errors[0]!.message).toMatch(/trailing byte\(s\) after the certificate/);
    }
  });

  it('the lab CA refuses a CSR with trailing bytes; the key reader too', async () => {
    const ca = {
      curve: 'P-256' as const,
      chain: [readCertificate(root.der)].map((r) => (r.ok ? r.value : null)!),
      key: root.keys.privateKey,
    };
    const profile = { validityDays: 30, commonName: { mode: 'keep' as const } };
    const clean = await issueCertificate(ca, csr, profile);
    expect(clean.ok).toBe(true);
    const r = await issueCertificate(ca, withTrailer(csr, Uint8Array.of(0x05, 0x00)), profile);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect([r.error.code, /trailing byte\(s\) after the CSR/.test(r.error.message)]).toEqual(['malformed', true]);
    expect(keyOf(csr).ok).toBe(true);
    const k = keyOf(withTrailer(csr, Uint8Array.of(0)));
    expect(k.ok).toBe(false);
    if (!k.ok) expect(k.reason).toMatch(/trailing byte/);
  });
});
