// Layer: PKI result types. "Check before writing": the one decision the worker makes before a certificate
// may be written to a board, and the exact content it approves. Types only.
import type { ChainProblemCode, ChainReport, KeyMaterial } from './chain-types.ts';

/** What the board can take, as its adapter declares it (`DeviceLimits`) plus the command text around the content. */
export interface WriteTarget {
  /** Longest command the board accepts, in characters (nRF91: 4096). Absent: no per-command limit. */
  readonly maxCommandChars?: number;
  /** Characters of the write command around the content (the write command's text around the quotes), per credential. */
  readonly commandOverheadChars?: { readonly clientCert: number; readonly caCert: number };
  /** Largest certificate chain the board's TLS stack takes, in DER bytes (nRF91: about 4 kB). */
  readonly maxChainBytes?: number;
  readonly pemLineEnding: 'lf' | 'crlf';
  /** The board stores a credential's text followed by a NUL (Zephyr's `bint` format), and the digests it lists cover
   * that NUL too. Absent: the stored bytes are exactly the text. */
  readonly storesNul?: boolean;
}

export interface WriteCheckRequest {
  /** What the CA source returned, unsorted: leaf, intermediates, maybe the root (PEM, DER or PKCS#7 each). */
  readonly certificates: readonly KeyMaterial[];
  /** The board's CSR: the certificate must carry its key. */
  readonly csr: KeyMaterial;
  /** The chosen CA's certificates: the trust anchors the chain must validate to. */
  readonly caCertificates: readonly KeyMaterial[];
  /** The CN the profile asks for; null: the CSR's own CN (profile "keep"). */
  readonly expectedCommonName: string | null;
  readonly target: WriteTarget;
  /** Also write the CA certificate (the anchor the chain reached) as a root CA credential. */
  readonly writeCaCertificate: boolean;
  /** Validation time, ms since the epoch; default now. */
  readonly at?: number;
}

/** Every reason the worker can give; each finding also says what to do. */
export type WriteCheckCode =
  /** nothing the CA returned is a certificate */
  | 'no-certificate'
  /** the CA source gave no CA certificate to validate against */
  | 'no-ca-certificates'
  /** the certificate's public key is not the board's (the CSR's) key, or the board's own proof says so */
  | 'key-mismatch'
  /** the CSR's signature does not verify with its own key */
  | 'no-proof-of-possession'
  | 'expired'
  | 'not-yet-valid'
  /** keyUsage lacks digitalSignature, or the certificate is a CA */
  | 'key-usage'
  /** extendedKeyUsage excludes clientAuth */
  | 'ext-key-usage'
  /** no extendedKeyUsage at all: most brokers accept it (warning) */
  | 'no-ext-key-usage'
  /** a chain defect (see `chainProblem`) */
  | 'chain'
  /** the certificate's CN is not what the profile asks for */
  | 'common-name'
  /** one write command would exceed the board's command limit */
  | 'too-long'
  /** leaf + intermediates exceed what the board's TLS stack takes */
  | 'chain-too-large'
  /** the issuing CA is an intermediate the board does not send (warning: the server must know it) */
  | 'intermediate-not-on-board'
  /** the chosen cloud profile's rule (src/flows/cloud-rules.ts): the message says which, in that cloud's words */
  | 'cloud-rule';

export type WriteCheckId = 'certificate-key' | 'chain' | 'validity' | 'usage' | 'common-name' | 'size';

export interface WriteCheckFinding {
  readonly code: WriteCheckCode;
  readonly check: WriteCheckId;
  readonly severity: 'error' | 'warning';
  /** What is wrong, in plain words. */
  readonly message: string;
  /** What to do about it. */
  readonly action: string;
  readonly chainProblem?: ChainProblemCode;
  /** Subject of the certificate concerned, when it is one. */
  readonly certificate?: string;
}

export interface CheckedLeaf {
  readonly pem: string;
  readonly sha256: string;
  readonly serialHex: string;
  readonly subject: string;
  readonly commonName: string | null;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly spkiSha256: string;
  readonly keyMatchesCsr: boolean;
}

/** One credential write the worker approved: write exactly `content`; the board must then list `sha256`. */
export interface PlannedWrite {
  readonly kind: 'clientCert' | 'caCert';
  readonly content: string;
  /** SHA-256 of the bytes the board stores (the UTF-8 content, plus a NUL where the target `storesNul`), 64 uppercase
   * hex digits: what the board lists after the write. */
  readonly sha256: string;
  readonly bytes: number;
  /** Length of the whole write command, where the target declared its overhead. */
  readonly commandChars: number | null;
  readonly subject: string;
}

/** The ways a board's key is proven before writing: which of them a check used is part of its result.
 * - `csr-signature`: the CSR's proof of possession (its signature verifies with its own key);
 * - `certificate-key`: the certificate carries the CSR's key;
 * - `board-challenge`: the board signed a fresh random challenge, verified against the certificate's key;
 * - `board-public-key`: the public key the board exports for the slot equals the certificate's. */
export type KeyProofId = 'csr-signature' | 'certificate-key' | 'board-challenge' | 'board-public-key';

export interface KeyProof {
  readonly id: KeyProofId;
  readonly passed: boolean;
  /** What was compared or verified, in plain words. */
  readonly detail: string;
}

export interface WriteCheckReport {
  /** True only when no finding is an error. Nothing may be written otherwise. */
  readonly writable: boolean;
  /** The key proofs this check used, in the order they ran (the worker's two, then the board's own). */
  readonly proofs: readonly KeyProof[];
  readonly findings: readonly WriteCheckFinding[];
  /** Each check with its verdict, in the order the UI lists them. */
  readonly checks: readonly { readonly id: WriteCheckId; readonly verdict: 'passed' | 'failed' | 'warning' }[];
  readonly leaf: CheckedLeaf | null;
  /** CA certificates between the leaf and the root (PEM), issuing CA first. */
  readonly intermediatesPem: readonly string[];
  /** The root of the chosen CA above the anchor the path reached (the CA certificate a board stores), or null when
   * no anchor was reached. */
  readonly anchorPem: string | null;
  readonly chainReport: ChainReport | null;
  /** What to write, CA certificate first; empty when there is no leaf. Written only when `writable`. */
  readonly writes: readonly PlannedWrite[];
  /** ISO time the checks used. */
  readonly at: string;
}
