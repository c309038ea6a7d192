// Layer: PKI, certificate issuance: the profile a CA issues with and what it returns (the lab CA in the crypto
// worker and pki/issue-certificate.ts). Types only.

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
