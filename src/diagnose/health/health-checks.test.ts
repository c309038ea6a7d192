// The health check's pure rules, table-driven: the board clock answer, validity now and by the board's clock, key
// usage, the chain verdicts as the worker reports them, key evidence from the audit trail and its judgement, what a
// sec_tag holds, and the size limits (nRF91: 4096-byte chain, 4096-character command).
import { describe, expect, it } from 'vitest';
import type { ChainProblem, ChainReport } from '../../workers/types.ts';
import { rootById } from '../broker/roots.ts';
import { chainFindings, usageFindings, validityFindings } from './cert-checks.ts';
import { checkHealth } from './check.ts';
import { auditKeyEvidence, keyFinding, type KeyRecord } from './key-evidence.ts';
import { parseCclk } from './board-clock.ts';
import type { BoardClock, CertSummary, HealthFacts, KeyEvidence, StoredItem } from './types.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const UNKNOWN: BoardClock = { status: 'unknown', reason: 'test' };
const known = (ms: number): BoardClock => ({ status: 'known', at: iso(ms), raw: '+CCLK: ...', source: 'AT+CCLK?' });

function cert(o: Partial<CertSummary> = {}): CertSummary {
  return {
    subject: 'CN=dev-1',
    commonName: 'dev-1',
    issuer: 'CN=Fleet CA',
    serialHex: '01',
    notBefore: iso(NOW - 365 * DAY),
    notAfter: iso(NOW + 3650 * DAY),
    sha256: 'A1'.repeat(32),
    spkiSha256: 'B2'.repeat(32),
    keyAlgorithm: 'EC',
    curve: 'P-256',
    keyBits: 256,
    signatureAlgorithm: 'ecdsa-with-SHA256',
    signatureHash: 'SHA-256',
    keyUsage: ['digitalSignature'],
    extKeyUsage: [{ oid: '1.3.6.1.5.5.7.3.2', name: 'clientAuth' }],
    isCa: false,
    selfIssued: false,
    derBytes: 500,
    dnsNames: [],
    ...o,
  };
}

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

