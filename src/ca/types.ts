// Layer: CA clients contract. The provisioning flow turns a CSR into a certificate only through `CaSource`, and
// never trusts what comes back: the crypto worker checks it before anything is written to a board.
import type { CodedError, Result } from '../lib/result.ts';
import type { IssueProfile } from '../pki/crypto-types.ts';

export type CaSourceKind = 'lab' | 'est' | 'http-signer' | 'manual';

export type CaErrorCode =
  /** the source lacks settings (no URL, no lab CA chosen) */
  | 'not-configured'
  /** fetch failed: offline, DNS, refused, or blocked by CORS (the browser cannot tell which) */
  | 'network'
  /** 401/403: credentials missing or wrong */
  | 'unauthorized'
  /** the CA refused this CSR (4xx other than auth) and said why in `detail` */
  | 'rejected'
  /** any other HTTP status */
  | 'http-status'
  /** the answer is not a certificate in any form we accept */
  | 'bad-response'
  /** pending (EST 202) for longer than the caller allowed, or no answer in time */
  | 'timeout'
  /** the caller's AbortSignal fired */
  | 'aborted'
  /** the lab CA (crypto worker) refused: see `detail` (e.g. bad-csr-signature, storage-failed) */
  | 'lab-ca-failed'
  /** the CA certificates from the network were not confirmed by the user, or differ from what was confirmed */
  | 'ca-not-trusted'
  /** the code of this CA source could not be loaded (app updated on the server, or offline): reload the page */
  | 'load-failed';

export interface CaError extends CodedError<CaErrorCode> {
  readonly status?: number;
  /** Server text or worker code, shortened, for the UI's "details". Never credentials. */
  readonly detail?: string;
}

export interface EnrollRequest {
  readonly csrDer: Uint8Array;
  readonly csrPem: string;
  /** Facts a profile may put in the subject (lab CA); other sources pass the CSR as it is. */
  readonly device: { readonly id: string; readonly uuid?: string; readonly imei?: string };
  readonly profile: IssueProfile;
}

/** What came back, unsorted and unchecked: the flow asks the worker which is the leaf and whether it fits. */
export interface EnrollResponse {
  readonly certificates: readonly Uint8Array[];
  readonly format: 'pem' | 'der' | 'pkcs7' | 'json';
  /** Name of the CA as the source knows it, for the audit trail. Never holds a credential (see label.ts). */
  readonly caName: string;
}

export type EnrollStatus =
  | { readonly kind: 'sending' }
  | { readonly kind: 'waiting'; readonly retryAfterSeconds: number; readonly attempt: number }
  | { readonly kind: 'awaiting-upload' };

export interface EnrollOptions {
  readonly signal?: AbortSignal;
  readonly onStatus?: (status: EnrollStatus) => void;
}

export interface CaSource {
  readonly kind: CaSourceKind;
  /**
   * Which CA this is, for comparing (a flow resumed after a reload, a certificate issued earlier): the lab CA's
   * root and issuing fingerprints, the EST base URL with its confirmed fingerprints, the signer's address with its
   * CA certificates' fingerprints. Names are not unique; this is. Public facts only. Every source in src/ca sets it;
   * a source without one (a test double) is identified by its label.
   */
  readonly id?: string;
  /** Short name for humans and the audit trail ('Lab CA "Bench" (1A2B3C4D)', "EST https://ca.example/..."). */
  readonly label: string;
  /** The CA certificates (PEM) a board must trust and chains are validated against. */
  caCertificates(opts?: { signal?: AbortSignal }): Promise<Result<string[], CaError>>;
  /** Resolves with certificates for the CSR. Manual exchange resolves when the user supplies them. */
  enroll(request: EnrollRequest, opts?: EnrollOptions): Promise<Result<EnrollResponse, CaError>>;
}
