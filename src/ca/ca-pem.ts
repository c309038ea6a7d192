// Layer: CA clients. CA certificates a user pasted into a source's settings (HTTP signer, manual exchange): the
// trust anchors a returned certificate is checked against. Read with the same rules as any certificate input.
import { ok, type Result } from '../lib/result.ts';
import { toPem } from '../pki/pem.ts';
import { readCertificates } from './certificate-input.ts';
import { caError } from './errors.ts';
import { derSha256 } from './label.ts';
import type { CaError } from './types.ts';

export function pastedCaCertificates(caPem: string, where: string): Result<string[], CaError> {
  if (!caPem.trim())
    return caError(
      'not-configured',
      `No CA certificate set for ${where}: paste the CA certificate(s) your CA gave you in its settings.`,
    );
  const r = readCertificates(caPem);
  if (!r.ok) return caError('not-configured', `The CA certificate set for ${where} is not usable: ${r.error.message}`);
  return ok(r.value.certificates.map((der) => toPem('CERTIFICATE', der)));
}

/** The pasted CA certificates' SHA-256 list, sorted, for a source's id ('' when none are pasted or readable). */
export function caPemIdentity(caPem: string): string {
  const r = caPem.trim() ? readCertificates(caPem) : null;
  return r?.ok ? r.value.certificates.map(derSha256).sort().join(',') : '';
}
