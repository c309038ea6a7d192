// A minimal DER writer (X.690) for the structures KeyWire builds itself: CSR bodies around a device-held key and the
// emulator's CSRs. Parsing stays with asn1js/pkijs; this only emits, so exact bytes (such as the explicit NULL
// parameter real nRF91 modems put in ecdsa-with-SHA256) are under our control.
import { concatBytes } from '../lib/bytes.ts';

export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...content: Der[]): Der {
  const body = concatBytes(...content);
  return concatBytes(Uint8Array.from([tag, ...lengthBytes(body.length)]), body);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, ...items);
export const set = (...items: Der[]): Der => tlv(0x31, ...items);
export const nullValue = (): Der => Uint8Array.from([0x05, 0x00]);
export const octetString = (bytes: Uint8Array): Der => tlv(0x04, bytes);
export const utf8String = (text: string): Der => tlv(0x0c, new TextEncoder().encode(text));
export const printableString = (text: string): Der => tlv(0x13, new TextEncoder().encode(text));
export const ia5String = (text: string): Der => tlv(0x16, new TextEncoder().encode(text));
export const bool = (value: boolean): Der => Uint8Array.from([0x01, 0x01, value ? 0xff : 0x00]);
/** [n] EXPLICIT, constructed. */
export const explicit = (n: number, ...content: Der[]): Der => tlv(0xa0 | n, ...content);
/** [n] IMPLICIT constructed (e.g. the CSR attributes set). */
export const implicitConstructed = (n: number, ...content: Der[]): Der => tlv(0xa0 | n, ...content);

/** BIT STRING with `unused` trailing bits in the last byte. */
export function bitString(bytes: Uint8Array, unused = 0): Der {
  return tlv(0x03, Uint8Array.from([unused]), bytes);
}

/** Non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, sign byte added when needed). */
export function unsignedInteger(magnitude: Uint8Array): Der {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = trimmed.length === 0 || (trimmed[0]! & 0x80) !== 0;
  return tlv(0x02, needsPad ? concatBytes(Uint8Array.of(0), trimmed) : trimmed);
}

export const smallInteger = (n: number): Der => {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError(`expected 0..2^31-1, got ${n}`);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
};

export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map((part) => {
    if (!/^\d+$/.test(part)) throw new RangeError(`bad OID ${dotted}`);
    return BigInt(part);
  });
  if (arcs.length < 2) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  const push = (arc: bigint) => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  arcs.slice(2).forEach(push);
  return tlv(0x06, Uint8Array.from(out));
}
