// validateChain on certificates openssl will not write (an unnamed curve, an unknown key algorithm, signature
// algorithms that differ, md2, an EKU with no purpose, a key usage with no bit, X.509 v1 and non-CA anchors): built
// here from DER parts and signed with the test keys.
import { describe, expect, it } from 'vitest';
import { chainProblems } from './testing/chain-problems.ts';
import { testCa, testKey, type TestCa } from './test-certs.ts';
import { toPem } from './pem.ts';
import { certExtensions, keyIdentifier, randomSerial, signTbs, tbsCertificate } from './cert-build.ts';
import { encodeName, extension, keyUsageExtension } from './csr-build.ts';
import { readDer } from './der-read.ts';
import { childrenOf, whole } from './der-values.ts';
import { bitString, bool, nullValue, octetString, oid, sequence, tlv } from './der.ts';
import { OID, OID_MORE } from './oids.ts';

/** The top-level parts of a DER SEQUENCE (a TBSCertificate), to change one and put them back together. */
function partsOf(der: Uint8Array): Uint8Array[] {
  const r = readDer(der);
  if (!r.ok) throw new Error('not DER');
  return childrenOf({ bytes: der, node: r.nodes[0]! }).map(whole);
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/**
 * What openssl will not write: a certificate under `issuer` for `cn` with `edit` applied to the TBSCertificate's
 * parts (version, serial, signature algorithm, issuer, validity, subject, key, extensions), signed by the issuer's
 * key (its own with `selfSigned`). Default extensions: a client leaf's.
 */
async function crafted(
  issuer: TestCa | null,
  cn: string,
  o: {
    spki?: Uint8Array;
    extensions?: Uint8Array[];
    edit?: (parts: Uint8Array[]) => Uint8Array[];
  } = {},
): Promise<{ der: Uint8Array; self: TestCa }> {
  const key = await testKey();
  const spki = o.spki ?? key.spki;
  const subjectDer = encodeName([{ oid: OID.commonName, value: cn }]);
  const ski = keyIdentifier(randomBytes(20));
  const tbs = tbsCertificate({
    serial: randomSerial(),
    curve: 'P-256',
    issuerDer: issuer?.subjectDer ?? subjectDer,
    subjectDer,
    spkiDer: spki,
    notBefore: Date.now() - 86_400_000,
    notAfter: Date.now() + 86_400_000,
    extensions: o.extensions ?? [
      ...certExtensions({
        ca: false,
        keyUsage: ['digitalSignature'],
        extKeyUsage: [OID.clientAuth],
        subjectKeyId: ski,
      }),
      ...(issuer ? [extension(OID.authorityKeyIdentifier, sequence(tlv(0x80, issuer.ski)))] : []),
    ],
  });
  const edited = o.edit ? sequence(...o.edit(partsOf(tbs))) : tbs;
  const der = await signTbs(edited, 'P-256', (issuer ?? key).keys.privateKey);
  const self: TestCa = { ...key, name: cn, subjectDer, der, pem: toPem('CERTIFICATE', der), ski };
  return { der, self };
}

describe('validateChain on certificates openssl does not write', () => {
  const problems = chainProblems;

  it('warns about a key on a curve it has no name for, naming the curve by its OID', async () => {
    const root = await testCa('Crafted Root');
    const secp224r1 = '1.3.132.0.33';
    const spki = sequence(
      sequence(oid(OID.ecPublicKey), oid(secp224r1)),
      bitString(Uint8Array.of(4, ...randomBytes(56))),
    );
    const { der } = await crafted(root, 'p224-board', { spki });
    const r = await problems(der, [], [root.der]);
    expect(r.problems).toEqual([['unusual-algorithm', 'warning', 0]]);
    expect(r.messages[0]).toBe(
      `CN=p224-board uses curve ${secp224r1}, outside P-256/P-384/P-521: most IoT TLS stacks refuse it`,
    );
  });

  it('warns about a key of an algorithm it does not know, naming its OID', async () => {
    const root = await testCa('Crafted Root');
    const gost = '1.2.643.7.1.1.1.1';
    const spki = sequence(sequence(oid(gost)), bitString(randomBytes(64)));
    const { der } = await crafted(root, 'gost-board', { spki });
    const r = await problems(der, [], [root.der]);
    expect(r.problems).toEqual([['unusual-algorithm', 'warning', 0]]);
    expect(r.messages[0]).toContain(`CN=gost-board has a unknown key (${gost})`);
  });

  it('refuses a certificate whose outer signature algorithm is not the one in its body', async () => {
    const root = await testCa('Crafted Root');
    // the body names ecdsa-with-SHA384; the signature outside is ecdsa-with-SHA256 (and verifies as such)
    const { der } = await crafted(root, 'swapped-board', {
      edit: (p) => [p[0]!, p[1]!, sequence(oid(OID.ecdsaWithSha384)), ...p.slice(3)],
    });
    const r = await problems(der, [], [root.der]);
    expect(r.valid).toBe(false);
    expect(r.problems).toContainEqual(['bad-signature', 'error', 0]);
    expect(r.messages).toContain(
      'CN=swapped-board: the outer signature algorithm differs from the one in the certificate body',
    );
  });

  it('names a weak signature algorithm that has no hash of its own as broken', async () => {
    const root = await testCa('Crafted Root');
    const md2 = sequence(oid(OID_MORE.md2WithRsa), nullValue());
    const { der: ecdsaSigned } = await crafted(root, 'md2-board', { edit: (p) => [p[0]!, p[1]!, md2, ...p.slice(3)] });
    const [tbs] = partsOf(ecdsaSigned);
    const der = sequence(tbs!, md2, bitString(randomBytes(128)));
    const r = await problems(der, [], [root.der]);
    expect(r.valid).toBe(false);
    expect(r.problems).toContainEqual(['weak-algorithm', 'error', 0]);
    expect(r.messages).toContain('CN=md2-board is signed with md2WithRSAEncryption (broken is no longer safe)');
  });

  it('says a leaf whose extended key usage lists no purpose, or whose key usage has no bit, allows nothing', async () => {
    const root = await testCa('Crafted Root');
    const ski = extension(OID.subjectKeyIdentifier, octetString(randomBytes(20)));
    const aki = extension(OID.authorityKeyIdentifier, sequence(tlv(0x80, root.ski)));
    const bc = extension(OID.basicConstraints, sequence(), true);
    const noPurpose = await crafted(root, 'no-purpose', {
      extensions: [bc, keyUsageExtension(['digitalSignature'], true), extension(OID.extKeyUsage, sequence()), ski, aki],
    });
    const eku = await problems(noPurpose.der, [], [root.der]);
    expect(eku.problems).toEqual([['ext-key-usage-unfit', 'error', 0]]);
    expect(eku.messages[0]).toBe('CN=no-purpose allows no purpose, not clientAuth');
    const noBit = await crafted(root, 'no-usage', { extensions: [bc, keyUsageExtension([], true), ski, aki] });
    const ku = await problems(noBit.der, [], [root.der]);
    expect(ku.problems).toEqual([['key-usage-unfit', 'error', 0]]);
    expect(ku.messages[0]).toBe('CN=no-usage key usage is empty; clientAuth needs digitalSignature');
  });

  it('trusts an X.509 v1 root as a trust anchor only, and a v3 anchor only with the CA flag', async () => {
    // v1: no version field, no extensions (RFC 5280 §6.1.4(k) lets it act as a CA only as a trust anchor)
    const v1 = (parts: Uint8Array[]) => parts.slice(1, 7);
    const { self: v1Root } = await crafted(null, 'V1 Root', { edit: v1 });
    const leaf = (await crafted(v1Root, 'under-v1')).der;
    const anchored = await problems(leaf, [], [v1Root.der]);
    expect(anchored.problems).toEqual([]);
    expect(anchored.valid).toBe(true);
    // the same kind of certificate as an intermediate CA is no CA
    const root = await testCa('Crafted Root');
    const { self: v1Inter } = await crafted(root, 'V1 Issuing', { edit: v1 });
    const under = (await crafted(v1Inter, 'under-v1-issuing')).der;
    const inter = await problems(under, [v1Inter.der], [root.der]);
    expect(inter.problems).toEqual([['ca-flag-missing', 'error', 1]]);
    // a v3 anchor without basicConstraints cA is refused as an issuer
    const v3 = await crafted(null, 'V3 Root Without CA Flag', {
      extensions: [
        keyUsageExtension(['keyCertSign'], true),
        extension(OID.basicConstraints, sequence(bool(false)), true),
      ],
    });
    const underV3 = (await crafted(v3.self, 'under-v3')).der;
    const v3r = await problems(underV3, [], [v3.self.der]);
    expect(v3r.problems).toEqual([['ca-flag-missing', 'error', 1]]);
  });
});
