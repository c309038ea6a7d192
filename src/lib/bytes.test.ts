import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toBase64Url, toHex } from './bytes.ts';
import { decodeCbor, encodeCbor, CborMap, CborTag } from './cbor.ts';

describe('base64 and base64url (RFC 4648)', () => {
  const table = [
    { bytes: [], b64: '', url: '' },
    { bytes: [0xfb, 0xff], b64: '+/8=', url: '-_8' },
    { bytes: [0x66, 0x6f, 0x6f, 0x62, 0x61, 0x72], b64: 'Zm9vYmFy', url: 'Zm9vYmFy' },
  ];
  for (const { bytes, b64, url } of table) {
    it(`round-trips ${JSON.stringify(bytes)}`, () => {
      expect(toBase64(Uint8Array.from(bytes))).toBe(b64);
      expect(toBase64Url(Uint8Array.from(bytes))).toBe(url);
      expect(Array.from(fromBase64(b64)!)).toEqual(bytes);
      expect(Array.from(fromBase64(url)!)).toEqual(bytes);
    });
  }
  it('returns null for text that is not base64', () => {
    expect(fromBase64('ab$c')).toBeNull();
    expect(fromBase64('abcde')).toBeNull();
    expect(fromHex('abc')).toBeNull();
    expect(toHex(fromHex('00:ff')!, true)).toBe('00FF');
  });
});

describe('CBOR (RFC 8949)', () => {
  it('round-trips the values COSE uses', () => {
    const value = new CborTag(18, [Uint8Array.of(1, 2), new CborMap([[4, Uint8Array.of(0x21)]]), null, -7, 1235, 'x']);
    const bytes = encodeCbor(value);
    expect(encodeCbor(decodeCbor(bytes)!)).toEqual(bytes);
  });
  it('rejects truncation, huge lengths, deep nesting and trailing bytes', () => {
    expect(decodeCbor(Uint8Array.of(0x58, 0x20, 1))).toBeNull();
    expect(decodeCbor(Uint8Array.of(0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBeNull();
    expect(decodeCbor(new Uint8Array(100).fill(0x81))).toBeNull();
    expect(decodeCbor(Uint8Array.of(0x01, 0x02))).toBeNull();
  });
});
