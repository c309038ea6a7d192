// What a fuzz input may cost: the target's cap plus CAP_MS_PER_MB per MB (a linear parser's time on a giant line),
// and the giant line itself: one line of 1 to 4 MB, no line break in it, the sample around it kept.
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/lib/cbor-random.ts';
import { giantLine } from './mutate.ts';
import { CAP_MS_PER_MB, inputCapMs } from './target.ts';

describe('fuzz input caps and giant lines', () => {
  it('gives an input the target cap plus CAP_MS_PER_MB for each MB, bytes or text', () => {
    expect(inputCapMs({}, 'short')).toBe(500);
    expect(inputCapMs({ capMs: 1000 }, new Uint8Array(10))).toBe(1000);
    expect(inputCapMs({}, new Uint8Array(4 << 20))).toBe(500 + 4 * CAP_MS_PER_MB);
    expect(inputCapMs({ capMs: 200 }, 'x'.repeat(1 << 20))).toBe(200 + CAP_MS_PER_MB);
  });

  it('inserts one line of 1 to 4 MB into the sample, with no line break in it', () => {
    const sample = new TextEncoder().encode('\r\nOK\r\n+CFUN: 1\r\n');
    for (let seed = 1; seed <= 8; seed++) {
      const out = giantLine(sample, seededRng(seed));
      const text = new TextDecoder().decode(out);
      const longest = Math.max(...text.split(/\r\n|\r|\n/).map((l) => l.length));
      expect(longest).toBeGreaterThanOrEqual(1 << 20);
      expect(longest).toBeLessThanOrEqual((4 << 20) + sample.length);
      expect(out.length - sample.length).toBeGreaterThanOrEqual(1 << 20);
    }
  });
});
