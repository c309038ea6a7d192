// Layer: views (diagnose). Words for a certificate's role and its validity against now, shared by the Inspect card
// and the chain diagram.
import type { Validity } from '../device/certificate-summary.ts';
import type { InspectedView } from '../../pki/crypto-types.ts';

const DAY_MS = 86_400_000;

export function certificateRole(c: Extract<InspectedView, { kind: 'certificate' }>): string {
  if (c.selfIssued)
    return c.extensions.basicConstraints?.ca ? 'Root CA certificate (self-signed)' : 'Self-signed certificate';
  if (c.extensions.basicConstraints?.ca) return 'Intermediate CA certificate';
  return 'Certificate (end entity)';
}

export function validityText(v: Validity, notBefore: string, notAfter: string, now: number): string {
  if (v === 'expired') {
    const days = Math.floor((now - Date.parse(notAfter)) / DAY_MS);
    return `Expired ${days === 0 ? 'today' : `${days} days ago`}`;
  }
  if (v === 'not-yet-valid')
    return `Not valid yet: starts in ${Math.ceil((Date.parse(notBefore) - now) / DAY_MS)} days`;
  return `Valid now, ${Math.floor((Date.parse(notAfter) - now) / DAY_MS)} days left`;
}
