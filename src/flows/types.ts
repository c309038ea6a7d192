// Layer: flows, the provisioning contract (types only). What a UI state class sees of a provisioning flow: the
// current step as a discriminated union with its data, the one next action, progress, and the choices. Everything
// here is public material (CSR, certificates, SHA-256 digests, choices): no secret ever enters a flow.
import type { CaSource, CaSourceKind, EnrollStatus } from '../ca/types.ts';
import type { CredentialKind, DeviceIdentity } from '../devices/device.ts';
import type { FinalOutcome } from '../audit/types.ts';
import type { WriteCheckReport } from '../pki/crypto-types.ts';
import type { CloudProfile } from './cloud-rules.ts';

export type StepName =
  | 'connect'
  | 'identify'
  | 'open-intents'
  | 'prepare'
  | 'generate-key'
  | 'check-csr'
  | 'get-certificate'
  | 'check-before-write'
  | 'write'
  | 'verify'
  | 'done';

/** How the certificate's CN is chosen. 'keep': the board's own CSR subject (nRF91: its device UUID). */
export type CnChoice =
  | { readonly mode: 'keep' }
  | { readonly mode: 'device-uuid' }
  | { readonly mode: 'imei' }
  | { readonly mode: 'custom'; readonly cn: string }
  /** Azure IoT Hub (X.509 CA-signed devices): the CN must be the device id registered in the hub. */
  | { readonly mode: 'azure-iot-hub'; readonly deviceId: string };

export interface ProvisionProfile {
  /** 0..2147483647 (nRF91 user range). */
  readonly secTag: number;
  /** Certificate validity asked of the CA, 1..3650 days. */
  readonly validityDays: number;
  readonly commonName: CnChoice;
  /** Ask for keyAgreement beside digitalSignature. */
  readonly keyAgreement: boolean;
  /** Also write the CA's root certificate as the root CA credential (nRF91 type 0) at the same sec_tag. */
  readonly writeCaCertificate: boolean;
  /** On resume, a CSR older than this is not used: a new key is generated. 1..8760 hours. */
  readonly csrMaxAgeHours: number;
  /** The cloud the certificate is for; its rules are checked before writing (`cloud-rules.ts`). Absent: none. */
  readonly cloud?: CloudProfile;
}

/** A CA source as stored with a flow (the source object itself is supplied again after a reload). */
export interface CaRef {
  readonly kind: CaSourceKind;
  readonly label: string;
  /** The source's id (which CA it is); compared with `sameCa` (ca-ref.ts). Absent in refs stored before ids. */
  readonly id?: string;
}

export interface PrepareChoice {
  readonly profile: ProvisionProfile;
  readonly ca: CaSource;
}

/** What the board stores at the chosen sec_tag, and whether provisioning would replace it. */
export interface ExistingCredential {
  readonly secTag: number;
  readonly kind: CredentialKind;
  readonly deviceType: string;
  readonly sha256: string | null;
  readonly readable: boolean;
  readonly overwritten: boolean;
}

export interface BackupItem {
  readonly secTag: number;
  readonly kind: CredentialKind;
  readonly deviceType: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface DownloadFile {
  readonly kind: 'backup' | 'csr' | 'certificate' | 'chain';
  readonly name: string;
  readonly mime: 'application/x-pem-file';
  readonly content: string;
}

export interface BackupBundle {
  readonly items: readonly BackupItem[];
  /** Credentials that are replaced but cannot be read (private keys), as "sec_tag type" text. */
  readonly notReadable: readonly string[];
  readonly file: DownloadFile;
  readonly createdAt: string;
}

/** One finding of a check (CSR check or check before writing): what is wrong and what to do. */
export interface Finding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly action: string;
}

export interface CsrSummary {
  readonly pem: string;
  readonly sha256: string;
  readonly spkiSha256: string;
  readonly subject: string;
  readonly keyType: string;
  readonly generatedAt: string;
  /** nRF91: what the modem's COSE_Sign1 vouches for (absent for other boards and in records from before). */
  readonly attestation?: CsrAttestation | null;
}

/** The attestation (a COSE_Sign1) a board family appends to its key generation answer, as checked: whose key, at which sec_tag, over which bytes. */
export interface CsrAttestation {
  readonly deviceUuid: string;
  readonly secTag: number;
  /** SHA-256 of the CSR DER the COSE payload names, hex. */
  readonly digestHex: string;
  readonly digestMatches: boolean;
}

export interface WriteItemState {
  readonly kind: 'clientCert' | 'caCert';
  readonly sha256: string;
  readonly bytes: number;
  readonly state: 'pending' | 'writing' | 'written' | 'already-on-board';
}

/** An audit intent left open (reload, crash) for this board, with what the board suggests happened. */
export interface IntentOffer {
  readonly seq: number;
  readonly action: string;
  readonly time: string;
  /** What the board shows happened; null when it cannot tell (the operator must say). */
  readonly suggested: FinalOutcome | null;
  readonly reason: string;
}

export interface LabelData {
  readonly deviceId: string;
  readonly imei: string | null;
  readonly model: string;
  readonly secTag: number;
  /** SHA-256 of the certificate DER, 64 uppercase hex digits. */
  readonly fingerprint: string;
  /** The first 16 hex digits in groups of four, for people to compare. */
  readonly fingerprintShort: string;
  readonly notAfter: string;
  /** What the QR code encodes: `keywire:v1;id=<deviceId>;sha256=<fingerprint>`. */
  readonly qrText: string;
}