const ref = (pathIndex: number, subject: string, role: 'leaf' | 'intermediate' | 'anchor' = 'leaf') => ({
  pathIndex,
  role,
  inputIndex: 0,
  subject,
  sha256: 'C3'.repeat(32),
});
const report = (problems: ChainProblem[], valid = problems.length === 0): ChainReport => ({
  valid,
  path: valid ? [ref(0, 'CN=dev-1'), ref(1, 'CN=Fleet CA', 'anchor')] : [ref(0, 'CN=dev-1')],
  problems,
  at: iso(NOW),
  purpose: 'clientAuth',
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

const SPKI = 'B2'.repeat(32);
const SLOT = 'E5'.repeat(32);
const rec = (seq: number, action: string, outcome: string, detail: Record<string, unknown>): KeyRecord =>
  ({ seq, time: iso(NOW - (100 - seq) * DAY), operator: 'Ada', action, outcome, detail }) as KeyRecord;
const keygen = (seq: number, extra: Record<string, unknown> = {}) =>
  rec(seq, 'keygen', 'success', { secTag: 42, csrSha256: 'AA'.repeat(32), contentSha256: SLOT, ...extra });
const csrChecked = (seq: number, spki = SPKI) =>
  rec(seq, 'csr-checked', 'success', { secTag: 42, csrSha256: 'AA'.repeat(32), spkiSha256: spki });

describe('key evidence from the audit trail', () => {
  const table: { name: string; records: KeyRecord[]; slot: string | null; want: Partial<KeyEvidence> | null }[] = [
    { name: 'no records', records: [], slot: SLOT, want: null },
    { name: 'keygen at another tag', records: [rec(1, 'keygen', 'success', { secTag: 7 })], slot: SLOT, want: null },
    { name: 'keygen without any public key recorded', records: [keygen(1)], slot: SLOT, want: null },
    {
      name: 'keygen then CSR check',
      records: [keygen(1), csrChecked(2)],
      slot: SLOT,
      want: { seq: 1, spkiSha256: SPKI, staleBecause: null },
    },
    {
      name: 'keygen carrying the SPKI itself',
      records: [keygen(3, { spkiSha256: SPKI.toLowerCase() })],
      slot: SLOT,
      want: { seq: 3, spkiSha256: SPKI },
    },
    {
      name: 'the newest keygen wins',
      records: [keygen(1, { spkiSha256: 'F0'.repeat(32) }), keygen(5, { spkiSha256: SPKI })],
      slot: SLOT,
      want: { seq: 5, spkiSha256: SPKI },
    },
    {
      name: 'a private key written after it makes it stale',
      records: [
        keygen(1, { spkiSha256: SPKI }),
        rec(4, 'credential-write', 'success', { secTag: 42, credentialKind: 'privateKey' }),
      ],
      slot: SLOT,
      want: { seq: 1, staleBecause: 'a private key was written at sec_tag 42 after it (record #4)' },
    },
    {
      name: 'a changed key slot digest makes it stale',
      records: [keygen(1, { spkiSha256: SPKI })],
      slot: '11'.repeat(32),
      want: { seq: 1 },
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const pick = auditKeyEvidence(t.records, 42, t.slot);
      if (t.want === null) {
        expect(pick.evidence).toBeNull();
        expect(pick.note).not.toBe('');
      } else expect(pick.evidence).toMatchObject(t.want);
    });

  it('says the key was replaced when the slot digest changed', () => {
    expect(auditKeyEvidence([keygen(1, { spkiSha256: SPKI })], 42, '11'.repeat(32)).evidence?.staleBecause).toContain(
      'the key was replaced since',
    );
    expect(auditKeyEvidence([keygen(1, { spkiSha256: SPKI })], 42, null).evidence?.staleBecause).toContain(
      'lists no private key',
    );
  });
});

describe('key match judgement, naming the evidence', () => {
  const audit = (spki: string, stale: string | null = null): KeyEvidence => ({
    kind: 'audit',
    seq: 12,
    time: iso(NOW),
    operator: 'Ada',
    spkiSha256: spki,
    keySlotRecorded: SLOT,
    keySlotNow: SLOT,
    staleBecause: stale,
  });
  const table: { name: string; e: KeyEvidence; want: [string, string]; evidence: string }[] = [
    {
      name: 'challenge verifies',
      e: { kind: 'challenge', slot: 3, valid: true, curve: 'P-256' },
      want: ['key-match', 'ok'],
      evidence: 'challenge',
    },
    {
      name: 'challenge fails',
      e: { kind: 'challenge', slot: 3, valid: false, curve: 'P-256' },
      want: ['key-mismatch', 'error'],
      evidence: 'challenge',
    },
    {
      name: 'exported key equal',
      e: { kind: 'exported-key', slot: 3, spkiSha256: SPKI },
      want: ['key-match', 'ok'],
      evidence: 'exported',
    },
    {
      name: 'exported key differs',
      e: { kind: 'exported-key', slot: 3, spkiSha256: '00'.repeat(32) },
      want: ['key-mismatch', 'error'],
      evidence: 'exported',
    },
    { name: 'audit record equal', e: audit(SPKI), want: ['key-match', 'ok'], evidence: 'Audit trail record #12' },
    {
      name: 'audit record differs',
      e: audit('00'.repeat(32)),
      want: ['key-mismatch', 'error'],
      evidence: 'Audit trail record #12',
    },
    {
      name: 'audit record stale',
      e: audit(SPKI, 'a private key was deleted'),
      want: ['key-evidence-stale', 'warning'],
      evidence: 'Audit trail record #12',
    },
    {
      name: 'nothing',
      e: { kind: 'none', tried: ['no audit trail'] },
      want: ['key-no-evidence', 'info'],
      evidence: 'No evidence available',
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const f = keyFinding(cert({ spkiSha256: SPKI }), t.e, 42);
      expect([f.code, f.severity]).toEqual(t.want);
      expect(f.evidence).toContain(t.evidence);
    });
});

function item(kind: StoredItem['kind'], read: StoredItem['read'], secTag = 42): StoredItem {
  return { secTag, kind, deviceType: kind === 'caCert' ? '0' : kind === 'clientCert' ? '1' : '2', sha256: null, read };
}
const readCerts = (certificates: CertSummary[], commandChars: number | null = 900): StoredItem['read'] => ({
  status: 'read',
  chars: 800,
  certificates,
  commandChars,
});

function facts(items: StoredItem[], client?: CertSummary, extra: CertSummary[] = []): HealthFacts {
  return {
    identity: { family: 'nrf91', deviceId: 'u-1', manufacturer: 'Nordic', model: 'nRF9160', firmware: '1.3.5' },
    family: 'nrf91',
    limits: { maxCommandChars: 4096, maxChainBytes: 4096, pemLineEnding: 'lf' },
    listsKeys: true,
    checkedAt: NOW,
    clock: UNKNOWN,
    items,
    clientCerts: client
      ? [
          {
            secTag: 42,
            leaf: client,
            extra,
            chainToTagCa: report([]),
            chainToUserCa: null,
            keyEvidence: { kind: 'none', tried: ['x'] },
          },
        ]
      : [],
    userCa: [],
  };
}

describe('what a sec_tag holds, and the size limits', () => {
  const ca = cert({ subject: 'CN=Fleet CA', isCa: true });
  const leaf = cert();
  const table: { name: string; f: HealthFacts; want: string[] }[] = [
    {
      name: 'a certificate without its key',
      f: facts([item('caCert', readCerts([ca])), item('clientCert', readCerts([leaf]))], leaf),
      want: ['key-missing'],
    },
    {
      name: 'a key without a certificate',
      f: facts([item('caCert', readCerts([ca])), item('privateKey', { status: 'not-readable', reason: 'key' })]),
      want: ['cert-missing'],
    },
    {
      name: 'a certificate and key without a CA',
      f: facts(
        [item('clientCert', readCerts([leaf])), item('privateKey', { status: 'not-readable', reason: 'key' })],
        leaf,
      ),
      want: ['ca-missing'],
    },
    {
      name: 'unreadable and non-certificate content',
      f: facts([item('caCert', { status: 'failed', message: 'timeout' }), item('clientCert', readCerts([]))]),
      want: ['not-a-certificate', 'read-failed', 'key-missing'],
    },
    {
      name: 'an expired CA, a CA chain over 4096 bytes and a command over 4096 characters',
      f: facts([
        item(
          'caCert',
          readCerts(
            [cert({ isCa: true, notAfter: iso(NOW - DAY), derBytes: 2100 }), cert({ isCa: true, derBytes: 2100 })],
            5800,
          ),
        ),
      ]),
      want: ['ca-chain-too-large', 'ca-expired', 'command-too-long'],
    },
    {
      name: 'a client chain over 4096 bytes',
      f: facts(
        [
          item('caCert', readCerts([ca])),
          item('clientCert', readCerts([leaf])),
          item('privateKey', { status: 'not-readable', reason: 'key' }),
        ],
        cert({ derBytes: 1500 }),
        [cert({ isCa: true, derBytes: 3000 })],
      ),
      want: ['client-chain-too-large'],
    },
    {
      name: 'exactly at the limits is fine',
      f: facts(
        [
          item('caCert', readCerts([cert({ isCa: true, derBytes: 4096 })], 4096)),
          item('clientCert', readCerts([leaf], 4096)),
          item('privateKey', { status: 'not-readable', reason: 'key' }),
        ],
        cert({ derBytes: 4096 }),
      ),
      want: [],
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const r = checkHealth(t.f);
      const bad = r.tags.flatMap((x) => x.findings).filter((f) => f.severity === 'error' || f.severity === 'warning');
      expect(bad.map((f) => f.code).sort()).toEqual([...t.want].sort());
    });

  it('the verdict is the worst severity, and passed checks are listed with their evidence', () => {
    const clean = checkHealth(
      facts(
        [
          item('caCert', readCerts([ca])),
          item('clientCert', readCerts([leaf])),
          item('privateKey', { status: 'not-readable', reason: 'key' }),
        ],
        leaf,
      ),
    );
    expect(clean.verdict).toBe('passed');
    const ok = clean.tags[0]!.findings.filter((f) => f.severity === 'ok');
    expect(ok.map((f) => f.code)).toEqual(['cert-valid', 'usage-ok', 'chain-ok', 'size-ok']);
    expect(ok.every((f) => f.evidence.length > 20)).toBe(true);
    const broken = checkHealth(facts([item('clientCert', readCerts([leaf]))], cert({ notAfter: iso(NOW - DAY) })));
    expect(broken.verdict).toBe('failed');
  });
});
