// validateChain, each RFC 5280 and TLS purpose rule on its own, on the chains openssl builds at test time
// (testing/chain-lab.ts); where openssl decides the same question, it is asked too. The rules on certificates
// openssl will not write are in chain-rules-crafted.test.ts.
import { describe, expect, it } from 'vitest';
import { tamperSignature } from './openssl-fixtures.ts';
import { validateChain } from './chain-validate.ts';
import { chainProblems } from './testing/chain-problems.ts';
import { testCa, testCsr, testKey, testLeaf, type TestCa } from './test-certs.ts';
import { toPem } from './pem.ts';
import { c, lab, setUpChainLab } from './testing/chain-lab.ts';

setUpChainLab();

describe('validateChain, each RFC 5280 and TLS purpose rule on its own', () => {
  const problems = chainProblems;

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

  it('never calls a chain valid when it cannot check a signature, and says which one and why', async () => {
    const r = await problems(c.underInterBp256!.pem, [c.interBp256!.pem], [c.root!.pem]);
    expect(r.valid).toBe(false);
    expect(r.problems).toEqual([
      ['unsupported-algorithm', 'error', 0],
      ['unusual-algorithm', 'warning', 1],
    ]);
    expect(r.messages[0]).toBe(
      'signature of CN=underInterBp256 cannot be checked: ECDSA on brainpoolP256r1 is not checked',
    );
  });

  it('says every reason a pasted leaf could not be read, and why validation itself failed', async () => {
    const csr = toPem('CERTIFICATE REQUEST', await testCsr(await testKey(), 'not-a-cert'));
    const two = await validateChain({ leaf: csr + csr, anchors: [c.root!.pem] });
    expect(two.ok ? null : two.error.message).toMatch(
      /^the leaf certificate could not be read: [^;]+ where a certificate was expected; [^;]+ where a certificate was expected$/,
    );
    const hostile = await validateChain({ leaf: c.leaf!.pem, intermediates: [null as never] });
    expect(hostile.ok ? null : hostile.error.message).toMatch(/^chain validation failed unexpectedly \(.+\)$/);
  });

  it('refuses a pasted chain whose second certificate has bytes after it, naming them', async () => {
    const root = await testCa('Trail Root');
    const issuing = await testCa('Trail Issuing', root);
    const leaf = await testLeaf(issuing, (await testKey()).spki, { cn: 'trail-leaf' });
    const trailed = toPem('CERTIFICATE', Uint8Array.from([...issuing.der, 0x05, 0x00]));
    const r = await validateChain({ leaf: toPem('CERTIFICATE', leaf) + trailed, anchors: [root.der] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('malformed');
      expect(r.error.message).toMatch(/^the leaf certificate could not be read: .*trailing byte/);
    }
  });

  it('reports a trusted root checked on its own as the trust anchor, from the list of anchors', async () => {
    const r = await validateChain({ leaf: c.root!.pem, anchors: [c.otherRoot!.pem, c.root!.pem] }, { purpose: 'any' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.valid).toBe(true);
    expect(r.value.path.map((p) => [p.role, p.inputIndex, p.subject])).toEqual([['anchor', 1, 'CN=root256']]);
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
