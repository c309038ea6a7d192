// validateChain on chains Debian's openssl builds at test time, one per defect (RFC 5280 §6 and the TLS purpose
// rules), each compared with `openssl verify -auth_level 2 -purpose sslclient` on the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_EXT, LEAF_EXT, OpensslLab, opensslDate, tamperSignature, type Issued } from './openssl-fixtures.ts';
import { validateChain } from './chain-validate.ts';
import { testCa, testKey, testLeaf, type TestCa } from './test-certs.ts';
import type { ChainProblemCode } from './crypto-types.ts';

const DAY = 86_400_000;
const KEY_IDS = ['subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
/** A private-enterprise OID no validator knows. */
const UNKNOWN_OID = '1.3.6.1.4.1.55555.1';
let lab: OpensslLab;

interface Case {
  name: string;
  leaf: () => string;
  intermediates: () => string[];
  anchors: () => string[];
  at?: number;
  purpose?: 'clientAuth' | 'any';
  /** Every code we must report (all of them when the chain has several defects). */
  want: ChainProblemCode[];
}

const c: Record<string, Issued> = {};

beforeAll(() => {
  lab = new OpensslLab();
  const now = Date.now();
  c.root = lab.root('root256');
  c.inter = lab.issue('inter256', c.root, { ext: CA_EXT(0) });
  c.leaf = lab.issue('leaf256', c.inter);
  c.root384 = lab.root('root384', { key: 'p384', md: 'sha384' });
  c.leaf384 = lab.issue('leaf384', c.root384, { key: 'p384', md: 'sha384' });
  c.rootRsa = lab.root('rootRsa', { key: 'rsa2048' });
  c.interRsa = lab.issue('interRsa', c.rootRsa, { key: 'rsa2048', ext: CA_EXT() });
  c.leafRsa = lab.issue('leafRsa', c.interRsa, { key: 'rsa2048' });
  c.otherRoot = lab.root('otherRoot');
  c.expired = lab.issue('expired', c.inter, {
    startDate: opensslDate(now - 400 * DAY),
    endDate: opensslDate(now - 30 * DAY),
  });
  c.future = lab.issue('future', c.inter, {
    startDate: opensslDate(now + 30 * DAY),
    endDate: opensslDate(now + 400 * DAY),
  });
  c.notCa = lab.issue('notCa', c.root, {
    ext: ['basicConstraints=critical,CA:FALSE', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'],
  });
  c.underNotCa = lab.issue('underNotCa', c.notCa);
  c.rootPl0 = lab.root('rootPl0', { ext: CA_EXT(0) });
  c.plInter1 = lab.issue('plInter1', c.rootPl0, { ext: CA_EXT() });
  c.plInter2 = lab.issue('plInter2', c.plInter1, { ext: CA_EXT() });
  c.plLeaf = lab.issue('plLeaf', c.plInter2);
  c.kuUnfit = lab.issue('kuUnfit', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment', 'extendedKeyUsage=clientAuth'],
  });
  c.ekuUnfit = lab.issue('ekuUnfit', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'],
  });
  c.sha1 = lab.issue('sha1Leaf', c.inter, { md: 'sha1' });
  c.rsa1024 = lab.issue('rsa1024Leaf', c.inter, { key: 'rsa1024' });
  c.expiredInter = lab.issue('expiredInter', c.root, {
    ext: CA_EXT(0),
    startDate: opensslDate(now - 400 * DAY),
    endDate: opensslDate(now - 30 * DAY),
  });
  c.underExpiredInter = lab.issue('underExpiredInter', c.expiredInter);
  c.noCertSign = lab.issue('noCertSign', c.root, {
    ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,cRLSign', ...KEY_IDS],
  });
  c.underNoCertSign = lab.issue('underNoCertSign', c.noCertSign);
  c.critUnknown = lab.issue('critUnknown', c.inter, { ext: [...LEAF_EXT, `${UNKNOWN_OID}=critical,ASN1:NULL`] });
  c.interCritUnknown = lab.issue('interCritUnknown', c.root, {
    ext: [...CA_EXT(0), `${UNKNOWN_OID}=critical,ASN1:NULL`],
  });
  c.underInterCritUnknown = lab.issue('underInterCritUnknown', c.interCritUnknown);
  c.nonCritUnknown = lab.issue('nonCritUnknown', c.inter, { ext: [...LEAF_EXT, `${UNKNOWN_OID}=ASN1:NULL`] });
  c.critPolicies = lab.issue('critPolicies', c.inter, {
    ext: [...LEAF_EXT, 'certificatePolicies=critical,2.23.140.1.2.1'],
  });
  c.rootSha1 = lab.root('rootSha1', { md: 'sha1' });
  c.leafUnderSha1Root = lab.issue('leafUnderSha1Root', c.rootSha1);
  c.interSha1 = lab.issue('interSha1', c.root, { ext: CA_EXT(0), md: 'sha1' });
  c.underInterSha1 = lab.issue('underInterSha1', c.interSha1);
  c.leafK256 = lab.issue('leafK256', c.inter, { key: 'k256' });
  c.leafEd25519 = lab.issue('leafEd25519', c.inter, { key: 'ed25519' });
  c.interServerOnly = lab.issue('interServerOnly', c.root, { ext: [...CA_EXT(0), 'extendedKeyUsage=serverAuth'] });
  c.underInterServerOnly = lab.issue('underInterServerOnly', c.interServerOnly);
  // A self-issued CA certificate (the root's name, another key) between a pathlen:0 root and the leaf.
  c.selfIssuedInter = lab.issue('selfIssuedInter', c.rootPl0, { cn: 'rootPl0', ext: CA_EXT() });
  c.underSelfIssued = lab.issue('underSelfIssued', c.selfIssuedInter);
  c.serverKeyEnc = lab.issue('serverKeyEnc', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment', 'extendedKeyUsage=serverAuth'],
  });
  c.serverKeyAgree = lab.issue('serverKeyAgree', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyAgreement', 'extendedKeyUsage=serverAuth'],
  });
  c.serverNonRep = lab.issue('serverNonRep', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,nonRepudiation', 'extendedKeyUsage=serverAuth'],
  });
  c.anyEku = lab.issue('anyEku', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=anyExtendedKeyUsage'],
  });
  c.leafBp256 = lab.issue('leafBp256', c.inter, { key: 'bp256' });
  c.leafEd448 = lab.issue('leafEd448', c.inter, { key: 'ed448' });
  c.ekuTwo = lab.issue('ekuTwo', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth'],
  });
  c.ekuTwoUnfit = lab.issue('ekuTwoUnfit', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth,codeSigning'],
  });
  c.kuTwoUnfit = lab.issue('kuTwoUnfit', c.inter, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment,keyAgreement', 'extendedKeyUsage=clientAuth'],
  });
  c.noKu = lab.issue('noKu', c.inter, { ext: ['basicConstraints=CA:FALSE', 'extendedKeyUsage=clientAuth'] });
  c.interNoBc = lab.issue('interNoBc', c.root, { ext: ['keyUsage=critical,keyCertSign', ...KEY_IDS] });
  c.underNoBc = lab.issue('underNoBc', c.interNoBc);
  // two issuing CAs of one name and the leaf without an authority key identifier: only signatures tell them apart
  c.sameNameA = lab.issue('sameNameA', c.root, { cn: 'sameName', ext: CA_EXT(0) });
  c.sameNameB = lab.issue('sameNameB', c.root, { cn: 'sameName', ext: CA_EXT(0) });
  c.noAki = lab.issue('noAki', c.sameNameB, {
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'],
  });
  // Several defects at once: expired, SHA-1, serverAuth-only, under a CA without the CA flag.
  c.multi = lab.issue('multi', c.notCa, {
    md: 'sha1',
    startDate: opensslDate(now - 400 * DAY),
    endDate: opensslDate(now - 1 * DAY),
    ext: ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature', 'extendedKeyUsage=serverAuth'],
  });
}, 120_000); // dozens of openssl runs on a shared machine

