// Layer: audit trail. The record, its actions and outcomes, and the audit error codes: one table each, imported by
// the store, the verifier, the viewer and the flows that write through `AuditStore`.
import type { CodedError } from '../lib/result.ts';
import type { AuditDetail } from './detail.ts';

export const AUDIT_ACTIONS = [
  'connect',
  'identify',
  'functional-mode',
  'keygen',
  'csr-checked',
  'certificate-issued',
  'chain-checked',
  'backup',
  'credential-write',
  'credential-delete',
  'verify',
  'attest',
  'sign',
  'disconnect',
] as const;

export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];
/** Extension point: a new action is spelled `x-<name>` until it is promoted into AUDIT_ACTIONS. */
export type AuditAction = KnownAuditAction | `x-${string}`;

/** Actions that change a board. `append` refuses them: they are recorded as an intent before and an outcome after. */
export const DEVICE_CHANGING_ACTIONS: ReadonlySet<string> = new Set<AuditAction>([
  'functional-mode',
  'keygen',
  'credential-write',
  'credential-delete',
]);

export const AUDIT_OUTCOMES = ['intent', 'success', 'failure', 'cancelled'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export type FinalOutcome = Exclude<AuditOutcome, 'intent'>;

export function isAuditAction(value: unknown): value is AuditAction {
  if (typeof value !== 'string') return false;
  return (AUDIT_ACTIONS as readonly string[]).includes(value) || /^x-[a-z0-9][a-z0-9-]{0,39}$/.test(value);
}

/** The board a record is about. Empty strings where the board has not been identified yet (e.g. `connect`). */
export interface AuditDevice {
  readonly family: string;
  /** The id KeyWire files the board under: modem UUID, else IMEI, else serial (`DeviceIdentity.deviceId`). */
  readonly id: string;
  readonly model: string;
  readonly firmware: string;
}

/** What the caller says; the store adds who (operator, site), when, seq and the chain hashes. */
export interface AuditEntry {
  readonly device: AuditDevice;
  readonly action: AuditAction;
  readonly detail?: AuditDetail;
  readonly outcome: AuditOutcome;
  readonly errorCode?: string | null;
}

/** Fields covered by the hash, in the order they are documented (the canonical form sorts keys anyway). */
export interface AuditRecordBody {
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds, from the recording browser's clock. */
  readonly time: string;
  readonly operator: string;
  readonly site: string;
  readonly device: AuditDevice;
  readonly action: AuditAction;
  readonly detail: AuditDetail;
  readonly outcome: AuditOutcome;
  readonly errorCode: string | null;
  /** On an outcome record: the seq of the intent it closes. Null otherwise. */
  readonly intentSeq: number | null;
  /** Hash of the previous record; 64 zeros for seq 1. */
  readonly prevHash: string;
}

export interface AuditRecord extends AuditRecordBody {
  /** Lowercase hex SHA-256 of UTF-8(canonicalJson(body) + prevHash). See `chain.ts`. */
  readonly hash: string;
}

/** Who is recording. Supplied by the app from Settings, by tests directly: the store never reads UI state. */
export interface AuditActor {
  readonly operator: string;
  readonly site: string;
}

export type AuditErrorCode =
  /** open: IndexedDB is missing or refused (private mode, storage disabled by policy). Nothing can be recorded. */
  | 'storage-unavailable'
  /** open: another KeyWire tab runs an older version and holds the database. Ask the user to close it. */
  | 'blocked'
  /** open: the database was written by a newer KeyWire. Ask the user to reload. */
  | 'version-too-new'
  /** write: the browser's storage quota is full. Ask the user to export and free space. */
  | 'quota-exceeded'
  /** write: the transaction failed for another reason (disk error, database closed under us). */
  | 'write-failed'
  /** read: a query or read failed. */
  | 'read-failed'
  /** entry: a field looked like a private key, password or token; nothing was written. */
  | 'secret-detected'
  /** entry: a field has the wrong type, format or length; nothing was written. */
  | 'invalid-entry'
  /** entry: Settings has no operator name, so "by whom" cannot be answered; nothing was written. */
  | 'operator-missing'
  /** entry: a device-changing action was appended without an intent. A programming error in the flow. */
  | 'intent-required'
  /** closeIntent: the intent is not open (already completed or closed, or not an intent). */
  | 'intent-not-open'
  /** get: no record with that seq. */
  | 'not-found'
  /** long operations: the caller's AbortSignal fired. Not shown as an error. */
  | 'aborted'
  /** import: the file is not a KeyWire audit export at all (not even one parseable line). */
  | 'bad-file'
  /** jobs: the background worker could not start or crashed. */
  | 'worker-failed';

export type AuditError = CodedError<AuditErrorCode>;

export const auditError = (code: AuditErrorCode, message: string): AuditError => ({ code, message });

/** One row of the openIntents store: an intent record that has no outcome yet. */
export interface OpenIntent {
  readonly seq: number;
  readonly deviceId: string;
  readonly action: AuditAction;
  readonly time: string;
}

/** The newest record's position, kept beside the records so that a truncated tail is evidence, not silence. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  readonly time: string;
}

export const GENESIS_HASH = '0'.repeat(64);
