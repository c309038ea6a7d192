// Layer: audit trail. The typed `detail` of a record and the one table of its fields. Detail holds public facts only
// (sec_tag, digests, serial, validity, CA name, sizes); `checkDetail` enforces each field's format and refuses
// anything else, and the store's guard then scans every string for secrets.
import type { CredentialKind } from '../devices/device.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { isSecretName } from './secrets.ts';

export type DetailValue = string | number | boolean;

export interface AuditDetail {
  readonly secTag?: number;
  readonly credentialKind?: CredentialKind;
  /** The credential type as the board names it (nRF91 `1`, Zephyr `CA`). */
  readonly deviceType?: string;
  /** SHA-256 digests: 64 hex digits (either case; stored as given). */
  readonly csrSha256?: string;
  readonly certSha256?: string;
  readonly spkiSha256?: string;
  readonly chainSha256?: string;
  /** The digest the board reports for stored content (the board's credential list). */
  readonly contentSha256?: string;
  /** Certificate serial number, hex (colons allowed). */
  readonly serial?: string;
  readonly subject?: string;
  readonly issuer?: string;
  /** ISO 8601 date-times. */
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly caName?: string;
  readonly caKind?: 'lab' | 'est' | 'http' | 'manual';
  readonly keyType?: string;
  readonly sizeBytes?: number;
  readonly chainLength?: number;
  readonly functionalMode?: number;
  readonly previousFunctionalMode?: number;
  /** Where the board is attached, e.g. `USB 1915:910a`. */
  readonly port?: string;
  /** Plain-language error or result text (device answers are summarised, never pasted whole). */
  readonly message?: string;
  /** Operator's note, e.g. when closing an orphaned intent. */
  readonly note?: string;
  readonly resolution?: 'closed-by-operator' | 'detail-withheld';
  /** Extension point for facts not yet in this table: camelCase keys, scalar public values, same secret guard. */
  readonly ext?: Readonly<Record<string, DetailValue>>;
}

type FieldCheck = (value: unknown) => string | null;

const text =
  (max: number): FieldCheck =>
  (v) =>
    typeof v !== 'string' ? 'expected text' : v.length > max ? `longer than ${max} characters` : null;
const int =
  (min: number, max: number): FieldCheck =>
  (v) =>
    typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max
      ? `expected a whole number from ${min} to ${max}`
      : null;
const oneOf =
  (values: readonly string[]): FieldCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `expected one of ${values.join(', ')}`;
const sha256: FieldCheck = (v) =>
  typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v) ? null : 'expected a SHA-256 digest: 64 hex digits';
const hex: FieldCheck = (v) =>
  typeof v === 'string' && /^(?:[0-9a-fA-F]{2}:?){1,40}$/.test(v) ? null : 'expected up to 40 hex bytes';
const isoTime: FieldCheck = (v) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/.test(v) && !isNaN(Date.parse(v))
    ? null
    : 'expected an ISO 8601 UTC time like 2030-01-31T23:59:59Z';

const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  'caCert',
  'clientCert',
  'privateKey',
  'psk',
  'pskIdentity',
  'publicKey',
  'deviceIdentityPublicKey',
  'endorsementKey',
  'ownershipKey',
  'nordicIdentityRootCa',
  'nordicPublicKey',
  'serverCert',
];

export const DETAIL_FIELDS: Readonly<Record<Exclude<keyof AuditDetail, 'ext'>, FieldCheck>> = {
  secTag: int(0, 4294967295),
  credentialKind: oneOf(CREDENTIAL_KINDS),
  deviceType: text(32),
  csrSha256: sha256,
  certSha256: sha256,
  spkiSha256: sha256,
  chainSha256: sha256,
  contentSha256: sha256,
  serial: hex,
  subject: text(512),
  issuer: text(512),
  notBefore: isoTime,
  notAfter: isoTime,
  caName: text(200),
  caKind: oneOf(['lab', 'est', 'http', 'manual']),
  keyType: text(32),
  sizeBytes: int(0, 1 << 30),
  chainLength: int(0, 64),
  functionalMode: int(0, 255),
  previousFunctionalMode: int(0, 255),
  port: text(120),
  message: text(500),
  note: text(500),
  resolution: oneOf(['closed-by-operator', 'detail-withheld']),
};

const EXT_KEY = /^[a-z][A-Za-z0-9]{0,39}$/;

function checkExt(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
  const entries = Object.entries(value);
  if (entries.length > 32) return 'more than 32 extension fields';
  for (const [key, v] of entries) {
    if (!EXT_KEY.test(key)) return `extension key "${key.slice(0, 40)}" is not camelCase`;
    if (isSecretName(key)) return `extension key "${key}" names a secret`;
    if (typeof v === 'boolean') continue;
    const bad =
      typeof v === 'string'
        ? text(256)(v)
        : typeof v === 'number'
          ? int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)(v)
          : 'expected text, a whole number or true/false';
    if (bad) return `ext.${key}: ${bad}`;
  }
  return null;
}

/** Checks every field against the table; unknown keys, secret-named keys and bad formats are refused by name. */
export function checkDetail(detail: unknown): Result<AuditDetail, string> {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return err('detail: expected an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) continue;
    if (isSecretName(key)) return err(`detail.${key}: the field name says it holds a secret`);
    const check = key === 'ext' ? checkExt : DETAIL_FIELDS[key as keyof typeof DETAIL_FIELDS];
    if (!check) return err(`detail.${key}: not a known detail field (use ext for new facts)`);
    const problem = check(value);
    if (problem) return err(`detail.${key}: ${problem}`);
    out[key] = key === 'ext' ? { ...(value as object) } : value;
  }
  return ok(out as AuditDetail);
}
