// Test support (unit tests and the fuzz run; app code never imports it). Seeded random CBOR items in the subset
// `cbor.ts` reads, written with every head width (shortest and not), so the decoder returns every kind of value it
// can: small and 64-bit integers (numbers and bigints), byte and text strings, arrays, maps, tags, simple values.

export type Rng = () => number;

/** mulberry32: a small seeded PRNG, so a failing input can be made again from its seed. */
export function seededRng(seed: number): Rng {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomInt = (rng: Rng, n: number): number => Math.floor(rng() * n);

/** A head with argument `n` in a random width able to carry it (RFC 8949 §3: 0/1/2/4/8 extra bytes). */
function head(rng: Rng, major: number, n: bigint): number[] {
  const widths = [n < 24n ? 0 : -1, n < 0x100n ? 1 : -1, n < 0x10000n ? 2 : -1, n < 0x100000000n ? 4 : -1, 8].filter(
    (w) => w >= 0,
  );
  const w = widths[randomInt(rng, widths.length)]!;
  if (w === 0) return [(major << 5) | Number(n)];
  const out = [(major << 5) | { 1: 24, 2: 25, 4: 26, 8: 27 }[w]!];
  for (let i = w - 1; i >= 0; i--) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return out;
}

function argument(rng: Rng): bigint {
  switch (randomInt(rng, 6)) {
    case 0:
      return BigInt(randomInt(rng, 24));
    case 1:
      return BigInt(randomInt(rng, 0x10000));
    case 2:
      return BigInt(randomInt(rng, 0x100000000));
    case 3:
      return BigInt(Number.MAX_SAFE_INTEGER) + BigInt(randomInt(rng, 3)) - 1n;
    case 4:
      return (1n << 64n) - 1n - BigInt(randomInt(rng, 3));
    default:
      return (BigInt(randomInt(rng, 0x100000000)) << 32n) | BigInt(randomInt(rng, 0x100000000));
  }
}

const TEXTS = ['', 'a', 'IETF', 'ü', '水', '\u{1F600}', 'Signature1', '\u202e', '<script>'];

/** One well-formed CBOR item, `depth` levels deep at most. */
export function randomCborBytes(rng: Rng, depth = 4): number[] {
  const kind = randomInt(rng, depth > 0 ? 9 : 5);
  switch (kind) {
    case 0:
      return head(rng, 0, argument(rng));
    case 1:
      return head(rng, 1, argument(rng));
    case 2: {
      const n = randomInt(rng, 40);
      const out = head(rng, 2, BigInt(n));
      for (let i = 0; i < n; i++) out.push(randomInt(rng, 256));
      return out;
    }
    case 3: {
      const text = new TextEncoder().encode(TEXTS[randomInt(rng, TEXTS.length)]!);
      return [...head(rng, 3, BigInt(text.length)), ...text];
    }
    case 4:
      return [0xf4 + randomInt(rng, 4)];
    case 5:
    case 6: {
      const n = randomInt(rng, 5);
      const out = head(rng, 4, BigInt(n));
      for (let i = 0; i < n; i++) out.push(...randomCborBytes(rng, depth - 1));
      return out;
    }
    case 7: {
      const n = randomInt(rng, 4);
      const out = head(rng, 5, BigInt(n));
      for (let i = 0; i < 2 * n; i++) out.push(...randomCborBytes(rng, depth - 1));
      return out;
    }
    default: {
      const tag = [0n, 18n, 55799n, 0xffffffffn, BigInt(Number.MAX_SAFE_INTEGER)][randomInt(rng, 5)]!;
      return [...head(rng, 6, tag), ...randomCborBytes(rng, depth - 1)];
    }
  }
}