export interface DoneSummary {
  readonly device: {
    readonly deviceId: string;
    readonly family: string;
    readonly model: string;
    readonly firmware: string;
    readonly imei: string | null;
    readonly uuid: string | null;
  };
  readonly secTag: number;
  readonly certificate: {
    readonly subject: string;
    readonly issuer: string;
    readonly serialHex: string;
    readonly notBefore: string;
    readonly notAfter: string;
    readonly sha256: string;
  };
  readonly ca: CaRef & { readonly name: string };
  readonly wroteCaCertificate: boolean;
  /** False when the modem could not be put back in its former functional mode (see notes). */
  readonly modemRestored: boolean;
  readonly files: readonly DownloadFile[];
  readonly label: LabelData;
  readonly completedAt: string;
}

export type FlowErrorCode =
  /** the user cancelled; Continue picks up where it stopped */
  | 'cancelled'
  /** the board refused or did not answer; `cause` has the device error */
  | 'device'
  /** the board is not the one this flow was provisioning (another deviceId) */
  | 'other-board'
  /** the board lacks on-board key generation or credential storage */
  | 'unsupported-board'
  /** the audit trail could not record: nothing further was done to the board */
  | 'audit'
  /** the flow's own store (IndexedDB) failed */
  | 'storage'
  /** the crypto worker failed */
  | 'crypto'
  /** the CA source failed; `cause` has its code */
  | 'ca'
  /** after a reload, the CA source this flow used is not configured */
  | 'ca-unavailable'
  /** the board did not store exactly what was sent */
  | 'write-mismatch'
  /** what the board reports after writing differs from what was written */
  | 'verify-mismatch'
  /** the board lost what was written when it restarted (a credential store in RAM) */
  | 'lost-on-reboot'
  /** a bug, caught so the UI never shows a stack trace */
  | 'internal';

export interface FlowError {
  readonly code: FlowErrorCode;
  readonly message: string;
  /** What to do next, in plain words. */
  readonly action: string;
  readonly cause?: { readonly code: string; readonly message: string };
}

export type FlowStep =
  | { readonly name: 'connect' }
  | { readonly name: 'identify' }
  | { readonly name: 'open-intents'; readonly intents: readonly IntentOffer[] }
  | {
      readonly name: 'prepare';
      readonly secTag: number | null;
      /** Everything at `secTag`, null until listed. */
      readonly existing: readonly ExistingCredential[] | null;
      /** Set when the choice would overwrite these: confirmOverwrite() backs them up and continues. */
      readonly confirm: readonly ExistingCredential[] | null;
      readonly problems: readonly string[];
      /** The last completed provisioning of this board, if any. */
      readonly previous: DoneSummary | null;
    }
  | { readonly name: 'generate-key'; readonly secTag: number; readonly subject: string | null }
  | { readonly name: 'check-csr'; readonly csr: CsrSummary | null }
  | {
      readonly name: 'get-certificate';
      readonly ca: CaRef;
      readonly status: EnrollStatus | null;
      /** A certificate issued earlier for this CSR is used again (no second issuance). */
      readonly reused: boolean;
    }
  | { readonly name: 'check-before-write'; readonly report: WriteCheckReport | null }
  | { readonly name: 'write'; readonly secTag: number; readonly writes: readonly WriteItemState[] }
  | { readonly name: 'verify'; readonly secTag: number }
  | { readonly name: 'done'; readonly summary: DoneSummary }
  | { readonly name: 'waiting-for-board'; readonly at: StepName; readonly reason: string }
  | { readonly name: 'blocked'; readonly at: 'check-csr'; readonly findings: readonly Finding[] }
  | {
      readonly name: 'blocked';
      readonly at: 'check-before-write';
      readonly findings: readonly Finding[];
      readonly report: WriteCheckReport;
    }
  | { readonly name: 'failed'; readonly at: StepName; readonly error: FlowError };

export type FlowStepName = FlowStep['name'];

/** The one thing the user can do now (cancel() is always possible while `busy`). */
export type NextAction =
  /** connectPort(port) or useSession(session) */
  | { readonly kind: 'connect' }
  /** closeOpenIntents(decisions?) */
  | { readonly kind: 'close-intents' }
  /** prepare(choice) (selectSecTag(tag) shows what is stored first) */
  | { readonly kind: 'choose' }
  /** confirmOverwrite(): back up, then continue */
  | { readonly kind: 'confirm-overwrite' }
  /** nothing: the flow is working; cancel() stops it */
  | { readonly kind: 'wait' }
  /** plug the same board back in (the flow notices), or connectPort(port) */
  | { readonly kind: 'reconnect' }
  /** retry(): continue where it stopped */
  | { readonly kind: 'retry' }
  /** newCertificate(): drop the refused certificate and ask the CA again */
  | { readonly kind: 'new-certificate' }
  /** startOver(): a new key and CSR */
  | { readonly kind: 'start-over' }
  /** done: download the files, print the label, next board */
  | { readonly kind: 'finished' };

export type FlowProgress =
  | { readonly kind: 'fraction'; readonly fraction: number; readonly label: string }
  | { readonly kind: 'elapsed'; readonly startedAt: number; readonly expectedMs: number; readonly label: string }
  | { readonly kind: 'status'; readonly label: string };

export interface FlowSnapshot {
  readonly step: FlowStep;
  readonly busy: boolean;
  /** cancel() was called and the step is finishing what the board already received (a key generation, a write);
   * it stops as soon as that answer is in. */
  readonly stopping: boolean;
  readonly next: NextAction;
  readonly progress: FlowProgress | null;
  readonly device: DeviceIdentity | null;
  readonly profile: ProvisionProfile | null;
  readonly ca: CaRef | null;
  readonly backup: BackupBundle | null;
  /** Set when this session continued an earlier one (after a reload or unplug): the step it continued at. */
  readonly resumedAt: StepName | null;
  /** Plain-language remarks (resume decisions, warnings) in the order they happened. */
  readonly notes: readonly string[];
}
