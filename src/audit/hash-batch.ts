// Layer: audit trail. Record hashes for many records at once, for the big read-only jobs (verify): each record
// stores its predecessor's hash, so every record's own hash can be computed independently of the others. The
// canonical text is written here; the SHA-256 digests run in parallel through WebCrypto (native code, off this
// thread). Where WebCrypto is missing (a page served over plain http from another computer is not a secure
// context), the synchronous hash of chain.ts does the same work. Same definition as `recordHash`.
import { tryCanonicalBody, tryRecordHash } from './chain.ts';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

const subtle = (): SubtleCrypto | undefined => globalThis.crypto?.subtle;

/**
 * The hash each stored record should have (its body without `hash`, canonicalised, plus its prevHash), in order;
 * null for a value that is not a canonicalisable record. `hash` itself is ignored, so a tampered one shows.
 */
export function recordHashes(values: readonly unknown[]): Promise<(string | null)[]> {
  const crypto = subtle();
  // One buffer for the whole batch, each record's text encoded into its own slice (digest copies its input).
  let buffer = new Uint8Array(values.length * 1024);
  let used = 0;
  return Promise.all(
    values.map((value): string | null | Promise<string> => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
      const record = value as Record<string, unknown>;
      if (!crypto) {
        const { hash: _hash, ...body } = record;
        return tryRecordHash(body);
      }
      const canonical = tryCanonicalBody(record);
      if (!canonical.ok || typeof record.prevHash !== 'string') return null;
      const text = canonical.value + record.prevHash;
      if (buffer.length - used < text.length * 3) {
        buffer = new Uint8Array(Math.max(text.length * 3, 1 << 20));
        used = 0;
      }
      const { written } = encoder.encodeInto(text, buffer.subarray(used));
      const bytes = buffer.subarray(used, used + written);
      used += written;
      return crypto.digest('SHA-256', bytes).then(toHex);
    }),
  );
}
