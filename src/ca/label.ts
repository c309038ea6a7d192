// Layer: CA clients. What a source may say about itself in labels, CA names and ids (the UI, the flow store and
// the audit trail): a URL reduced to origin and path (no user name, password, query or fragment), with anything
// the audit's secret scanner flags replaced, and fingerprints for identity. A token in an address must never make
// it into caName: the audit trail would refuse the record after the certificate was already issued.
import { sha256 } from '@noble/hashes/sha2.js';
import { scanForSecrets } from '../audit/secrets.ts';
import { toHex } from '../lib/bytes.ts';

export const REDACTED = '[redacted]';

/** `text` with every part that looks like a credential replaced by [redacted]. */
export function safeLabel(text: string): string {
  let out = text;
  for (const f of scanForSecrets(text).reverse())
    out = `${out.slice(0, f.index)}${REDACTED}${out.slice(f.index + f.length)}`;
  return out;
}

/** A path segment, or [redacted] when it looks like a credential (an API key in the path). */
function safeSegment(segment: string): string {
  let plain = segment;
  try {
    plain = decodeURIComponent(segment);
  } catch {
    /* keep it encoded: still scanned */
  }
  return scanForSecrets(plain).length || scanForSecrets(segment).length ? REDACTED : segment;
}

const clean = (text: string) => scanForSecrets(text).length === 0;

/**
 * Origin and path of a URL, for labels; never its user info, query or fragment, nor a path segment like a key. The
 * result is always clean for the audit's scanner: a long path that reads like a base64 run as a whole is shortened
 * to its last segment.
 */
export function urlLabel(url: string): string {
  try {
    const u = new URL(url.trim());
    const origin = `${u.protocol}//${safeSegment(u.host)}`;
    const segments = u.pathname.split('/').filter(Boolean).map(safeSegment);
    const candidates = [
      `${origin}${segments.map((s) => `/${s}`).join('')}`,
      ...(segments.length > 1 ? [`${origin}/…/${segments[segments.length - 1]}`] : []),
      origin,
    ];
    return candidates.find(clean) ?? `an address that looks like it carries a credential`;
  } catch {
    return 'an unusable address';
  }
}

/** SHA-256 of DER, 64 upper-case hex digits. */
export const derSha256 = (der: Uint8Array): string => toHex(sha256(der), true);

/** The first 8 hex digits of a fingerprint, for humans telling two CAs of the same name apart. */
export const shortFingerprint = (sha256Hex: string): string => sha256Hex.replace(/:/g, '').slice(0, 8).toUpperCase();
