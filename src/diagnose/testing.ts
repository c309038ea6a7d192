// Test support for the diagnostics tests (never imported by the app): a fixed "now" and a certificate summary as
// the health and broker checks and the report receive it, with any field overridable.
import type { CertSummary } from './health/types.ts';

export const NOW = Date.parse('2026-11-21T10:00:00Z');
export const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A P-256 client certificate valid from a year before NOW to ten years after, unless overridden. */
export function cert(o: Partial<CertSummary> = {}): CertSummary {
  return {
    subject: 'CN=dev-1',
    commonName: 'dev-1',
    issuer: 'CN=Fleet CA',
    serialHex: '01',
    notBefore: iso(NOW - 365 * DAY),
    notAfter: iso(NOW + 3650 * DAY),
    sha256: 'A1'.repeat(32),
    spkiSha256: 'B2'.repeat(32),
    keyAlgorithm: 'EC',
    curve: 'P-256',
    keyBits: 256,
    signatureAlgorithm: 'ecdsa-with-SHA256',
    signatureHash: 'SHA-256',
    keyUsage: ['digitalSignature'],
    extKeyUsage: [{ oid: '1.3.6.1.5.5.7.3.2', name: 'clientAuth' }],
    isCa: false,
    selfIssued: false,
    derBytes: 500,
    dnsNames: [],
    ...o,
  };
}
