// A small CBOR (RFC 8949) codec: the subset COSE_Sign1 and nRF91 attestation use (integers, byte and text strings,
// arrays, maps, tags, simple values). The decoder is strict and bounded for hostile input: definite lengths only,
// depth-limited, every length checked against the bytes that remain. It returns null rather than throwing.

export type CborValue =
  number | bigint | Uint8Array | string | boolean | null | undefined | CborValue[] | CborMap | CborTag;

export class CborMap extends Map<CborValue, CborValue> {}

export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

const MAX_DEPTH = 32;

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new RangeError('truncated');
    return this.bytes[this.at++]!;
  }
  take(n: number): Uint8Array {
    if (n > this.bytes.length - this.at) throw new RangeError('truncated');
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  argument(info: number): number | bigint {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) return (this.byte() << 8) | this.byte();
    if (info === 26) return ((this.byte() << 24) >>> 0) + (this.byte() << 16) + (this.byte() << 8) + this.byte();
    if (info === 27) {
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.byte());
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new RangeError('indefinite or reserved length');
  }
  length(info: number): number {
    const n = this.argument(info);
    if (typeof n === 'bigint' || n > this.bytes.length - this.at) throw new RangeError('length beyond input');
    return n;
  }
}

function read(r: Reader, depth: number): CborValue {
  if (depth > MAX_DEPTH) throw new RangeError('nested too deep');
  const head = r.byte();
  const major = head >> 5;
  const info = head & 0x1f;
  switch (major) {
    case 0:
      return r.argument(info);
    case 1: {
      const n = r.argument(info);
      return typeof n === 'bigint' ? -1n - n : -1 - n;
    }
    case 2:
      return r.take(r.length(info)).slice();
    case 3:
      return new TextDecoder('utf-8', { fatal: true }).decode(r.take(r.length(info)));
    case 4: {
      const n = r.length(info);
      const out: CborValue[] = [];
      for (let i = 0; i < n; i++) out.push(read(r, depth + 1));
      return out;
    }
    case 5: {
      const n = r.length(info);
      const out = new CborMap();
      for (let i = 0; i < n; i++) out.set(read(r, depth + 1), read(r, depth + 1));
      return out;
    }
    case 6: {
      const tag = r.argument(info);
      if (typeof tag === 'bigint') throw new RangeError('tag too large');
      return new CborTag(tag, read(r, depth + 1));
    }
    default:
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info === 23) return undefined;
      throw new RangeError('unsupported simple or float value');
  }
}

/** Decodes exactly one CBOR item that fills `bytes`; null when malformed, truncated or followed by extra bytes. */
export function decodeCbor(bytes: Uint8Array): CborValue | null {
  try {
    const r = new Reader(bytes);
    const value = read(r, 0);
    return r.at === bytes.length ? value : null;
  } catch {
    return null;
  }
}

const MAX_UINT64 = (1n << 64n) - 1n;

/** The head of an item: major type and argument, in the shortest form (RFC 8949 §4.2.1), up to 2^64 - 1. */
function head(major: number, n: number | bigint): number[] {
  const m = major << 5;
  if (typeof n === 'number' && n <= 0xffffffff) {
    if (n < 24) return [m | n];
    if (n < 0x100) return [m | 24, n];
    if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
    return [m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  }
  let v = BigInt(n);
  if (v < 0n || v > MAX_UINT64) throw new RangeError('integer outside the CBOR range (-2^64 .. 2^64-1)');
  if (v <= 0xffffffffn) return head(major, Number(v));
  const out = [m | 27];
  const bytes: number[] = [];
  for (let i = 0; i < 8; i++, v >>= 8n) bytes.unshift(Number(v & 0xffn));
  return out.concat(bytes);
}

function write(value: CborValue, out: number[]): void {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError('floats are not supported');
    out.push(...(value >= 0 ? head(0, value) : head(1, -1 - value)));
  } else if (typeof value === 'bigint') {
    out.push(...(value >= 0n ? head(0, value) : head(1, -1n - value)));
  } else if (value instanceof Uint8Array) {
    out.push(...head(2, value.length));
    for (const b of value) out.push(b);
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    out.push(...head(3, bytes.length));
    for (const b of bytes) out.push(b);
  } else if (Array.isArray(value)) {
    out.push(...head(4, value.length));
    for (const item of value) write(item, out);
  } else if (value instanceof Map) {
    out.push(...head(5, value.size));
    for (const [k, v] of value) {
      write(k, out);
      write(v, out);
    }
  } else if (value instanceof CborTag) {
    out.push(...head(6, value.tag));
    write(value.value, out);
  } else if (value === false) out.push(0xf4);
  else if (value === true) out.push(0xf5);
  else if (value === null) out.push(0xf6);
  else if (value === undefined) out.push(0xf7);
  else throw new RangeError('unsupported value');
}

/**
 * Encodes a value; every value `decodeCbor` returns encodes, and decodes back to an equal value (integers in the
 * shortest form, so non-shortest input comes back shorter). Throws RangeError on what CBOR here cannot carry: floats,
 * integers beyond 64 bits, unknown kinds of value. Encoding is the caller's own data, not hostile input.
 */
export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}
