// Path building (chain-path.ts) on pools where the choice of issuer matters: CAs sharing a name, key identifiers
// left out, a CA both pasted and trusted, cross certificates and a pool built to explode. Certificates are made with
// WebCrypto (testing/path-lab.ts); signatures are checked for real.
import { describe, expect, it } from 'vitest';
import { buildPath, mayIssue, type PoolCert } from './chain-path.ts';
import { validateChain } from './chain-validate.ts';
import { verifySignature } from './signature-verify.ts';
import { testKey } from './test-certs.ts';
import { labCert, type LabCert } from './testing/path-lab.ts';
import type { Certificate } from './x509-cert.ts';

const signs = async (child: Certificate, issuer: Certificate) =>
  (
    await verifySignature(
      issuer.spki,
      child.signatureAlgorithm.family,
      child.signatureAlgorithm.hash,
      child.tbs,
      child.signature,
    )
  ).outcome === 'valid';

const entry = (c: LabCert, role: PoolCert['role'], inputIndex = 0): PoolCert => ({ cert: c.cert, role, inputIndex });

async function validate(leaf: LabCert, intermediates: LabCert[], anchors: LabCert[]) {
  const r = await validateChain({
    leaf: leaf.der,
    intermediates: intermediates.map((c) => c.der),
    anchors: anchors.map((c) => c.der),
  });
  if (!r.ok) throw new Error(r.error.message);
  return {
    valid: r.value.valid,
    path: r.value.path.map((p) => `${p.role}:${p.subject}`),
    sha256: r.value.path.map((p) => p.sha256),
    codes: r.value.problems.filter((p) => p.severity === 'error').map((p) => p.code),
  };
}

describe('which certificate may have issued which', () => {
  it('takes an issuer by name, and by key identifier only when both certificates carry one', async () => {
    const root = await labCert({ name: 'Id Root' });
    const other = await labCert({ name: 'Id Other' });
    const child = await labCert({ name: 'Id Child', issuer: root });
    const childNoAki = await labCert({ name: 'Id Child', issuer: root, noAki: true });
    const twin = await labCert({ name: 'Id Root' }); // the root's name, another key
    const twinNoSki = await labCert({ name: 'Id Root', noSki: true });
    expect(mayIssue(root.cert, child.cert)).toBe(true);
    expect(mayIssue(other.cert, child.cert)).toBe(false); // another name
    expect(mayIssue(twin.cert, child.cert)).toBe(false); // the child names another key
    expect(mayIssue(twin.cert, childNoAki.cert)).toBe(true); // the child names no key: the name decides
    expect(mayIssue(twinNoSki.cert, child.cert)).toBe(true); // the issuer names no key: the name decides
    expect(mayIssue(other.cert, childNoAki.cert)).toBe(false);
  });

  it('validates a leaf whose issuer certificate carries no key identifier', async () => {
    const root = await labCert({ name: 'NoSki Root' });
    const issuing = await labCert({ name: 'NoSki Issuing', issuer: root, noSki: true });
    const leaf = await labCert({ name: 'nosk-leaf', issuer: issuing, ca: false });
    const r = await validate(leaf, [issuing], [root]);
    expect(r.path).toEqual(['leaf:CN=nosk-leaf', 'intermediate:CN=NoSki Issuing', 'anchor:CN=NoSki Root']);
    expect(r.valid).toBe(true);
  });
});

