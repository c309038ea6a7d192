// Layer: crypto worker contract. The lab CA as the UI, flows and CA clients see it. Types only.

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

export type SubjectCnMode =
  | { readonly mode: 'keep' }
  | { readonly mode: 'device-uuid'; readonly uuid: string }
  | { readonly mode: 'imei'; readonly imei: string }
  | { readonly mode: 'custom'; readonly cn: string };

export interface IssueProfile {
  /** 1..3650 days from now (notBefore is backdated 5 minutes for device clock skew). */
  readonly validityDays: number;
  readonly commonName: SubjectCnMode;
  /** Adds keyAgreement to digitalSignature. */
  readonly keyAgreement?: boolean;
}

export interface IssuedCertificate {
  readonly leafDer: Uint8Array;
  readonly leafPem: string;
  /** Issuer chain, issuing CA first, root last. */
  readonly chainDer: readonly Uint8Array[];
  readonly chainPem: string;
  readonly serialHex: string;
  readonly sha256: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
}
