import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256-sync.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('synchronous SHA-256', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(ascii(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(ascii('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto and @noble/hashes on every length up to 300 bytes and on long inputs', () => {
    const data = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131 + (i >> 7)) & 0xff);
    for (const length of [...Array.from({ length: 301 }, (_, i) => i), 1000, 4096, 65_537, 70_000]) {
      const part = data.subarray(0, length);
      const want = createHash('sha256').update(part).digest('hex');
      expect(sha256Hex(part), `length ${length}`).toBe(want);
      expect(bytesToHex(sha256(part))).toBe(want);
    }
  });

  it('hashes a range of a larger buffer without looking outside it', () => {
    const data = ascii('xxxabcyyyy');
    expect(sha256Hex(data, 3, 6)).toBe(sha256Hex(ascii('abc')));
    expect(sha256Hex(data, 3, 3)).toBe(sha256Hex(ascii('')));
  });
});
