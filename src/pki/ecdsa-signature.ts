// ECDSA signature encodings: raw r||s (WebCrypto, COSE, secure elements) and DER Ecdsa-Sig-Value (X.509, CSR).
import { concatBytes } from '../lib/bytes.ts';
import { sequence, unsignedInteger } from './der.ts';

/** raw r||s (each half `size` bytes) -> DER SEQUENCE { r INTEGER, s INTEGER }. */
export function rawToDerSignature(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new RangeError(`expected r||s of even length, got ${raw.length}`);
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

/** DER -> raw r||s with each half padded to `size` bytes (32 for P-256, 48 for P-384). Null when malformed. */
export function derToRawSignature(der: Uint8Array, size: number): Uint8Array | null {
  // SEQUENCE (short or 1-byte long form) of two INTEGERs; anything else is malformed.
  if (der[0] !== 0x30 || der.length < 8) return null;
  let at = 2;
  let total = der[1]!;
  if (total === 0x81) {
    total = der[2]!;
    at = 3;
  } else if (total > 0x80) return null;
  if (at + total !== der.length) return null;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < 2; i++) {
    if (der[at] !== 0x02) return null;
    const len = der[at + 1]!;
    if (len === 0 || len > 0x7f || at + 2 + len > der.length) return null;
    let value = der.subarray(at + 2, at + 2 + len);
    at += 2 + len;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) return null;
    parts.push(concatBytes(new Uint8Array(size - value.length), value));
  }
  return at === der.length ? concatBytes(parts[0]!, parts[1]!) : null;
}
