// The health check's pure rules, table-driven: the board clock answer, validity now and by the board's clock, key
// usage, and the chain verdicts as the worker reports them.
import { describe, expect, it } from 'vitest';
import type { ChainProblem } from '../../pki/crypto-types.ts';
import { rootById } from '../../pki/public-roots.ts';
import { chainFindings, usageFindings, validityFindings } from './cert-checks.ts';
import { parseCclk } from './board-clock.ts';
import { cert, DAY, iso, NOW } from '../testing.ts';
import { known, ref, report, UNKNOWN } from './testing.ts';

describe('parseCclk: the board clock from AT+CCLK?', () => {
  const table = [
    { line: '+CCLK: "26/11/21,09:15:02+04"', want: { status: 'known', at: '2026-11-21T09:15:02.000Z' } },
    { line: '+CCLK: "25/02/28,23:59:59-08"', want: { status: 'known', at: '2025-02-28T23:59:59.000Z' } },
    { line: '+CCLK: "80/01/06,00:00:10+00"', want: { status: 'unknown' } },
    { line: '+CCLK: "00/01/01,00:00:00+00"', want: { status: 'unknown' } },
    { line: '+CCLK: "26/02/30,10:00:00+00"', want: { status: 'unknown' } },
    { line: '+CCLK: 12345', want: { status: 'unknown' } },
    { line: 'OK', want: { status: 'unknown' } },
  ];
  for (const t of table)
    it(t.line, () => {
      expect(parseCclk([t.line])).toMatchObject(t.want);
    });
});

describe('validity: now and by the board clock', () => {
  const table = [
    { name: 'expired', c: { notAfter: iso(NOW - DAY) }, clock: UNKNOWN, want: ['cert-expired'] },
    { name: 'not yet valid', c: { notBefore: iso(NOW + DAY) }, clock: UNKNOWN, want: ['cert-not-yet-valid'] },
    { name: 'expires in 10 days', c: { notAfter: iso(NOW + 10 * DAY) }, clock: UNKNOWN, want: ['cert-expires-soon'] },
    { name: 'valid', c: {}, clock: UNKNOWN, want: ['cert-valid'] },
    {
      name: 'valid now, expired by a clock that runs ahead',
      c: { notAfter: iso(NOW + 40 * DAY) },
      clock: known(NOW + 400 * DAY),
      want: ['cert-valid', 'cert-expired-board-clock'],
    },
    {
      name: 'valid now, not yet valid by a clock that is behind',
      c: { notBefore: iso(NOW - DAY) },
      clock: known(NOW - 30 * DAY),
      want: ['cert-valid', 'cert-not-yet-valid-board-clock'],
    },
  ];
  for (const t of table)
    it(t.name, () => {
      expect(validityFindings(cert(t.c), 42, NOW, t.clock).map((f) => f.code)).toEqual(t.want);
    });
});

describe('usage for TLS client authentication', () => {
  const serverAuth = [{ oid: '1.3.6.1.5.5.7.3.1', name: 'serverAuth' }];
  const table = [
    { name: 'digitalSignature + clientAuth', c: {}, want: ['usage-ok'] },
    {
      name: 'a CA certificate',
      c: { isCa: true, keyUsage: ['keyCertSign' as const] },
      want: ['cert-is-ca', 'key-usage'],
    },
    { name: 'keyEncipherment only', c: { keyUsage: ['keyEncipherment' as const] }, want: ['key-usage'] },
    { name: 'serverAuth only', c: { extKeyUsage: serverAuth }, want: ['ext-key-usage'] },
    { name: 'no EKU', c: { extKeyUsage: null }, want: ['no-ext-key-usage'] },
  ];
  for (const t of table)
    it(t.name, () => {
      expect(usageFindings(cert(t.c), 42).map((f) => f.code)).toEqual(t.want);
    });
});

const problem = (code: ChainProblem['code'], pathIndex = 0, severity: ChainProblem['severity'] = 'error') => ({
  code,
  severity,
  message: `${code} problem`,
  cert: ref(pathIndex, pathIndex === 0 ? 'CN=dev-1' : 'CN=Fleet CA'),
});

describe('chain verdicts from the worker report', () => {
  const fleet = [cert({ subject: 'CN=Fleet CA', isCa: true, sha256: 'D4'.repeat(32) })];
  const amazon = [cert({ subject: 'CN=Amazon Root CA 1', isCa: true, sha256: rootById('amazon-root-ca-1').sha256 })];
  const table = [
    { name: 'valid', r: report([]), anchors: fleet, source: 'tag' as const, want: [['chain-ok', 'ok']] },
    {
      name: 'untrusted root under a private CA at the tag',
      r: report([problem('untrusted-root')]),
      anchors: fleet,
      source: 'tag' as const,
      want: [['chain-other-ca', 'error']],
    },
    {
      name: 'missing issuer where the tag holds a public server root',
      r: report([problem('missing-intermediate')]),
      anchors: amazon,
      source: 'tag' as const,
      want: [['chain-server-root', 'info']],
    },
    {
      name: 'the CA the user gave does not anchor it',
      r: report([problem('missing-intermediate')]),
      anchors: fleet,
      source: 'user' as const,
      want: [['chain-user-ca-failed', 'error']],
    },
    {
      name: 'a bad signature on the path',
      r: report([problem('bad-signature')], false),
      anchors: fleet,
      source: 'tag' as const,
      want: [['chain-defect', 'error']],
    },
    {
      name: 'an expired leaf is left to the validity check',
      r: report([problem('expired', 0)], false),
      anchors: fleet,
      source: 'tag' as const,
      want: [['chain-ok', 'ok']],
    },
    {
      name: 'a warning keeps the chain valid',
      r: report([problem('unusual-algorithm', 1, 'warning')], true),
      anchors: fleet,
      source: 'tag' as const,
      want: [
        ['chain-ok', 'ok'],
        ['chain-warning', 'warning'],
      ],
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const out = chainFindings(cert(), t.r, { secTag: 42, anchors: t.anchors, anchorSource: t.source });
      expect(out.map((f) => [f.code, f.severity])).toEqual(t.want);
      expect(out.every((f) => f.evidence.includes('Chain validation'))).toBe(true);
    });

  it('a worker error is "not checked", never a pass', () => {
    const out = chainFindings(cert(), { error: 'worker died' }, { secTag: 42, anchors: fleet, anchorSource: 'tag' });
    expect(out.map((f) => [f.code, f.severity])).toEqual([['chain-not-checked', 'warning']]);
  });
});