afterAll(() => lab?.cleanup());

const cases: Case[] = [
  {
    name: 'valid P-256 root + intermediate + leaf',
    leaf: () => c.leaf!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: [],
  },
  {
    name: 'valid P-384 root + leaf',
    leaf: () => c.leaf384!.pem,
    intermediates: () => [],
    anchors: () => [c.root384!.pem],
    want: [],
  },
  {
    name: 'valid RSA-2048 root + intermediate + leaf',
    leaf: () => c.leafRsa!.pem,
    intermediates: () => [c.interRsa!.pem],
    anchors: () => [c.rootRsa!.pem],
    want: [],
  },
  {
    name: 'valid root only (the anchor itself, any purpose)',
    leaf: () => c.root!.pem,
    intermediates: () => [],
    anchors: () => [c.root!.pem],
    purpose: 'any',
    want: [],
  },
  {
    name: 'a root CA certificate used as a client certificate',
    leaf: () => c.root!.pem,
    intermediates: () => [],
    anchors: () => [c.root!.pem],
    want: ['key-usage-unfit'],
  },
  {
    name: 'expired leaf',
    leaf: () => c.expired!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['expired'],
  },
  {
    name: 'leaf not yet valid',
    leaf: () => c.future!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['not-yet-valid'],
  },
  {
    name: 'valid chain checked at a time after it ends (-attime)',
    leaf: () => c.leaf!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    at: Date.now() + 20 * 365 * DAY,
    want: ['expired'],
  },
  {
    name: 'valid chain checked before it starts (-attime)',
    leaf: () => c.leaf!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    at: Date.now() - 20 * 365 * DAY,
    want: ['not-yet-valid'],
  },
  {
    name: 'untrusted root (anchored at another root)',
    leaf: () => c.leaf!.pem,
    intermediates: () => [c.inter!.pem, c.root!.pem],
    anchors: () => [c.otherRoot!.pem],
    want: ['untrusted-root'],
  },
  {
    name: 'bad signature (one byte flipped)',
    leaf: () => tamperSignature(c.leaf!.pem),
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['bad-signature'],
  },
  {
    name: 'missing intermediate',
    leaf: () => c.leaf!.pem,
    intermediates: () => [],
    anchors: () => [c.root!.pem],
    want: ['missing-intermediate'],
  },
  {
    name: 'CA flag missing on the issuer',
    leaf: () => c.underNotCa!.pem,
    intermediates: () => [c.notCa!.pem],
    anchors: () => [c.root!.pem],
    want: ['ca-flag-missing'],
  },
  {
    name: 'path length exceeded',
    leaf: () => c.plLeaf!.pem,
    intermediates: () => [c.plInter2!.pem, c.plInter1!.pem],
    anchors: () => [c.rootPl0!.pem],
    want: ['path-length-exceeded'],
  },
  {
    name: 'key usage unfit for clientAuth',
    leaf: () => c.kuUnfit!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['key-usage-unfit'],
  },
  {
    name: 'extended key usage serverAuth only',
    leaf: () => c.ekuUnfit!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['ext-key-usage-unfit'],
  },
  {
    name: 'weak algorithm: SHA-1 signature',
    leaf: () => c.sha1!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['weak-algorithm'],
  },
  {
    name: 'weak algorithm: RSA-1024 key',
    leaf: () => c.rsa1024!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['weak-algorithm'],
  },
  {
    name: 'a valid leaf under an expired intermediate',
    leaf: () => c.underExpiredInter!.pem,
    intermediates: () => [c.expiredInter!.pem],
    anchors: () => [c.root!.pem],
    want: ['expired'],
  },
  {
    name: 'an issuing CA whose key usage lacks keyCertSign',
    leaf: () => c.underNoCertSign!.pem,
    intermediates: () => [c.noCertSign!.pem],
    anchors: () => [c.root!.pem],
    want: ['key-usage-unfit'],
  },
  {
    name: 'an unknown critical extension on the leaf',
    leaf: () => c.critUnknown!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: ['unknown-critical-extension'],
  },
  {
    name: 'an unknown critical extension on the intermediate',
    leaf: () => c.underInterCritUnknown!.pem,
    intermediates: () => [c.interCritUnknown!.pem],
    anchors: () => [c.root!.pem],
    want: ['unknown-critical-extension'],
  },
  {
    name: 'an unknown extension that is not critical',
    leaf: () => c.nonCritUnknown!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: [],
  },
  {
    name: 'a critical certificatePolicies (recognised, not enforced: a warning)',
    leaf: () => c.critPolicies!.pem,
    intermediates: () => [c.inter!.pem],
    anchors: () => [c.root!.pem],
    want: [],
  },
  {
    name: 'several defects at once are all reported',
    leaf: () => c.multi!.pem,
    intermediates: () => [c.notCa!.pem],
    anchors: () => [c.root!.pem],
    want: ['expired', 'weak-algorithm', 'ext-key-usage-unfit', 'ca-flag-missing'],
  },
];

