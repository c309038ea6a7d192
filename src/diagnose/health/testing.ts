// Test support for the health check's tests (never imported by the app): a fixed "now", clocks, a certificate summary
// with overridable fields, and a chain report as the worker returns it.
import type { ChainProblem, ChainReport } from '../../workers/types.ts';
import type { BoardClock, CertSummary } from './types.ts';

export const NOW = Date.parse('2026-11-21T10:00:00Z');
export const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const UNKNOWN: BoardClock = { status: 'unknown', reason: 'test' };
export const known = (ms: number): BoardClock => ({
  status: 'known',
  at: iso(ms),
  raw: '+CCLK: ...',
  source: 'AT+CCLK?',
});

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

export const ref = (pathIndex: number, subject: string, role: 'leaf' | 'intermediate' | 'anchor' = 'leaf') => ({
  pathIndex,
  role,
  inputIndex: 0,
  subject,
  sha256: 'C3'.repeat(32),
});
export const report = (problems: ChainProblem[], valid = problems.length === 0): ChainReport => ({
  valid,
  path: valid ? [ref(0, 'CN=dev-1'), ref(1, 'CN=Fleet CA', 'anchor')] : [ref(0, 'CN=dev-1')],
  problems,
  at: iso(NOW),
  purpose: 'clientAuth',
});
