// Layer: CA clients. Manual exchange behind CaSource: enroll() publishes the pending request (the CSR to download,
// named after the device) and resolves when the user supplies the certificate as PEM, DER or PKCS#7 through
// supply(); until then it waits, and it ends cleanly on abort or cancel(). Wrong input is explained and the
// request keeps waiting: a CSR, a private key (refused, not kept), or certificates for another key than the CSR's.
// Keys compare as normalised SPKI (the worker's rule: EC points uncompressed, RSA with its NULL parameter), so a CA
// that encodes the same key differently is not refused.
import { err, ok, type Result } from '../lib/result.ts';
import { readOneDerObject } from '../pki/der-objects.ts';
import { csrOf } from '../pki/x509-csr.ts';
import { certificateOf } from '../pki/x509-cert.ts';
import { equalBytes } from '../lib/bytes.ts';
import { normalizedSpki } from '../pki/key-material.ts';
import type { Spki } from '../pki/spki.ts';
import { readCertificates, type CertificateInputError } from './certificate-input.ts';
import { caPemIdentity, pastedCaCertificates } from './ca-pem.ts';
import { caError } from './errors.ts';
import type { ManualSettings } from './config.ts';
import type { CaError, CaSource, EnrollOptions, EnrollRequest, EnrollResponse } from './types.ts';

export interface PendingExchange {
  readonly deviceId: string;
  readonly csrPem: string;
  /** Suggested file name for the CSR download, e.g. `keywire-352656100402182.csr.pem`. */
  readonly csrFileName: string;
  readonly since: number;
}

export type SupplyError = CertificateInputError | { readonly code: 'wrong-key' | 'nothing-pending'; message: string };

/** A file-system-safe name from a device id (IMEI, UUID, serial). */
export const csrFileName = (deviceId: string) =>
  `keywire-${deviceId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'device'}.csr.pem`;

/** Normalised SPKI, or null for a key that cannot be read (a broken compressed point). */
function normalized(spki: Spki): Uint8Array | null {
  try {
    return normalizedSpki(spki);
  } catch {
    return null;
  }
}

function csrKey(csrDer: Uint8Array): Uint8Array | null {
  const r = readOneDerObject(csrDer);
  if (!r.ok) return null;
  try {
    return normalized(csrOf({ bytes: csrDer, node: r.node }).spki);
  } catch {
    return null;
  }
}

function certificateKey(der: Uint8Array): Uint8Array | null {
  const d = readOneDerObject(der);
  if (!d.ok) return null;
  try {
    return normalized(certificateOf({ bytes: der, node: d.node }).spki);
  } catch {
    return null;
  }
}

interface Waiting {
  readonly pending: PendingExchange;
  readonly key: Uint8Array | null;
  readonly settle: (r: Result<EnrollResponse, CaError>) => void;
}

export class ManualSource implements CaSource {
  readonly kind = 'manual' as const;
  readonly label = 'Manual exchange';
  readonly id: string;
  #waiting: Waiting | null = null;
  readonly #listeners = new Set<() => void>();

  constructor(readonly settings: ManualSettings) {
    this.id = `manual:#${caPemIdentity(settings.caPem)}`;
  }

  /** The request waiting for a certificate, or null. */
  get pending(): PendingExchange | null {
    return this.#waiting?.pending ?? null;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    this.#listeners.forEach((l) => l());
  }

  async caCertificates(): Promise<Result<string[], CaError>> {
    return pastedCaCertificates(this.settings.caPem, 'manual exchange');
  }

  enroll(request: EnrollRequest, opts: EnrollOptions = {}): Promise<Result<EnrollResponse, CaError>> {
    if (opts.signal?.aborted) return Promise.resolve(caError('aborted', 'Cancelled.'));
    // A new request replaces one nobody answered (e.g. the flow restarted): the old one ends as cancelled.
    this.cancel('replaced by a new request');
    return new Promise((resolve) => {
      const onAbort = () => this.cancel('cancelled');
      const waiting: Waiting = {
        pending: {
          deviceId: request.device.id,
          csrPem: request.csrPem,
          csrFileName: csrFileName(request.device.id),
          since: Date.now(),
        },
        key: csrKey(request.csrDer),
        settle: (r) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (this.#waiting === waiting) this.#waiting = null;
          resolve(r);
          this.#changed();
        },
      };
      this.#waiting = waiting;
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      opts.onStatus?.({ kind: 'awaiting-upload' });
      this.#changed();
    });
  }

  /** Gives the waiting request its certificate(s); on error the request keeps waiting and nothing is kept. */
  supply(input: string | Uint8Array): Result<{ readonly certificates: number }, SupplyError> {
    const waiting = this.#waiting;
    if (!waiting) return err({ code: 'nothing-pending', message: 'No certificate request is waiting.' });
    const r = readCertificates(input);
    if (!r.ok) return r;
    const { certificates, format } = r.value;
    if (waiting.key) {
      const key = waiting.key;
      const matches = certificates.some((der) => {
        const k = certificateKey(der);
        return k !== null && equalBytes(k, key);
      });
      if (!matches)
        return err({
          code: 'wrong-key',
          message:
            `None of ${certificates.length === 1 ? 'this certificate' : `these ${certificates.length} certificates`} ` +
            `is for the key in ${waiting.pending.csrFileName}. Is it the certificate of another board or an older request?`,
        });
    }
    waiting.settle(ok({ certificates, format, caName: this.label }));
    return ok({ certificates: certificates.length });
  }

  /** Ends the waiting request as cancelled (the flow's cancel button, or a new request). */
  cancel(why = 'cancelled'): void {
    this.#waiting?.settle(caError('aborted', `Manual exchange ${why}.`));
  }
}