describe('buildPath picks the path a TLS client would trust', () => {
  it('ends at once at a leaf that is itself one of the trust anchors', async () => {
    const a = await labCert({ name: 'Self Anchor A' });
    const b = await labCert({ name: 'Self Anchor B' });
    const built = await buildPath(entry(b, 'leaf'), [entry(a, 'anchor'), entry(b, 'anchor', 1)], signs);
    expect(built.end).toBe('anchor');
    expect(built.path.map((p) => p.cert.sha256)).toEqual([b.cert.sha256]);
    // and a self-signed leaf that is not trusted ends as untrusted, not as an anchor
    const untrusted = await buildPath(entry(a, 'leaf'), [entry(b, 'anchor')], signs);
    expect(untrusted.end).toBe('self-issued');
  });

  it('reports the trusted root as the trust anchor when it is also pasted among the intermediates', async () => {
    const root = await labCert({ name: 'Pasted Root' });
    const issuing = await labCert({ name: 'Pasted Issuing', issuer: root });
    const leaf = await labCert({ name: 'pasted-leaf', issuer: issuing, ca: false });
    for (const intermediates of [
      [root, issuing],
      [issuing, root],
    ]) {
      const r = await validate(leaf, intermediates, [root]);
      expect(r.path).toEqual(['leaf:CN=pasted-leaf', 'intermediate:CN=Pasted Issuing', 'anchor:CN=Pasted Root']);
      expect(r.valid).toBe(true);
    }
  });

  it('validates through the real issuer when a trusted root shares that issuer’s name (no key identifiers)', async () => {
    const root = await labCert({ name: 'Clash Root' });
    const lookalike = await labCert({ name: 'Clash Issuing' }); // trusted, self-signed, another key
    const issuing = await labCert({ name: 'Clash Issuing', issuer: root });
    const leaf = await labCert({ name: 'clash-leaf', issuer: issuing, ca: false, noAki: true });
    for (const anchors of [
      [lookalike, root],
      [root, lookalike],
    ]) {
      const r = await validate(leaf, [issuing], anchors);
      expect(r.path).toEqual(['leaf:CN=clash-leaf', 'intermediate:CN=Clash Issuing', 'anchor:CN=Clash Root']);
      expect(r.codes).toEqual([]);
      expect(r.valid).toBe(true);
    }
  });

  it('stops at an issuing CA that is trusted directly, not at the root above it', async () => {
    const root = await labCert({ name: 'Direct Root' });
    const issuing = await labCert({ name: 'Direct Issuing', issuer: root });
    // the same CA (name and key) trusted on its own, as a self-signed certificate
    const trustedIssuing = await labCert({ name: 'Direct Issuing', key: issuing.key });
    const leaf = await labCert({ name: 'direct-leaf', issuer: issuing, ca: false });
    for (const anchors of [
      [trustedIssuing, root],
      [root, trustedIssuing],
    ]) {
      const r = await validate(leaf, [issuing], anchors);
      expect(r.sha256).toEqual([leaf.cert.sha256, trustedIssuing.cert.sha256]);
      expect(r.path).toEqual(['leaf:CN=direct-leaf', 'anchor:CN=Direct Issuing']);
      expect(r.valid).toBe(true);
    }
  });

  it('ends at the trust anchor itself, not at a copy of it among the intermediates, whatever the order', async () => {
    const root = await labCert({ name: 'Order Root' });
    const issuing = await labCert({ name: 'Order Issuing', issuer: root });
    const leaf = await labCert({ name: 'order-leaf', issuer: issuing, ca: false });
    for (const pool of [
      [entry(root, 'intermediate'), entry(issuing, 'intermediate', 1), entry(root, 'anchor')],
      [entry(root, 'anchor'), entry(root, 'intermediate'), entry(issuing, 'intermediate', 1)],
    ]) {
      const built = await buildPath(entry(leaf, 'leaf'), pool, signs);
      expect(built.end).toBe('anchor');
      expect(built.path.map((p) => p.role)).toEqual(['leaf', 'intermediate', 'anchor']);
    }
  });

  it('finds the real issuer first among many look-alike CAs of its name, before giving up on the pool', async () => {
    const root = await labCert({ name: 'Crowd Root' });
    const crowd: LabCert[] = [];
    for (let i = 0; i < 10; i++) crowd.push(await labCert({ name: 'Crowd CA', noSki: true }));
    const issuing = await labCert({ name: 'Crowd CA', issuer: root });
    const leaf = await labCert({ name: 'crowd-leaf', issuer: issuing, ca: false, noAki: true });
    const r = await validate(leaf, [...crowd, issuing], [root]);
    expect(r.path).toEqual(['leaf:CN=crowd-leaf', 'intermediate:CN=Crowd CA', 'anchor:CN=Crowd Root']);
    expect(r.sha256[1]).toBe(issuing.cert.sha256);
    expect(r.valid).toBe(true);
  });

  it('names the untrusted self-signed root rather than a missing issuer when neither reaches a trust anchor', async () => {
    const key = await testKey();
    const selfSigned = await labCert({ name: 'Lone Issuing', key });
    // the same name and key, issued by a CA never supplied, and naming another key as its own (so it issues
    // nothing to the self-signed one): a dead end whose signature on the leaf verifies as well
    const deadEnd = await labCert({
      name: 'Lone Issuing',
      key,
      issuerName: 'Lone Absent Root',
      skiOf: await testKey(),
    });
    const leaf = await labCert({ name: 'lone-leaf', issuer: selfSigned, ca: false, noAki: true });
    const elsewhere = await labCert({ name: 'Lone Other Root' });
    for (const intermediates of [
      [deadEnd, selfSigned],
      [selfSigned, deadEnd],
    ]) {
      const r = await validate(leaf, intermediates, [elsewhere]);
      expect(r.codes).toEqual(['untrusted-root']);
      expect(r.sha256).toEqual([leaf.cert.sha256, selfSigned.cert.sha256]);
    }
  });

  it('takes a path of verifying signatures to a trust anchor over a dead end whose signature verifies too', async () => {
    const root = await labCert({ name: 'Dead Root' });
    const issuing = await labCert({ name: 'Dead Issuing', issuer: root });
    const crossed = await labCert({ name: 'Dead Issuing', key: issuing.key, issuerName: 'Dead Absent Root' });
    const leaf = await labCert({ name: 'dead-leaf', issuer: issuing, ca: false });
    for (const pool of [
      [entry(crossed, 'intermediate'), entry(issuing, 'intermediate', 1), entry(root, 'anchor')],
      [entry(root, 'anchor'), entry(issuing, 'intermediate', 1), entry(crossed, 'intermediate')],
    ]) {
      const built = await buildPath(entry(leaf, 'leaf'), pool, signs);
      expect(built.end).toBe('anchor');
      expect(built.path.map((p) => p.cert.sha256)).toEqual([leaf.cert.sha256, issuing.cert.sha256, root.cert.sha256]);
    }
  });

  it('reports a leaf signed by another key than the trusted CA of its issuer name against that trusted CA', async () => {
    const trusted = await labCert({ name: 'Claim Issuing' });
    // the key that really signed the leaf, in a certificate of the same name whose own issuer is never supplied
    const impostor = await labCert({ name: 'Claim Issuing', issuerName: 'Claim Absent Root' });
    const leaf = await labCert({ name: 'claim-leaf', issuer: impostor, ca: false, noAki: true });
    const r = await validate(leaf, [impostor], [trusted]);
    expect(r.path).toEqual(['leaf:CN=claim-leaf', 'anchor:CN=Claim Issuing']);
    expect(r.codes).toEqual(['bad-signature']);
  });

  it('reports the shorter of two untrusted paths with as many verifying signatures, without a link it does not need', async () => {
    const key = await testKey();
    const selfSigned = await labCert({ name: 'Short Issuing', key });
    // the same key again, under an untrusted CA whose signature on it does not verify
    const under = await labCert({ name: 'Short Issuing', key, issuerName: 'Short Other', skiOf: await testKey() });
    const other = await labCert({ name: 'Short Other' });
    const leaf = await labCert({ name: 'short-leaf', issuer: selfSigned, ca: false, noAki: true });
    for (const intermediates of [
      [under, other, selfSigned],
      [selfSigned, under, other],
    ]) {
      const r = await validate(leaf, intermediates, []);
      expect(r.sha256).toEqual([leaf.cert.sha256, selfSigned.cert.sha256]);
      expect(r.codes).toEqual(['untrusted-root']);
    }
  });

  it('reports the trusted CA of the issuer name first, even when a look-alike issuer leads into a pool too big to search', async () => {
    // the leaf's signature verifies under the look-alike, whose issuers are a mesh of same-name CAs that exhausts
    // the search; the trusted CA of that name did not sign the leaf, and the report must say so
    const mesh: LabCert[] = [];
    for (let i = 0; i < 10; i++) mesh.push(await labCert({ name: 'Deep Mesh CA', noSki: true }));
    const lookAlike = await labCert({ name: 'Deep Issuing', issuer: mesh[0]!, noAki: true });
    const trusted = await labCert({ name: 'Deep Issuing' });
    const leaf = await labCert({ name: 'deep-leaf', issuer: lookAlike, ca: false, noAki: true });
    const r = await validate(leaf, [lookAlike, ...mesh], [trusted]);
    expect(r.path).toEqual(['leaf:CN=deep-leaf', 'anchor:CN=Deep Issuing']);
    expect(r.sha256[1]).toBe(trusted.cert.sha256);
    expect(r.codes).toEqual(['bad-signature']);
  });

  it('examines 2000 certificates of a pool before giving up, and not one more', async () => {
    // Depth first: the leaf's verifying issuer with a mesh of six same-name CAs above it (1,956 paths, none
    // trusted), then dead ends of the issuer's name, then the last look-alike, whose issuer is the trust anchor.
    // With 40 dead ends the anchor is the 2000th certificate examined (leaf 1, issuer and mesh 1,957, dead ends 40,
    // look-alike 1); with 41 it is the 2001st.
    const cache = new Map<string, Promise<boolean>>();
    const cachedSigns = (child: Certificate, issuer: Certificate) => {
      const id = `${child.sha256}|${issuer.sha256}`;
      if (!cache.has(id)) cache.set(id, signs(child, issuer));
      return cache.get(id)!;
    };
    const mesh: LabCert[] = [];
    for (let i = 0; i < 6; i++) mesh.push(await labCert({ name: 'Budget Mesh CA', noSki: true }));
    const issuing = await labCert({ name: 'Budget Issuing', issuer: mesh[0]!, noAki: true });
    const leaf = await labCert({ name: 'budget-leaf', issuer: issuing, ca: false, noAki: true });
    const deadEnds: LabCert[] = [];
    for (let i = 0; i < 41; i++) deadEnds.push(await labCert({ name: 'Budget Issuing', issuerName: 'Budget Nowhere' }));
    const root = await labCert({ name: 'Budget Root' });
    const lookAlike = await labCert({ name: 'Budget Issuing', issuer: root });
    const pool = (dead: number) => [
      entry(issuing, 'intermediate'),
      ...mesh.map((m) => entry(m, 'intermediate')),
      ...deadEnds.slice(0, dead).map((d) => entry(d, 'intermediate')),
      entry(lookAlike, 'intermediate'),
      entry(root, 'anchor'),
    ];
    const reached = await buildPath(entry(leaf, 'leaf'), pool(40), cachedSigns);
    expect(reached.end).toBe('anchor');
    expect(reached.path.map((p) => p.cert.sha256)).toEqual([leaf, lookAlike, root].map((c) => c.cert.sha256));
    const beyond = await buildPath(entry(leaf, 'leaf'), pool(41), cachedSigns);
    expect(beyond.end).not.toBe('anchor');
  });

  it('ends with a clear error, not a hang, on a pool of same-name CAs that could each have issued the others', async () => {
    const mesh: LabCert[] = [];
    for (let i = 0; i < 10; i++) mesh.push(await labCert({ name: 'Mesh CA', noSki: true }));
    const leaf = await labCert({ name: 'mesh-leaf', issuer: mesh[0]!, ca: false, noAki: true });
    const anchor = await labCert({ name: 'Mesh Trusted Root' });
    const r = await validate(leaf, mesh, [anchor]);
    expect(r.valid).toBe(false);
    // the links between mesh CAs do not verify (each signed itself); the path ends at one of them, untrusted
    expect(new Set(r.codes)).toEqual(new Set(['bad-signature', 'untrusted-root']));
    // among the equally good paths (every one ends untrusted after the same signatures), the one through the CAs
    // in the order they were listed: the same pool always gives the same report
    expect(r.sha256).toEqual([leaf.cert.sha256, ...mesh.map((m) => m.cert.sha256)]);
  });
});
