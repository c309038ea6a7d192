// Layer: PKI codecs. The line forms of board output that carry no certificate bytes of their own, or carry them in
// a shell's plain base64: `%CMNG` list answers (`%CMNG: <sec_tag>,<type>,"<SHA-256 hex>"`), Zephyr `cred list`
// rows (`<sectag>,<TYPE>,<base64 SHA-256>,<status>`, then `<N> credentials found.`), the `%CMNG` read answer that
// a PEM block follows (`%CMNG: <sec_tag>,<type>,"<sha>","-----BEGIN …`), and `cred get` base64 output, which may be
// wrapped over several lines. Pure; never throws.
import type { CredentialListEntry } from './inspect-types.ts';

const CMNG_LIST = /^\s*%CMNG:\s*(\d{1,10})\s*,\s*(\d{1,2})\s*,\s*"([0-9A-Fa-f]{64})"\s*$/;
const CRED_LIST = /^\s*(\d{1,10})\s*,\s*([A-Za-z_]{2,12})\s*,\s*([A-Za-z0-9+/]{42,44}={0,2})\s*,\s*(-?\d{1,6})\s*$/;
const CRED_FOUND = /^\s*\d+ credentials? found\.?\s*$/;
const CMNG_READ_TAIL = /%CMNG:\s*(\d{1,10})\s*,\s*(\d{1,2})\s*,\s*"[0-9A-Fa-f]*"\s*,\s*"\s*$/;

export type ListingLine =
  | { readonly family: 'nrf91' | 'zephyr-tls-shell'; readonly entry: CredentialListEntry }
  | { readonly family: 'zephyr-tls-shell'; readonly entry: null };

/** A credential listing line, or a Zephyr `N credentials found.` footer (entry null), or null. */
export function listingLine(line: string): ListingLine | null {
  const c = CMNG_LIST.exec(line);
  if (c)
    return {
      family: 'nrf91',
      entry: { secTag: Number(c[1]), type: c[2]!, digest: c[3]!.toUpperCase(), status: null },
    };
  const z = CRED_LIST.exec(line);
  if (z)
    return {
      family: 'zephyr-tls-shell',
      entry: { secTag: Number(z[1]), type: z[2]!.toUpperCase(), digest: z[3]!, status: Number(z[4]) },
    };
  return CRED_FOUND.test(line) ? { family: 'zephyr-tls-shell', entry: null } : null;
}

/** The slot of a `%CMNG` read answer when `before` (the text just before a PEM block) ends with its prefix. */
export function cmngReadSlot(before: string): { family: 'nrf91'; secTag: number; cmngType: number } | null {
  const m = CMNG_READ_TAIL.exec(before.slice(-200));
  return m ? { family: 'nrf91', secTag: Number(m[1]), cmngType: Number(m[2]) } : null;
}

/**
 * The base64 text of a line that is nothing else (letters, digits, `+` and `/`, then at most two `=`), trimmed, or
 * null; at least `min` characters before the padding. Scanned character by character rather than matched with a
 * regular expression: a greedy pattern over a 10 MB line exhausts the regular expression engine's stack.
 */
export function base64Text(line: string, min = 1): string | null {
  const text = line.trim();
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */ && text.length - end < 2) end--;
  if (end < min) return null;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return null;
  }
  return text;
}

const isHex = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
};

/** A line that is nothing but base64 (a shell's `cred get … bint` output, possibly wrapped), never pure hex. */
export function base64Line(line: string): string | null {
  const text = base64Text(line, 40);
  return text !== null && !isHex(text) ? text : null;
}
