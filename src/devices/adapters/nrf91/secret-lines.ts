// Layer: nRF91 adapter. Where %CMNG lines carry key material, for the console masks (transport/secret-mask.ts) and
// the audit trail's secret scanner: the quoted content of a write of a private key (type 2) or PSK (type 3), and of a
// read answer of those types.
import type { SecretLineRule, SecretPattern } from '../../family-profile.ts';

export function nrf91SecretPlaceholder(type: string, chars: number): string {
  if (type === '3') return chars % 2 === 0 ? `<PSK, ${chars / 2} bytes, hidden>` : `<PSK, ${chars} characters, hidden>`;
  return `<private key, ${chars} characters, hidden>`;
}

/** `AT%CMNG=0,<tag>,<2|3>,"` (a write) and `%CMNG: <tag>,<2|3>,"<sha>","` (a read answer), up to the opening quote. */
export const NRF91_SECRET_LINES: readonly SecretLineRule[] = [
  { start: /^(AT%CMNG\s*=\s*0\s*,\s*\d+\s*,\s*([23])\s*,\s*")/i, placeholder: nrf91SecretPlaceholder },
  { start: /^(%CMNG:\s*\d+\s*,\s*([23])\s*,\s*"[^"]*"\s*,\s*")/i, placeholder: nrf91SecretPlaceholder },
];

/** `AT%CMNG=0,<tag>,2|3,"...`: a write of a private key or PSK carries the secret in the command. */
export const NRF91_SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'cmng-secret-write',
    re: /AT%CMNG=0\s*,\s*\d+\s*,\s*[23]\s*,\s*"/gi,
    text: 'an AT%CMNG write of a private key or PSK',
  },
];
