// Layer: PKI result types (barrel). The typed results of the pki services, which the crypto worker hosts and returns
// unchanged; importable by the UI, the flows and the layers below the worker without pulling any crypto code in (this
// file has no runtime imports). The lab CA's own types are in src/ca/lab-ca-types.ts. Bytes cross the boundary as Uint8Array (structured
// clone), text as PEM / hex; every fingerprint is upper-case hex without separators.
import type { CodedError, Result } from '../lib/result.ts';

/** Every error code a worker call can return. The UI maps these to its own text in one switch. */
export type CryptoErrorCode =
  /** the input exceeds the size cap (16 MB): refuse before reading it */
  | 'too-large'
  /** nothing was given */
  | 'empty-input'
  /** no certificate material recognised in the input */
  | 'unrecognised-input'
  /** recognised but structurally broken (truncated DER, wrong tags, bad lengths) */
  | 'malformed'
  /** the work exceeded its time budget */
  | 'timeout'
  /** the caller's AbortSignal fired (long jobs stop at their next item; see crypto-client.ts) */
  | 'aborted'
  /** the worker died or could not start; the client restarts it on the next call */
  | 'worker-crashed'
  /** a CSR's signature does not verify with its own key: no proof the requester holds the key */
  | 'bad-csr-signature'
  /** key or signature algorithm this worker does not handle (e.g. Ed448, RSA-PSS parameters) */
  | 'unsupported-algorithm'
  /** a signature given to verifyChallenge is neither DER nor raw r||s of the right size */
  | 'bad-signature-format'
  /** lab CA: no CA with that id */
  | 'ca-not-found'
  /** lab CA import: the private key does not belong to the certificate, or the certificate is no CA */
  | 'ca-key-mismatch'
  /** lab CA: the issue profile or a create/import option is invalid */
  | 'bad-profile'
  /** IndexedDB failed (quota, private mode, blocked upgrade) */
  | 'storage-failed'
  /** a bug: caught at the boundary so it never throws across it */
  | 'internal';

export type CryptoError = CodedError<CryptoErrorCode>;
export type CryptoResult<T> = Result<T, CryptoError>;

export type * from './inspect-types.ts';
export type * from './chain-types.ts';
export type * from './issue-types.ts';
export type * from './write-check-types.ts';
