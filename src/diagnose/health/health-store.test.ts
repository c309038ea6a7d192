// The health check's pure rules, table-driven: key evidence from the audit trail and its judgement, what a sec_tag
// holds, and the size limits (nRF91: 4096-byte chain, 4096-character command).
import { describe, expect, it } from 'vitest';
import { checkHealth } from './check.ts';
import { auditKeyEvidence, keyFinding, type KeyRecord } from './key-evidence.ts';
import { cert, DAY, iso, NOW } from '../testing.ts';
import { report, UNKNOWN } from './testing.ts';
import type { CertSummary, HealthFacts, KeyEvidence, StoredItem } from './types.ts';

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
    ...(
      [
        ['a key generation left as an intent', 'keygen', 'intent', {}, 'never finished'],
        ['a failed key generation', 'keygen', 'failure', {}, 'failed'],
        [
          'a key generation closed as outcome unknown',
          'keygen',
          'failure',
          { errorCode: 'outcome-unknown' },
          'outcome-unknown',
        ],
        ['a cancelled key generation', 'keygen', 'cancelled', {}, 'cancelled'],
        ['a private key write left open', 'credential-write', 'intent', { credentialKind: 'privateKey' }, 'write'],
        ['a failed private key delete', 'credential-delete', 'failure', { credentialKind: 'privateKey' }, 'delete'],
      ] as const
    ).map(([name, action, outcome, extra, says]) => ({
      name: `${name} after it makes it stale`,
      records: [
        keygen(1, { spkiSha256: SPKI }),
        {
          ...rec(6, action, outcome, { secTag: 42, ...('credentialKind' in extra ? extra : {}) }),
          ...('errorCode' in extra ? { errorCode: extra.errorCode } : {}),
        },
      ],
      slot: SLOT,
      want: { seq: 1, staleBecause: expect.stringContaining(says) as unknown as string },
    })),
    {
      name: 'an attempt at another sec_tag, or on a certificate, does not',
      records: [
        keygen(1, { spkiSha256: SPKI }),
        rec(3, 'keygen', 'intent', { secTag: 7 }),
        rec(4, 'credential-write', 'failure', { secTag: 42, credentialKind: 'clientCert' }),
      ],
      slot: SLOT,
      want: { seq: 1, staleBecause: null },
    },
    {
      name: 'closing an older attempt after it does not (the outcome is about that attempt)',
      records: [
        rec(1, 'keygen', 'intent', { secTag: 42 }),
        keygen(2, { spkiSha256: SPKI }),
        { ...rec(5, 'keygen', 'failure', { secTag: 42 }), intentSeq: 1 },
      ],
      slot: SLOT,
      want: { seq: 2, staleBecause: null },
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
