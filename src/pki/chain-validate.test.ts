// validateChain on chains Debian's openssl builds at test time, one per defect (RFC 5280 §6 and the TLS purpose
// rules), each compared with `openssl verify -auth_level 2 -purpose sslclient` on the same files.
import { describe, expect, it } from 'vitest';
import { tamperSignature } from './openssl-fixtures.ts';
import { validateChain } from './chain-validate.ts';
import type { ChainProblemCode } from './crypto-types.ts';
import { c, DAY, lab, setUpChainLab, UNKNOWN_OID } from './testing/chain-lab.ts';

setUpChainLab();

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
