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

/** `AT%CMNG=0,<tag>,<type>,"` up to the opening quote of the content: a write. */
const CMNG_WRITE = /^(AT%CMNG\s*=\s*0\s*,\s*\d+\s*,\s*(\d+)\s*,\s*)"/i;

const CONTENT_WORDS: Readonly<Record<string, string>> = {
  '0': 'CA certificate',
  '1': 'certificate',
  '4': 'PSK identity',
  '5': 'public key',
  '6': 'public key',
  '10': 'CA certificate',
  '11': 'public key',
};

/**
 * A command as errors and messages name it: a %CMNG write is named up to its content, the content by what it is
 * (`AT%CMNG=0,42,1,<certificate>`; a private key or PSK by its size only), never quoted; other commands as sent.
 */
export function nrf91CommandText(command: string): string {
  const m = CMNG_WRITE.exec(command);
  if (!m) return command;
  const type = m[2]!;
  const rest = command.slice(m[0].length);
  const close = rest.indexOf('"');
  const chars = close < 0 ? rest.length : close;
  const word =
    type === '2' || type === '3' ? nrf91SecretPlaceholder(type, chars) : `<${CONTENT_WORDS[type] ?? 'content'}>`;
  return m[1]!.replace(/\s+/g, '') + word;
}
