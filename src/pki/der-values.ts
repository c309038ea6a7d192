// Layer: PKI codecs. Typed accessors over der-read.ts nodes for the X.509 / PKCS#10 / PKCS#7 readers. Accessors
// throw `DerSchemaError` with a precise message (`expected SEQUENCE at offset 4, got 0x02`); each reader catches it at
// its own entry and returns a coded result, so nothing escapes to callers.
import { toHex } from '../lib/bytes.ts';
import { decodeOid, derContent, readDer, type DerNode } from './der-read.ts';

export class DerSchemaError extends Error {}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** A DER buffer plus its node, so accessors can read contents. */
export interface Der {
  readonly bytes: Uint8Array;
  readonly node: DerNode;
}

export function fail(message: string): never {
  throw new DerSchemaError(message);
}

export function expectTag(d: Der, tag: number, what: string): Der {
  if (d.node.tag !== tag) {
    fail(`${what}: expected tag 0x${tag.toString(16)} at offset ${d.node.start}, got 0x${d.node.tag.toString(16)}`);
  }
  return d;
}

export const childrenOf = (d: Der): Der[] => d.node.children.map((node) => ({ bytes: d.bytes, node }));

export function child(d: Der, i: number, what: string): Der {
  const node = d.node.children[i];
  if (!node) fail(`${what}: missing element ${i} at offset ${d.node.start}`);
  return { bytes: d.bytes, node };
}

export const content = (d: Der): Uint8Array => derContent(d.bytes, d.node);
export const whole = (d: Der): Uint8Array => d.bytes.subarray(d.node.start, d.node.end);

/** Parses bytes that must hold exactly one DER element (extension values, BIT STRING contents). */
export function parseOne(bytes: Uint8Array, what: string): Der {
  const r = readDer(bytes, 20_000);
  if (!r.ok) fail(`${what}: ${r.reason} at offset ${r.at}`);
  if (r.nodes.length !== 1) fail(`${what}: ${r.nodes.length - 1} trailing element(s) after the value`);
  return { bytes, node: r.nodes[0]! };
}

export function oidOf(d: Der, what: string): string {
  expectTag(d, TAG.oid, what);
  const oid = decodeOid(content(d));
  if (!oid) fail(`${what}: malformed OBJECT IDENTIFIER at offset ${d.node.start}`);
  return oid;
}

export function integerHex(d: Der, what: string): string {
  expectTag(d, TAG.integer, what);
  const c = content(d);
  if (c.length === 0) fail(`${what}: empty INTEGER`);
  return toHex(c, true);
}

export function smallIntegerOf(d: Der, what: string): number {
  expectTag(d, TAG.integer, what);
  const c = content(d);
  if (c.length === 0 || c.length > 4 || (c[0]! & 0x80) !== 0) fail(`${what}: expected a small non-negative INTEGER`);
  let v = 0;
  for (const b of c) v = v * 256 + b;
  return v;
}

export function booleanOf(d: Der, what: string): boolean {
  expectTag(d, TAG.boolean, what);
  const c = content(d);
  if (c.length !== 1) fail(`${what}: BOOLEAN must be one byte`);
  return c[0] !== 0;
}

/** BIT STRING contents without the unused-bits byte, and that count. */
export function bitStringOf(d: Der, what: string): { bits: Uint8Array; unused: number } {
  expectTag(d, TAG.bitString, what);
  const c = content(d);
  if (c.length === 0 || c[0]! > 7) fail(`${what}: malformed BIT STRING`);
  return { bits: c.subarray(1), unused: c[0]! };
}

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** Any ASN.1 character string as text; unknown string types come back as hex so nothing is hidden. */
export function stringOf(d: Der): string {
  const c = content(d);
  switch (d.node.tag) {
    case TAG.utf8String:
      return new TextDecoder('utf-8', { fatal: false }).decode(c);
    case TAG.printableString:
    case TAG.ia5String:
    case TAG.t61String:
    case 0x12:
    case 0x1a:
      return latin1(c.subarray(0, 4096));
    case TAG.bmpString: {
      let s = '';
      for (let i = 0; i + 1 < c.length && i < 8192; i += 2) s += String.fromCharCode((c[i]! << 8) | c[i + 1]!);
      return s;
    }
    case TAG.universalString: {
      let s = '';
      for (let i = 0; i + 3 < c.length && i < 16384; i += 4) {
        const cp = ((c[i]! << 24) | (c[i + 1]! << 16) | (c[i + 2]! << 8) | c[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return `#${toHex(whole(d))}`;
  }
}

/** UTCTime / GeneralizedTime (RFC 5280 §4.1.2.5: Zulu, seconds present) to ms since epoch. */
export function timeOf(d: Der, what: string): number {
  const text = latin1(content(d));
  const m =
    d.node.tag === TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text)
      : d.node.tag === TAG.generalizedTime
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text)
        : null;
  if (!m) fail(`${what}: expected UTCTime or GeneralizedTime in Zulu, got "${text.slice(0, 32)}"`);
  let year = Number(m[1]);
  if (d.node.tag === TAG.utcTime) year += year < 50 ? 2000 : 1900;
  const [mo, day, h, mi, s] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60)
    fail(`${what}: impossible date "${text}"`);
  return Date.UTC(year, mo - 1, day, h, mi, s);
}
