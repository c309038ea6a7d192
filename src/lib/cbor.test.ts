// The CBOR codec (RFC 8949): the encoder takes every value its own decoder returns and gives it back equal
// (Appendix A vectors, then seeded random items written with every head width, 64-bit integers and tags included).
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, CborMap, CborTag, type CborValue } from './cbor.ts';
import { randomCborBytes, seededRng } from './cbor-random.ts';
import { fromHex, toHex } from './bytes.ts';

// RFC 8949 Appendix A: value and its (preferred) encoding.
const VECTORS: [CborValue, string][] = [
  [0, '00'],
  [23, '17'],
  [24, '1818'],
  [100, '1864'],
  [1000, '1903e8'],
  [1000000, '1a000f4240'],
  [1000000000000, '1b000000e8d4a51000'],
  [18446744073709551615n, '1bffffffffffffffff'],
  [-18446744073709551616n, '3bffffffffffffffff'],
  [-1, '20'],
  [-100, '3863'],
  [-1000, '3903e7'],
  [new Uint8Array(0), '40'],
  [Uint8Array.of(1, 2, 3, 4), '4401020304'],
  ['', '60'],
  ['IETF', '6449455446'],
  ['\u00fc', '62c3bc'],
  ['\u6c34', '63e6b0b4'],
  [[1, [2, 3], [4, 5]], '8301820203820405'],
  [
    new CborMap([
      [1, 2],
      [3, 4],
    ]),
    'a201020304',
  ],
  [new CborTag(0, '2013-03-21T20:04:00Z'), 'c074323031332d30332d32315432303a30343a30305a'],
  [new CborTag(1, 1363896240), 'c11a514b67b0'],
  [false, 'f4'],
  [true, 'f5'],
  [null, 'f6'],
  [undefined, 'f7'],
];

const RANDOM_ITEMS = 20_000;

describe('CBOR encoder against RFC 8949 Appendix A', () => {
  for (const [value, hex] of VECTORS) {
    it(`${hex}`, () => {
      expect(toHex(encodeCbor(value))).toBe(hex);
      expect(decodeCbor(fromHex(hex)!)).toEqual(value);
    });
  }

  it('takes integers beyond 32 bits as numbers and bigints (the decoder returns both)', () => {
    expect(toHex(encodeCbor(Number.MAX_SAFE_INTEGER))).toBe('1b001fffffffffffff');
    expect(toHex(encodeCbor(-Number.MAX_SAFE_INTEGER - 1))).toBe('3b001fffffffffffff');
    expect(toHex(encodeCbor(2n ** 53n + 1n))).toBe('1b0020000000000001');
    expect(toHex(encodeCbor(5n))).toBe('05');
    expect(toHex(encodeCbor(new CborTag(0x100000000, 1)))).toBe('db000000010000000001');
  });

  it('refuses, with a RangeError, only what CBOR here cannot carry', () => {
    expect(() => encodeCbor(1.5)).toThrow(RangeError);
    expect(() => encodeCbor(2n ** 64n)).toThrow(RangeError);
    expect(() => encodeCbor(-(2n ** 64n) - 1n)).toThrow(RangeError);
  });
});

describe(`CBOR round trip: ${RANDOM_ITEMS} seeded random items in every head width`, () => {
  it('decode -> encode -> decode gives an equal value, and encoding is then stable', () => {
    const seed = 0xc0b0_2026;
    const rng = seededRng(seed);
    let wide = 0;
    for (let i = 0; i < RANDOM_ITEMS; i++) {
      const bytes = Uint8Array.from(randomCborBytes(rng));
      const where = `item #${i} of seed ${seed.toString(16)}: ${toHex(bytes)}`;
      const value = decodeCbor(bytes);
      // decodeCbor answers null for malformed input and for the CBOR null item itself (f6).
      if (value === null) expect(toHex(bytes), where).toBe('f6');
      let again: Uint8Array;
      try {
        again = encodeCbor(value);
      } catch (e) {
        throw new Error(`encoder refused a decoded value (${String(e)}) at ${where}`);
      }
      expect(decodeCbor(again), where).toEqual(value);
      expect(encodeCbor(decodeCbor(again) as CborValue), where).toEqual(again);
      if (bytes.some((b) => b === 0x1b || b === 0x3b)) wide++;
    }
    // The generator must reach the 8-byte heads the old encoder could not write.
    expect(wide).toBeGreaterThan(RANDOM_ITEMS / 10);
  });
});
