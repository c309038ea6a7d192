// Layer: PKI result types. Chain validation, key checks and CSR building results. Types only.
import type { KeyUsageName, NameInfo } from './inspect-types.ts';

export type ChainPurpose = 'clientAuth' | 'serverAuth' | 'any';

/** Every defect validateChain can report. Each problem names the certificate it concerns. */
export type ChainProblemCode =
  /** notAfter is before the validation time */
  | 'expired'
  /** notBefore is after the validation time */
  | 'not-yet-valid'
  /** the path ends at a self-signed certificate that is not among the trust anchors */
  | 'untrusted-root'
  /** the signature does not verify with the issuer's key */
  | 'bad-signature'
  /** the issuer of a certificate was supplied neither as intermediate nor as anchor */
  | 'missing-intermediate'
  /** a certificate that signs others lacks basicConstraints cA=TRUE */
  | 'ca-flag-missing'
  /** more CAs below a CA than its pathLenConstraint allows */
  | 'path-length-exceeded'
  /** keyUsage forbids what the certificate is used for (leaf: digitalSignature; CA: keyCertSign) */
  | 'key-usage-unfit'
  /** extendedKeyUsage lacks the purpose asked for */
  | 'ext-key-usage-unfit'
  /** SHA-1, MD5 or RSA below 2048 bits */
  | 'weak-algorithm'
  /** a curve outside P-256/384/521, or another algorithm IoT stacks rarely support */
  | 'unusual-algorithm'
  /** a signature we cannot check (unsupported algorithm); not counted as verified */
  | 'unsupported-algorithm'
  /** a critical extension we do not understand (RFC 5280 says reject) */
  | 'unknown-critical-extension'
  /** an input certificate could not be parsed; it is left out of path building */
  | 'unparseable'
  /** the issuer links loop or exceed the maximum path length we build */
  | 'path-too-long';

export interface CertRef {
  /** Position in the built path (0 = leaf), or null for an input that is not in the path. */
  readonly pathIndex: number | null;
  readonly role: 'leaf' | 'intermediate' | 'anchor';
  /** Index in the `intermediates` / `anchors` array it was passed in (0 for the leaf). */
  readonly inputIndex: number;
  readonly subject: string;
  readonly sha256: string;
}

export interface ChainProblem {
  readonly code: ChainProblemCode;
  /** 'error' makes the chain invalid; 'warning' is shown but does not. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly cert: CertRef | null;
}

export interface ChainOptions {
  /** Validation time (ms since epoch); defaults to now. */
  readonly at?: number;
  /** Default 'clientAuth': what KeyWire provisions. */
  readonly purpose?: ChainPurpose;
}

export interface ChainReport {
  readonly valid: boolean;
  /** The path used, leaf first, ending at the anchor when one was reached. */
  readonly path: readonly CertRef[];
  /** Every problem found, not only the first. */
  readonly problems: readonly ChainProblem[];
  /** ISO time the validation used. */
  readonly at: string;
  readonly purpose: ChainPurpose;
}

/** Material for sameKey / verifyChallenge: a CSR, certificate or public key in any form inspect accepts. */
export type KeyMaterial = string | Uint8Array;

export interface SameKeyReport {
  readonly same: boolean;
  readonly a: { readonly kind: 'certificate' | 'csr' | 'publicKey'; readonly spkiSha256: string };
  readonly b: { readonly kind: 'certificate' | 'csr' | 'publicKey'; readonly spkiSha256: string };
}

export interface ChallengeReport {
  readonly valid: boolean;
  readonly curve: 'P-256' | 'P-384';
  readonly signatureFormat: 'der' | 'raw';
}

export interface CsrBodyRequest {
  /** SubjectPublicKeyInfo (DER, PEM) or a raw SEC1 point of the device key. */
  readonly publicKey: KeyMaterial;
  /** `CN=dev-1,O=Acme`. */
  readonly subject: string;
  /** The usages a device-held key may ask for in its CSR. */
  readonly keyUsage?: readonly Extract<
    KeyUsageName,
    'digitalSignature' | 'keyAgreement' | 'nonRepudiation' | 'keyEncipherment'
  >[];
}

export interface CsrBody {
  /** CertificationRequestInfo DER: assembleCsr needs it back unchanged. */
  readonly body: Uint8Array;
  /** The digest the board must sign (SHA-256 for P-256, SHA-384 for P-384). */
  readonly digest: Uint8Array;
  readonly hash: 'SHA-256' | 'SHA-384';
  readonly subject: NameInfo;
}

export interface AssembledCsr {
  readonly der: Uint8Array;
  readonly pem: string;
}
