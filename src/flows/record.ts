// Layer: flows. What a flow persists per board (public material only: CSR, certificates, SHA-256 digests, choices)
// and the resume rules, as a pure function: given the stored record and what the board shows now, where does the
// flow continue? A key is reused only while the board still lists the same key-slot SHA at the sec_tag and (before
// a certificate exists for its CSR) the CSR is not older than the profile allows.
import type { DeviceIdentity } from '../devices/device.ts';
import type { CheckedLeaf, PlannedWrite } from '../pki/crypto-types.ts';
import type { BackupBundle, CaRef, CsrSummary, DoneSummary, ProvisionProfile, StepName } from './types.ts';

/** The last milestone reached and persisted; the next step follows from it. */
export type FlowPhase =
  'prepared' | 'key-generated' | 'csr-checked' | 'certificate-received' | 'checked' | 'written' | 'verified' | 'done';

export interface KeygenRecord {
  readonly secTag: number;
  readonly subject: string | null;
  /** The board's answer line, verbatim (CSR + COSE: public). */
  readonly raw: string;
  readonly csrPem: string;
  readonly csrSha256: string;
  /** SHA-256 the board lists for its private key slot after generation (a hash, not the key), or null. */
  readonly keySlotSha256: string | null;
  readonly generatedAt: string;
}

export interface CheckRecord {
  readonly writes: readonly PlannedWrite[];
  readonly leaf: CheckedLeaf;
  readonly intermediatesPem: readonly string[];
  readonly anchorPem: string | null;
  readonly caName: string;
  readonly checkedAt: string;
}

export interface FlowRecord {
  readonly version: 1;
  readonly deviceId: string;
  readonly device: DeviceIdentity;
  readonly profile: ProvisionProfile;
  readonly ca: CaRef;
  readonly phase: FlowPhase;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly backup: BackupBundle | null;
  readonly keygen: KeygenRecord | null;
  readonly csr: CsrSummary | null;
  readonly check: CheckRecord | null;
  readonly written: readonly { readonly kind: PlannedWrite['kind']; readonly sha256: string; readonly at: string }[];
  readonly modemRestored: boolean;
  /** The functional mode the board had when this run took it offline, kept until it was put back: after a reload
   * mid-key-generation or mid-write the board is still offline and only this says what to restore (absent in
   * records from before it was kept). Prepare saves it already, read just before the key generation takes the board
   * offline (a resume finding the board online only forgets it). */
  readonly modeBeforeOffline?: number | null;
  readonly summary: DoneSummary | null;
}

/** What a CA returned for a CSR, kept by the CSR's SHA-256 as soon as it arrives (before any check). */
export interface IssuedRecord {
  readonly csrSha256: string;
  readonly deviceId: string;
  readonly ca: CaRef;
  readonly caName: string;
  readonly certificates: readonly Uint8Array[];
  readonly format: string;
  readonly receivedAt: string;
}

/** The step that follows a phase. */
export const STEP_AFTER: Readonly<Record<FlowPhase, StepName>> = {
  prepared: 'generate-key',
  'key-generated': 'check-csr',
  'csr-checked': 'get-certificate',
  'certificate-received': 'check-before-write',
  // Checked before a reload: check again (time passed, the CA may differ), then write what is missing.
  checked: 'check-before-write',
  written: 'verify',
  verified: 'done',
  done: 'prepare',
};

export const PHASE_ORDER: readonly FlowPhase[] = [
  'prepared',
  'key-generated',
  'csr-checked',
  'certificate-received',
  'checked',
  'written',
  'verified',
  'done',
];

export const phaseAtLeast = (phase: FlowPhase, min: FlowPhase) =>
  PHASE_ORDER.indexOf(phase) >= PHASE_ORDER.indexOf(min);

export type ResumeDecision =
  /** Nothing unfinished: provisioning starts at prepare (`previous`: the last completed run). */
  | { readonly kind: 'fresh'; readonly previous: DoneSummary | null }
  /** Continue at `step`; `note` says what was kept. */
  | { readonly kind: 'continue'; readonly phase: FlowPhase; readonly step: StepName; readonly note: string }
  /** The stored key cannot be used: keep the choices and backup, generate a new key. */
  | { readonly kind: 'new-key'; readonly reason: string };

export interface BoardNow {
  /** SHA-256 the board lists now for the private key slot at the record's sec_tag, or null when none. */
  readonly keySlotSha256: string | null;
}

const HOUR = 3_600_000;

export function resumeDecision(
  record: FlowRecord | null,
  board: BoardNow,
  hasIssuedCertificate: boolean,
  now: number,
): ResumeDecision {
  if (!record || record.phase === 'done') return { kind: 'fresh', previous: record?.summary ?? null };
  const step = STEP_AFTER[record.phase];
  const kg = record.keygen;
  if (!kg) return { kind: 'continue', phase: record.phase, step, note: 'Continuing with the choices made before.' };
  const tag = record.profile.secTag;
  if (kg.keySlotSha256 === null || board.keySlotSha256 !== kg.keySlotSha256)
    return {
      kind: 'new-key',
      reason:
        board.keySlotSha256 === null
          ? `The board no longer holds the key generated at sec_tag ${tag}: a new key will be generated.`
          : `The key at sec_tag ${tag} is not the one generated before (it was replaced): a new key will be generated.`,
    };
  const ageHours = (now - Date.parse(kg.generatedAt)) / HOUR;
  if (
    !hasIssuedCertificate &&
    !phaseAtLeast(record.phase, 'certificate-received') &&
    ageHours > record.profile.csrMaxAgeHours
  )
    return {
      kind: 'new-key',
      reason: `The CSR is ${Math.floor(ageHours)} hours old; the profile allows ${record.profile.csrMaxAgeHours}: a new key will be generated.`,
    };
  const kept = hasIssuedCertificate
    ? 'The key and the certificate already issued for its CSR are used again.'
    : 'The key generated before is still on the board and used again.';
  return { kind: 'continue', phase: record.phase, step, note: kept };
}
