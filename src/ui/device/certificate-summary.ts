// Layer: views (device). Turns what the crypto worker's inspect found in a credential into the rows a technician
// reads: subject, issuer, validity with an expired / not-yet-valid flag, key, fingerprints. Pure, so it is tested
// with fixed clocks.
import type { InspectedObject, KeyInfo } from '../../pki/crypto-types.ts';

export type Validity = 'valid' | 'expired' | 'not-yet-valid';

export interface SummaryRow {
  readonly name: string;
  readonly value: string;
  readonly mono?: boolean;
  /** A warning the row carries (expired, weak key ...). */
  readonly flag?: string;
}

export interface ObjectSummary {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
  readonly validity?: Validity;
  readonly notes: readonly string[];
}

const DAY_MS = 86_400_000;

export function validityOf(notBefore: string, notAfter: string, now: number): Validity {
  if (now < Date.parse(notBefore)) return 'not-yet-valid';
  if (now > Date.parse(notAfter)) return 'expired';
  return 'valid';
}

export function keyText(key: KeyInfo): string {
  const size = key.curve ?? (key.bits ? `${key.bits} bits` : null);
  return size ? `${key.algorithm} ${size}` : key.algorithm;
}

/** "AB:CD:…" is how people compare fingerprints by eye; the worker gives bare upper-case hex. */
export const colonHex = (hex: string): string => hex.match(/.{1,2}/g)?.join(':') ?? hex;

function validityRow(validity: Validity, notBefore: string, notAfter: string, now: number): SummaryRow {
  if (validity === 'expired') {
    const days = Math.floor((now - Date.parse(notAfter)) / DAY_MS);
    return { name: 'Status', value: `Expired ${days === 0 ? 'today' : `${days} days ago`}`, flag: 'expired' };
  }
  if (validity === 'not-yet-valid') {
    const days = Math.ceil((Date.parse(notBefore) - now) / DAY_MS);
    return { name: 'Status', value: `Not valid yet: starts in ${days} days`, flag: 'not-yet-valid' };
  }
  const left = Math.floor((Date.parse(notAfter) - now) / DAY_MS);
  return { name: 'Status', value: `Valid now, ${left} days left` };
}

export function summarize(object: InspectedObject, now: number): ObjectSummary {
  switch (object.kind) {
    case 'certificate': {
      const validity = validityOf(object.notBefore, object.notAfter, now);
      return {
        title: object.extensions.basicConstraints?.ca ? 'CA certificate' : 'Certificate',
        validity,
        notes: [...object.key.warnings, ...object.notes],
        rows: [
          { name: 'Subject', value: object.subject.text },
          { name: 'Issuer', value: object.issuer.text + (object.selfIssued ? ' (self-issued)' : '') },
          { name: 'Valid from', value: object.notBefore },
          { name: 'Valid until', value: object.notAfter },
          validityRow(validity, object.notBefore, object.notAfter, now),
          { name: 'Key', value: keyText(object.key) },
          { name: 'Signature', value: object.signature.name },
          { name: 'Serial', value: colonHex(object.serialHex), mono: true },
          { name: 'SHA-256 fingerprint', value: colonHex(object.sha256), mono: true },
          { name: 'SHA-1 fingerprint', value: colonHex(object.sha1), mono: true },
        ],
      };
    }
    case 'csr':
      return {
        title: 'Certificate signing request',
        notes: object.notes,
        rows: [
          { name: 'Subject', value: object.subject.text },
          { name: 'Key', value: keyText(object.key) },
          { name: 'Key SHA-256', value: colonHex(object.key.spkiSha256), mono: true },
        ],
      };
    case 'publicKey':
      return {
        title: 'Public key',
        notes: [...object.key.warnings, ...object.notes],
        rows: [
          { name: 'Key', value: keyText(object.key) },
          { name: 'Key SHA-256', value: colonHex(object.key.spkiSha256), mono: true },
        ],
      };
    case 'privateKey':
      return { title: 'Private key', notes: object.notes, rows: [{ name: 'Format', value: object.format }] };
    case 'pkcs7':
      return {
        title: 'PKCS#7 bundle',
        notes: object.notes,
        rows: [{ name: 'Certificates', value: String(object.certificateCount) }],
      };
    case 'unknown':
      return { title: 'Unreadable object', notes: object.notes, rows: [{ name: 'Why', value: object.reason }] };
    default:
      return { title: object.kind, notes: object.notes, rows: [] };
  }
}
