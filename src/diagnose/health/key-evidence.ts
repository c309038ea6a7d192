// Layer: diagnostics. Does the board hold the key of the certificate it stores, and on what evidence? Two pure parts:
// picking the audit trail's evidence for a board and sec_tag (the newest key generation there, its public key from
// the keygen record or the CSR check that followed it, and whether the key may have changed since: any later key
// generation or private-key write or delete at that tag, whatever its outcome, since an unfinished, failed or
// cancelled one may still have replaced the key), and judging any
// evidence against the certificate. Strongest evidence first: a challenge the board signed, a public key it exported,
// then the audit trail; otherwise "no evidence available", said plainly.
import type { AuditRecord } from '../../audit/types.ts';
import { shortHash, type Finding, type HealthCode } from './finding.ts';
import type { CertSummary, KeyEvidence } from './types.ts';

export type KeyRecord = Pick<AuditRecord, 'seq' | 'time' | 'operator' | 'action' | 'outcome' | 'detail'> & {
  /** On an outcome record, the intent it closes (a record closing an older attempt is about that attempt). */
  readonly intentSeq?: number | null;
  readonly errorCode?: string | null;
};

/** Records of an attempt to change the key at `secTag`: key generation, or a private key written or deleted. */
const changesKey = (r: KeyRecord, secTag: number) =>
  r.detail.secTag === secTag &&
  (r.action === 'keygen' ||
    ((r.action === 'credential-write' || r.action === 'credential-delete') &&
      (r.detail.credentialKind === 'privateKey' || r.detail.credentialKind === undefined)));

const OUTCOME_WORDS: Record<string, string> = {
  intent: 'was started and never finished (an intent without an outcome)',
  failure: 'failed',
  cancelled: 'was cancelled',
};

function laterChange(r: KeyRecord, secTag: number): string {
  const what =
    r.action === 'keygen'
      ? 'a new key generation'
      : r.action === 'credential-write'
        ? 'a private key write'
        : 'a private key delete';
  if (r.outcome === 'success')
    return r.action === 'keygen'
      ? `a key was generated again at sec_tag ${secTag} after it (record #${r.seq})`
      : `a private key was ${r.action === 'credential-write' ? 'written' : 'deleted'} at sec_tag ${secTag} after it (record #${r.seq})`;
  const code = r.errorCode ? ` (${r.errorCode})` : '';
  const how = `${OUTCOME_WORDS[r.outcome] ?? `ended as "${r.outcome}"`}${code}`;
  return `${what} at sec_tag ${secTag} after it ${how} (record #${r.seq}); it may have replaced the key`;
}

const same = (a: string | undefined | null, b: string | undefined | null) =>
  !!a && !!b && a.toUpperCase() === b.toUpperCase();

export interface AuditPick {
  readonly evidence: Extract<KeyEvidence, { kind: 'audit' }> | null;
  /** Why there is none, for the "tried" list. */
  readonly note: string;
}

/** The audit trail's evidence for `secTag`, from this board's records (any order). */
export function auditKeyEvidence(records: readonly KeyRecord[], secTag: number, keySlotNow: string | null): AuditPick {
  const newest = [...records].sort((a, b) => b.seq - a.seq);
  const keygen = newest.find((r) => r.action === 'keygen' && r.outcome === 'success' && r.detail.secTag === secTag);
  if (!keygen)
    return { evidence: null, note: `the audit trail has no key generation record for this board at sec_tag ${secTag}` };
  const csrCheck = newest.find(
    (r) =>
      r.action === 'csr-checked' &&
      r.outcome === 'success' &&
      r.detail.secTag === secTag &&
      same(r.detail.csrSha256, keygen.detail.csrSha256) &&
      r.detail.spkiSha256,
  );
  const spki = keygen.detail.spkiSha256 ?? csrCheck?.detail.spkiSha256;
  if (!spki)
    return {
      evidence: null,
      note: `audit record #${keygen.seq} says a key was generated at sec_tag ${secTag}, but no record holds its public key`,
    };
  // The oldest later attempt names the first moment the recorded key may have stopped being the board's.
  const later = [...newest]
    .reverse()
    .find((r) => r.seq > keygen.seq && (r.intentSeq ?? r.seq) > keygen.seq && changesKey(r, secTag));
  const recorded = keygen.detail.contentSha256 ?? null;
  const staleBecause = later
    ? laterChange(later, secTag)
    : keySlotNow === null && recorded
      ? `the board lists no private key at sec_tag ${secTag} now`
      : recorded && keySlotNow && !same(recorded, keySlotNow)
        ? `the key slot's SHA-256 the board lists now (${shortHash(keySlotNow)}) differs from the one recorded at generation (${shortHash(recorded)}): the key was replaced since`
        : null;
  return {
    evidence: {
      kind: 'audit',
      seq: keygen.seq,
      time: keygen.time,
      operator: keygen.operator,
      spkiSha256: spki.toUpperCase(),
      keySlotRecorded: recorded,
      keySlotNow,
      staleBecause,
    },
    note: '',
  };
}

