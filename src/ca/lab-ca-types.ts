// Layer: CA, the lab CA as the UI, flows and CA clients see it (the crypto worker hosts the lab CA itself and
// answers these). Types only.

export type LabCaCurve = 'P-256' | 'P-384';

export interface LabCaSummary {
  readonly id: string;
  readonly name: string;
  readonly curve: LabCaCurve;
  /** ISO time of creation or import. */
  readonly createdAt: string;
  readonly origin: 'created' | 'imported';
  /** Subject of the issuing certificate, and its SHA-256 fingerprint. */
  readonly subject: string;
  readonly fingerprint: string;
  /** SHA-256 of the root (the trust anchor devices need). */
  readonly rootFingerprint: string;
  readonly notAfter: string;
  readonly hasIntermediate: boolean;
  readonly selected: boolean;
}

export interface CreateLabCaOptions {
  readonly name: string;
  readonly curve: LabCaCurve;
  /** Also make an intermediate under the root, which then issues. */
  readonly withIntermediate: boolean;
  /** Root validity; default 3650 days. */
  readonly validityDays?: number;
}

export interface ImportLabCaOptions {
  readonly name: string;
  /** PEM or DER certificate of the issuing CA (optionally followed by its chain up to the root). */
  readonly certificate: string | Uint8Array;
  /** PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) key, PEM or DER. It is imported non-extractable. */
  readonly privateKey: string | Uint8Array;
}