describe('validateChain agrees with openssl verify (chains generated at test time)', () => {
  for (const t of cases) {
    it(t.name, async () => {
      const r = await validateChain(
        { leaf: t.leaf(), intermediates: t.intermediates(), anchors: t.anchors() },
        { at: t.at, purpose: t.purpose ?? 'clientAuth' },
      );
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const openssl = lab.verify(t.leaf(), t.intermediates(), t.anchors(), {
        attime: t.at,
        purpose: t.purpose === 'any' ? 'any' : 'sslclient',
      });
      expect(r.value.valid, `ours: ${JSON.stringify(r.value.problems)}\nopenssl: ${openssl.output}`).toBe(openssl.ok);
      expect(r.value.valid).toBe(t.want.length === 0);
      const codes = new Set(r.value.problems.filter((p) => p.severity === 'error').map((p) => p.code));
      for (const code of t.want) expect(codes, `missing ${code} in ${[...codes].join(',')}`).toContain(code);
      for (const p of r.value.problems.filter((p) => p.severity === 'error')) {
        if (p.code !== 'unparseable') expect(p.cert?.sha256).toMatch(/^[0-9A-F]{64}$/);
      }
    });
  }

  it('names the expired intermediate, not the leaf, under an expired intermediate', async () => {
    const r = await validateChain({
      leaf: c.underExpiredInter!.pem,
      intermediates: [c.expiredInter!.pem],
      anchors: [c.root!.pem],
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.problems.map((p) => [p.code, p.severity, p.cert?.pathIndex, p.cert?.subject])).toEqual([
      ['expired', 'error', 1, 'CN=expiredInter'],
    ]);
  });

  it('names the CA without keyCertSign and the certificate with the unknown critical extension', async () => {
    const noSign = await validateChain({
      leaf: c.underNoCertSign!.pem,
      intermediates: [c.noCertSign!.pem],
      anchors: [c.root!.pem],
    });
    if (!noSign.ok) throw new Error(noSign.error.message);
    expect(noSign.value.problems.map((p) => [p.code, p.severity, p.cert?.pathIndex])).toEqual([
      ['key-usage-unfit', 'error', 1],
    ]);
    expect(noSign.value.problems[0]!.message).toMatch(/keyCertSign/);
    const unknown = await validateChain({
      leaf: c.critUnknown!.pem,
      intermediates: [c.inter!.pem],
      anchors: [c.root!.pem],
    });
    if (!unknown.ok) throw new Error(unknown.error.message);
    expect(unknown.value.problems.map((p) => [p.code, p.severity, p.cert?.pathIndex])).toEqual([
      ['unknown-critical-extension', 'error', 0],
    ]);
    expect(unknown.value.problems[0]!.message).toContain(UNKNOWN_OID);
  });

  it('warns about a critical extension it recognises but does not enforce, and stays valid', async () => {
    const r = await validateChain({ leaf: c.critPolicies!.pem, intermediates: [c.inter!.pem], anchors: [c.root!.pem] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.valid).toBe(true);
    expect(r.value.problems.map((p) => [p.code, p.severity, p.cert?.pathIndex])).toEqual([
      ['unknown-critical-extension', 'warning', 0],
    ]);
  });

  it('a valid chain returns the path it used, leaf to anchor, from unordered intermediates', async () => {
    const r = await validateChain({
      leaf: c.plLeaf!.pem,
      intermediates: [c.plInter1!.pem, c.root!.pem, c.plInter2!.pem],
      anchors: [c.rootPl0!.pem],
    });
    expect(r.ok && r.value.path.map((p) => p.subject)).toEqual([
      'CN=plLeaf',
      'CN=plInter2',
      'CN=plInter1',
      'CN=rootPl0',
    ]);
  });

  it('names the certificate each problem concerns', async () => {
    const r = await validateChain({ leaf: c.multi!.pem, intermediates: [c.notCa!.pem], anchors: [c.root!.pem] });
    if (!r.ok) throw new Error(r.error.message);
    const by = (code: ChainProblemCode) => r.value.problems.find((p) => p.code === code)?.cert;
    expect(by('expired')).toMatchObject({ pathIndex: 0, role: 'leaf', subject: 'CN=multi' });
    expect(by('ca-flag-missing')).toMatchObject({ pathIndex: 1, role: 'intermediate', subject: 'CN=notCa' });
  });

  it('serverAuth purpose: a clientAuth-only leaf is unfit, a serverAuth one fits', async () => {
    const client = await validateChain(
      { leaf: c.leaf!.pem, intermediates: [c.inter!.pem], anchors: [c.root!.pem] },
      { purpose: 'serverAuth' },
    );
    const server = await validateChain(
      { leaf: c.ekuUnfit!.pem, intermediates: [c.inter!.pem], anchors: [c.root!.pem] },
      { purpose: 'serverAuth' },
    );
    expect(client.ok && client.value.problems.map((p) => p.code)).toContain('ext-key-usage-unfit');
    expect(server.ok && server.value.valid).toBe(true);
    expect(lab.verify(c.ekuUnfit!.pem, [c.inter!.pem], [c.root!.pem], { purpose: 'sslserver' }).ok).toBe(true);
  });

  it('an unreadable leaf is an error value, unreadable intermediates are reported and skipped', async () => {
    const bad = await validateChain({ leaf: 'not a certificate', anchors: [c.root!.pem] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('malformed');
    const r = await validateChain({
      leaf: c.leaf!.pem,
      intermediates: ['garbage', c.inter!.pem],
      anchors: [c.root!.pem],
    });
    expect(r.ok && r.value.valid).toBe(true);
    expect(r.ok && r.value.problems.map((p) => p.code)).toEqual(['unparseable']);
  });

  it('accepts the whole chain pasted as the leaf material (leaf first)', async () => {
    const r = await validateChain({ leaf: c.leaf!.pem + c.inter!.pem, anchors: [c.root!.pem] });
    expect(r.ok && r.value.valid).toBe(true);
  });
});

describe('validateChain, each RFC 5280 and TLS purpose rule on its own', () => {
  const problems = async (
    leaf: string | Uint8Array,
    intermediates: (string | Uint8Array)[],
    anchors: (string | Uint8Array)[],
    purpose: 'clientAuth' | 'serverAuth' | 'any' = 'clientAuth',
  ) => {
    const r = await validateChain({ leaf, intermediates, anchors }, { purpose });
    if (!r.ok) throw new Error(r.error.message);
    return {
      valid: r.value.valid,
      problems: r.value.problems.map((p) => [p.code, p.severity, p.cert?.pathIndex ?? null]),
      messages: r.value.problems.map((p) => p.message),
    };
  };

  it('a weak self-signature on the trust anchor is a warning; on an intermediate, an error', async () => {
    const anchor = await problems(c.leafUnderSha1Root!.pem, [], [c.rootSha1!.pem]);
    expect(anchor.problems).toEqual([['weak-algorithm', 'warning', 1]]);
    expect(anchor.valid).toBe(true);
    expect(anchor.messages[0]).toContain('SHA-1');
    const inter = await problems(c.underInterSha1!.pem, [c.interSha1!.pem], [c.root!.pem]);
    expect(inter.problems).toEqual([['weak-algorithm', 'error', 1]]);
    expect(inter.valid).toBe(false);
  });

  it('warns about curves and key types IoT TLS stacks rarely support, naming them', async () => {
    const k256 = await problems(c.leafK256!.pem, [c.inter!.pem], [c.root!.pem]);
    expect(k256.problems).toEqual([['unusual-algorithm', 'warning', 0]]);
    expect(k256.messages[0]).toMatch(/curve secp256k1, outside P-256/);
    expect(k256.valid).toBe(true);
    const ed = await problems(c.leafEd25519!.pem, [c.inter!.pem], [c.root!.pem]);
    expect(ed.problems).toEqual([['unusual-algorithm', 'warning', 0]]);
    expect(ed.messages[0]).toContain('Ed25519 key (1.3.101.112)');
    const p384 = await problems(c.leaf384!.pem, [], [c.root384!.pem]);
    expect(p384.problems).toEqual([]);
  });

  it('refuses a CA whose extended key usage excludes the purpose', async () => {
    const r = await problems(c.underInterServerOnly!.pem, [c.interServerOnly!.pem], [c.root!.pem]);
    expect(r.problems).toEqual([['ext-key-usage-unfit', 'error', 1]]);
    expect(r.messages[0]).toMatch(/is a CA whose extended key usage excludes clientAuth/);
    expect(lab.verify(c.underInterServerOnly!.pem, [c.interServerOnly!.pem], [c.root!.pem]).ok).toBe(false);
    const server = await problems(c.serverKeyEnc!.pem, [c.interServerOnly!.pem], [c.root!.pem], 'serverAuth');
    expect(server.problems).toEqual([['missing-intermediate', 'error', 0]]); // another issuer name, not an EKU problem
  });

  it('does not count a self-issued CA certificate against the path length (RFC 5280 §4.2.1.9)', async () => {
    const r = await problems(c.underSelfIssued!.pem, [c.selfIssuedInter!.pem], [c.rootPl0!.pem]);
    expect(r.problems).toEqual([]);
    expect(r.valid).toBe(true);
    expect(lab.verify(c.underSelfIssued!.pem, [c.selfIssuedInter!.pem], [c.rootPl0!.pem]).ok).toBe(true);
  });

  it('serverAuth accepts digitalSignature, keyEncipherment or keyAgreement, and says so when none is there', async () => {
    for (const ok of [c.serverKeyEnc!, c.serverKeyAgree!, c.ekuUnfit!])
      expect((await problems(ok.pem, [c.inter!.pem], [c.root!.pem], 'serverAuth')).problems).toEqual([]);
    const r = await problems(c.serverNonRep!.pem, [c.inter!.pem], [c.root!.pem], 'serverAuth');
    expect(r.problems).toEqual([['key-usage-unfit', 'error', 0]]);
    expect(r.messages[0]).toBe(
      'CN=serverNonRep key usage is nonRepudiation; serverAuth needs digitalSignature, keyEncipherment or keyAgreement',
    );
    const client = await problems(c.kuUnfit!.pem, [c.inter!.pem], [c.root!.pem]);
    expect(client.messages[0]).toBe('CN=kuUnfit key usage is keyEncipherment; clientAuth needs digitalSignature');
  });

  it('purpose "any" takes any usage; anyExtendedKeyUsage fits clientAuth', async () => {
    expect((await problems(c.serverNonRep!.pem, [c.inter!.pem], [c.root!.pem], 'any')).problems).toEqual([]);
    expect((await problems(c.anyEku!.pem, [c.inter!.pem], [c.root!.pem])).problems).toEqual([]);
    const eku = await problems(c.ekuUnfit!.pem, [c.inter!.pem], [c.root!.pem]);
    expect(eku.messages).toEqual(['CN=ekuUnfit allows serverAuth, not clientAuth']);
  });

  it('says which issuer is missing, and when no trust anchor was given at all', async () => {
    const none = await problems(c.leaf!.pem, [c.inter!.pem], []);
    expect(none.problems).toEqual([['missing-intermediate', 'error', 1]]);
    expect(none.messages[0]).toBe(
      'the issuer "CN=root256" of CN=inter256 was not supplied (no trust anchors were given)',
    );
    const some = await problems(c.leaf!.pem, [], [c.root!.pem]);
    expect(some.messages).toEqual(['the issuer "CN=inter256" of CN=leaf256 was not supplied']);
    const untrusted = await problems(c.leaf!.pem, [c.inter!.pem, c.root!.pem], [c.otherRoot!.pem]);
    expect(untrusted.problems).toEqual([['untrusted-root', 'error', 2]]);
    expect(untrusted.messages[0]).toBe(
      'the chain ends at CN=root256, a self-signed certificate that is not among the trust anchors',
    );
  });

  it('reports the certificate it left out, by role and position', async () => {
    const r = await validateChain({ leaf: c.leaf!.pem, intermediates: [c.inter!.pem], anchors: ['junk', c.root!.pem] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.valid).toBe(true);
    expect(r.value.problems).toMatchObject([{ code: 'unparseable', severity: 'warning', cert: null }]);
    expect(r.value.problems[0]!.message).toMatch(/^anchor #0 was left out: /);
  });

  it('names the signature that does not verify, and with whose key', async () => {
    const r = await problems(tamperSignature(c.leaf!.pem), [c.inter!.pem], [c.root!.pem]);
    expect(r.problems).toEqual([['bad-signature', 'error', 0]]);
    expect(r.messages[0]).toMatch(/^signature of CN=leaf256 does not verify with the key of CN=inter256: /);
  });

  it('refuses an invalid validation time and more than 1000 certificates, as values', async () => {
    const nan = await validateChain({ leaf: c.leaf!.pem, anchors: [c.root!.pem] }, { at: Number.NaN });
    expect(nan.ok ? null : nan.error.code).toBe('malformed');
    const many = await validateChain({ leaf: c.leaf!.pem, anchors: Array(1001).fill(c.root!.pem) });
    expect(many.ok ? null : many.error).toMatchObject({ code: 'too-large', message: expect.stringMatching(/^1001 /) });
    const most = await validateChain({
      leaf: c.leaf!.pem,
      intermediates: [c.inter!.pem],
      anchors: Array(999).fill(c.root!.pem),
    });
    expect(most.ok && most.value.valid).toBe(true);
  });

  it('gives up on a path longer than 12 certificates and says so, and reaches an anchor 13 away', async () => {
    const root = await testCa('Deep Root');
    const cas: TestCa[] = [];
    for (let i = 1; i <= 12; i++) cas.push(await testCa(`Deep ${i}`, cas[i - 2] ?? root));
    const key = (await testKey()).spki;
    const under = async (n: number) => {
      const leaf = await testLeaf(cas[n - 1]!, key, { cn: 'deep-leaf' });
      const r = await validateChain({ leaf, intermediates: cas.map((ca) => ca.der), anchors: [root.der] });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const deep = await under(12);
    expect(deep.valid).toBe(false);
    expect(deep.path).toHaveLength(13);
    const tooLong = deep.problems.filter((p) => p.code === 'path-too-long');
    expect(tooLong.map((p) => p.severity)).toEqual(['error']);
    expect(tooLong.map((p) => [p.message, p.cert?.pathIndex])).toEqual([
      ['no path to a trust anchor within 13 certificates', 12],
    ]);
    const reached = await under(11);
    expect(reached.path).toHaveLength(13);
    expect(reached.path[12]!.role).toBe('anchor');
    expect(reached.problems.map((p) => p.code)).not.toContain('path-too-long');
  });

  it('takes an issuer with the right name but another key for missing, not for a bad signature', async () => {
    const root = await testCa('Key Root');
    const twinA = await testCa('Key Twin', root);
    const twinB = await testCa('Key Twin', root); // same name, its own key
    const leaf = await testLeaf(twinB, (await testKey()).spki, { cn: 'under-b' });
    const r = await validateChain({ leaf, intermediates: [twinA.der], anchors: [root.der] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.problems.map((p) => p.code)).toEqual(['missing-intermediate']);
    const both = await validateChain({ leaf, intermediates: [twinA.der, twinB.der], anchors: [root.der] });
    expect(both.ok && both.value.valid).toBe(true);
  });

  it('prefers the path to a trust anchor over a dead end listed first (cross-signed issuing CA)', async () => {
    const root = await testCa('Cross Root');
    const absent = await testCa('Cross Absent Root');
    const issuing = await testCa('Cross Issuing', root);
    const crossSigned = await testCa('Cross Issuing', absent, Date.now(), issuing); // same name and key
    const leaf = await testLeaf(issuing, (await testKey()).spki, { cn: 'crossed' });
    for (const intermediates of [
      [crossSigned.der, issuing.der],
      [issuing.der, crossSigned.der],
    ]) {
      const r = await validateChain({ leaf, intermediates, anchors: [root.der] });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.valid).toBe(true);
      expect(r.value.path.map((p) => [p.role, p.sha256])).toEqual([
        ['leaf', expect.any(String)],
        ['intermediate', r.value.path[1]!.sha256],
        ['anchor', r.value.path[2]!.sha256],
      ]);
      expect(r.value.path[2]!.subject).toBe('O=KeyWire Tests, CN=Cross Root');
    }
    // with the trusted root's issuing certificate absent, the best it can say is which issuer is missing
    const dead = await validateChain({ leaf, intermediates: [crossSigned.der], anchors: [root.der] });
    if (!dead.ok) throw new Error(dead.error.message);
    expect(dead.value.problems.map((p) => [p.code, p.cert?.pathIndex])).toEqual([['missing-intermediate', 1]]);
  });

  it('takes a certificate at its exact notAfter and notBefore as valid, and not a millisecond outside', async () => {
    const [leafCert] = (await import('./cert-material.ts')).certificatesIn(c.leaf!.pem).certs;
    const at = async (t: number) => {
      const r = await validateChain(
        { leaf: c.leaf!.pem, intermediates: [c.inter!.pem], anchors: [c.root!.pem] },
        { at: t },
      );
      if (!r.ok) throw new Error(r.error.message);
      // the leaf's own problems: the CAs' validity starts and ends near, not at, the leaf's
      return r.value.problems.filter((p) => p.cert?.pathIndex === 0).map((p) => p.code);
    };
    expect(await at(leafCert!.notAfter)).toEqual([]);
    expect(await at(leafCert!.notBefore)).toEqual([]);
    expect(await at(leafCert!.notAfter + 1000)).toEqual(['expired']);
    expect(await at(leafCert!.notBefore - 1000)).toEqual(['not-yet-valid']);
  });

  it('says what is wrong in words, with the dates, sizes and usages it found', async () => {
    const exp = await problems(c.expired!.pem, [c.inter!.pem], [c.root!.pem]);
    const [expired] = (await import('./cert-material.ts')).certificatesIn(c.expired!.pem).certs;
    expect(exp.messages).toEqual([`CN=expired expired on ${new Date(expired!.notAfter).toISOString()}`]);
    const fut = await problems(c.future!.pem, [c.inter!.pem], [c.root!.pem]);
    const [future] = (await import('./cert-material.ts')).certificatesIn(c.future!.pem).certs;
    expect(fut.messages).toEqual([`CN=future is not valid before ${new Date(future!.notBefore).toISOString()}`]);
    expect((await problems(c.rsa1024!.pem, [c.inter!.pem], [c.root!.pem])).messages).toEqual([
      'CN=rsa1024Leaf has an RSA key of 1024 bits (below 2048)',
    ]);
    expect((await problems(c.critPolicies!.pem, [c.inter!.pem], [c.root!.pem])).messages).toEqual([
      'CN=critPolicies: critical extension 2.5.29.32 is recognised but not enforced here',
    ]);
    expect((await problems(c.ekuTwoUnfit!.pem, [c.inter!.pem], [c.root!.pem])).messages).toEqual([
      'CN=ekuTwoUnfit allows serverAuth, codeSigning, not clientAuth',
    ]);
    expect((await problems(c.kuTwoUnfit!.pem, [c.inter!.pem], [c.root!.pem])).messages).toEqual([
      'CN=kuTwoUnfit key usage is keyEncipherment, keyAgreement; clientAuth needs digitalSignature',
    ]);
    expect((await problems(c.underNotCa!.pem, [c.notCa!.pem], [c.root!.pem])).messages).toEqual([
      'CN=notCa signs other certificates but is not marked as a CA (basicConstraints cA)',
    ]);
    expect((await problems(c.plLeaf!.pem, [c.plInter2!.pem, c.plInter1!.pem], [c.rootPl0!.pem])).messages).toEqual([
      'CN=rootPl0 allows 0 CA(s) below it, but 2 follow',
    ]);
  });

  it('fits a leaf whose extended key usage lists the purpose among others, or that has no key usage at all', async () => {
    expect((await problems(c.ekuTwo!.pem, [c.inter!.pem], [c.root!.pem])).problems).toEqual([]);
    expect((await problems(c.noKu!.pem, [c.inter!.pem], [c.root!.pem])).problems).toEqual([]);
  });

  it('refuses an issuing CA without basicConstraints', async () => {
    const r = await problems(c.underNoBc!.pem, [c.interNoBc!.pem], [c.root!.pem]);
    expect(r.problems).toEqual([['ca-flag-missing', 'error', 1]]);
  });

  it('warns about brainpool curves and Ed448 keys, naming them', async () => {
    const bp = await problems(c.leafBp256!.pem, [c.inter!.pem], [c.root!.pem]);
    expect(bp.problems).toEqual([['unusual-algorithm', 'warning', 0]]);
    expect(bp.messages[0]).toContain('uses curve brainpoolP256r1, outside P-256/P-384/P-521');
    const ed = await problems(c.leafEd448!.pem, [c.inter!.pem], [c.root!.pem]);
    expect(ed.problems).toEqual([['unusual-algorithm', 'warning', 0]]);
    expect(ed.messages[0]).toContain('Ed448 key (1.3.101.113)');
  });

  it('tells same-name issuers apart by signature when the leaf names no authority key', async () => {
    for (const intermediates of [
      [c.sameNameA!.pem, c.sameNameB!.pem],
      [c.sameNameB!.pem, c.sameNameA!.pem],
    ]) {
      const r = await validateChain({ leaf: c.noAki!.pem, intermediates, anchors: [c.root!.pem] });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.problems).toEqual([]);
      expect(r.value.valid).toBe(true);
    }
  });

  it('counts a weak signature on a self-signed certificate that is not a trust anchor as an error', async () => {
    const r = await problems(c.leafUnderSha1Root!.pem, [c.rootSha1!.pem], [c.root!.pem]);
    expect(r.problems).toEqual([
      ['weak-algorithm', 'error', 1],
      ['untrusted-root', 'error', 1],
    ]);
  });

  it('reads the whole chain pasted as the leaf, with or without other lists, and words a bad time or leaf', async () => {
    const pasted = await validateChain({ leaf: c.leaf!.pem + c.inter!.pem, anchors: [c.root!.pem] });
    if (!pasted.ok) throw new Error(pasted.error.message);
    expect(pasted.value.problems).toEqual([]);
    expect(pasted.value.path[1]).toMatchObject({ role: 'intermediate', inputIndex: -1 });
    const noAnchors = await validateChain({ leaf: c.leaf!.pem + c.inter!.pem });
    if (!noAnchors.ok) throw new Error(noAnchors.error.message);
    expect(noAnchors.value.problems.map((p) => p.code)).toEqual(['missing-intermediate']);
    const nan = await validateChain({ leaf: c.leaf!.pem }, { at: Number.NaN });
    expect(nan.ok ? null : nan.error.message).toBe('the validation time is not a valid date');
    const bad = await validateChain({ leaf: 'nothing here' });
    expect(bad.ok ? null : bad.error.message).toMatch(/^the leaf certificate could not be read: ./);
    const hostile = await validateChain({ leaf: null as never });
    expect(hostile.ok ? null : hostile.error.code).toBe('internal');
  });
});