type KeyFinding = Finding<HealthCode>;

const NO_BOARD_CHECK =
  'mbedTLS does not catch this on the board either: it does not compare its own certificate with its key, and ' +
  'mbedtls_pk_check_pair cannot check keys it cannot read (mbedtls #3903); a mismatch shows only as a failed ' +
  'handshake (the server answers decrypt_error or bad_certificate).';

function describe(e: Exclude<KeyEvidence, { kind: 'none' }>): string {
  switch (e.kind) {
    case 'challenge':
      return `The board signed a fresh random 32-byte challenge with the key in slot ${e.slot}; the crypto worker checked the signature with the certificate's ${e.curve} public key.`;
    case 'exported-key':
      return `The public key the board exported for slot ${e.slot} (SPKI SHA-256 ${shortHash(e.spkiSha256)}).`;
    case 'audit': {
      const slot =
        e.keySlotRecorded && e.keySlotNow
          ? " The key slot's SHA-256 the board lists now is the one recorded then, so the key was not replaced."
          : e.keySlotRecorded
            ? ''
            : ' The record has no key slot digest, so a later replacement of the key could not be ruled out.';
      return `Audit trail record #${e.seq} (key generation on this board, ${e.time}, operator ${e.operator}): the generated key has SPKI SHA-256 ${shortHash(e.spkiSha256)}.${slot}`;
    }
  }
}

/** The key-match finding for one client certificate. */
export function keyFinding(cert: CertSummary, evidence: KeyEvidence, secTag: number): KeyFinding {
  const base = { secTag, certificate: cert.subject };
  if (evidence.kind === 'none')
    return {
      ...base,
      code: 'key-no-evidence',
      severity: 'info',
      title: 'Key match not checked: no evidence available',
      explanation: `Whether the board's key at sec_tag ${secTag} belongs to this certificate could not be checked: ${evidence.tried.join('; ')}. ${NO_BOARD_CHECK}`,
      action:
        'Provision the board with KeyWire (its key generation is recorded), or compare the CSR you kept with this certificate under Inspect.',
      evidence: `No evidence available. Tried: ${evidence.tried.join('; ')}.`,
    };
  if (evidence.kind === 'audit' && evidence.staleBecause)
    return {
      ...base,
      code: 'key-evidence-stale',
      severity: 'warning',
      title: 'Key match not checked: the recorded key was replaced',
      explanation: `The audit trail recorded the key generated at sec_tag ${secTag}, but ${evidence.staleBecause}. The record no longer tells which key the board holds. ${NO_BOARD_CHECK}`,
      action: 'Find out who changed the key (Audit section, this board); provision the sec_tag again with KeyWire.',
      evidence: describe(evidence),
    };
  const matches = evidence.kind === 'challenge' ? evidence.valid : same(evidence.spkiSha256, cert.spkiSha256);
  if (matches)
    return {
      ...base,
      code: 'key-match',
      severity: 'ok',
      title: "The certificate is for the board's key",
      explanation: `The board's key at sec_tag ${secTag} is the key in the certificate (SPKI SHA-256 ${shortHash(cert.spkiSha256)}).`,
      action: '',
      evidence: describe(evidence),
    };
  return {
    ...base,
    code: 'key-mismatch',
    severity: 'error',
    title: 'The certificate is for another key',
    explanation:
      evidence.kind === 'challenge'
        ? `The board's signature does not verify with the certificate's key: the key in slot ${evidence.slot} is not the certificate's. The TLS handshake will fail when the board proves it holds the key. ${NO_BOARD_CHECK}`
        : `The certificate's key (SPKI SHA-256 ${shortHash(cert.spkiSha256)}) is not the board's key (${shortHash(evidence.spkiSha256)}). The TLS handshake will fail when the board proves it holds the key. ${NO_BOARD_CHECK}`,
    action:
      'Get a certificate for the key the board holds (re-provision this sec_tag: new key, CSR, certificate), or write the certificate that was issued for this key.',
    evidence: describe(evidence),
  };
}
