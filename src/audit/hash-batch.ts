// Layer: audit trail. Record hashes for many records at once, for the big read-only jobs (verify of the store and of
// an export): each record stores its predecessor's hash, so every record's own hash is computed independently of
// the others. The canonical text of each body is encoded into one reused buffer and hashed there by the synchronous
// SHA-256 of sha256-sync.ts: no allocation per record and no round trip to another thread. (WebCrypto digests, one
// promise per record, took 3.4 times as long on the 2-core bench machine under load: bench/audit-profile.ts.) Same
// definition as `recordHash`.
import { tryCanonicalBody } from './chain.ts';
import { sha256Hex } from './sha256-sync.ts';

const encoder = new TextEncoder();
let buffer = new Uint8Array(1 << 16);

/** The hash of one record's content (its body without `hash`, canonicalised, plus its prevHash); null when it is
 * not a canonicalisable record. `hash` itself is ignored, so a tampered one shows. */
export function contentHash(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.prevHash !== 'string') return null;
  const canonical = tryCanonicalBody(record);
  if (!canonical.ok) return null;
  const text = canonical.value + record.prevHash;
  // UTF-8 takes at most three bytes per UTF-16 code unit.
  if (buffer.length < text.length * 3) buffer = new Uint8Array(Math.max(text.length * 3, buffer.length * 2));
  const { written } = encoder.encodeInto(text, buffer);
  return sha256Hex(buffer, 0, written);
}

/** The hash each record should have, in order (contentHash of each). */
export function recordHashes(values: readonly unknown[]): (string | null)[] {
  const out: (string | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = contentHash(values[i]);
  return out;
}
