// Fuzz harness: seeded mutations of real samples, the kinds a broken or hostile board, file or CA produces: bit
// flips, truncation, splices from another sample, inserted hostile bytes (NUL, quotes, CR/LF, invalid UTF-8, bidi
// overrides, C1 controls), a chunk repeated into a long run, and DER length bytes changed.
import { randomInt, type Rng } from '../../src/lib/cbor-random.ts';

const HOSTILE: readonly (readonly number[])[] = [
  [0x00],
  [0xff],
  [0x22],
  [0x0d],
  [0x0a],
  [0x0d, 0x0a],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x80, 0xae],
  [0xc2, 0x85],
  [0x1b, 0x5b, 0x32, 0x4a],
  [0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3e],
  [0x80],
  [0x81],
  [0x82],
  [0x84, 0xff, 0xff, 0xff, 0xff],
  [0x4f, 0x4b, 0x0d, 0x0a],
];

type ByteMutator = (b: Uint8Array, rng: Rng, donor: Uint8Array) => Uint8Array;

const at = (rng: Rng, b: Uint8Array) => randomInt(rng, b.length + 1);

const BYTE_MUTATORS: readonly ByteMutator[] = [
  (b, rng) => {
    const m = b.slice();
    for (let k = 1 + randomInt(rng, 4); k > 0 && m.length; k--) m[randomInt(rng, m.length)]! ^= 1 << randomInt(rng, 8);
    return m;
  },
  (b, rng) => b.slice(0, randomInt(rng, b.length + 1)),
  (b, rng, donor) => {
    const from = randomInt(rng, donor.length + 1);
    const chunk = donor.subarray(from, from + 1 + randomInt(rng, 64));
    const i = at(rng, b);
    return concat(b.subarray(0, i), chunk, b.subarray(Math.min(b.length, i + randomInt(rng, 32))));
  },
  (b, rng) => {
    const i = at(rng, b);
    return concat(b.subarray(0, i), Uint8Array.from(HOSTILE[randomInt(rng, HOSTILE.length)]!), b.subarray(i));
  },
  (b, rng) => {
    const i = randomInt(rng, b.length + 1);
    const chunk = b.subarray(i, i + 1 + randomInt(rng, 16));
    const times = [2, 10, 200, 5000][randomInt(rng, 4)]!;
    const parts = [b.subarray(0, i), ...Array.from({ length: times }, () => chunk), b.subarray(i)];
    return concat(...parts);
  },
  (b, rng) => {
    const m = b.slice();
    if (m.length) m[randomInt(rng, m.length)] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff][randomInt(rng, 7)]!;
    return m;
  },
];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One input in this many gets a giant line (below). */
export const GIANT_LINE_EVERY = 4000;

/**
 * One line of 1 to 4 MB inserted into `b`: a chunk of it repeated with its line breaks taken out. The input that
 * finds a regular expression or a recursion running out of stack on one long line (10 MB of base64 pasted into
 * Inspect once did), which the short runs above never reach.
 */
export function giantLine(b: Uint8Array, rng: Rng): Uint8Array {
  const i = randomInt(rng, b.length + 1);
  const chunk = Array.from(b.subarray(i, i + 1 + randomInt(rng, 32))).filter((x) => x !== 0x0a && x !== 0x0d);
  if (chunk.length === 0) chunk.push(0x41);
  const line = new Uint8Array((1 + randomInt(rng, 4)) << 20);
  for (let o = 0; o < line.length; o++) line[o] = chunk[o % chunk.length]!;
  return concat(b.subarray(0, i), line, b.subarray(i));
}

/**
 * One to three mutations of a random sample (a sample unchanged now and then, to keep the happy path covered), and
 * in one input of GIANT_LINE_EVERY a giant line.
 */
export function mutateBytes(rng: Rng, samples: readonly Uint8Array[]): Uint8Array {
  let b = samples[randomInt(rng, samples.length)]!;
  if (rng() < 0.05) return b;
  for (let k = 1 + randomInt(rng, 3); k > 0; k--) {
    const donor = samples[randomInt(rng, samples.length)]!;
    b = BYTE_MUTATORS[randomInt(rng, BYTE_MUTATORS.length)]!(b, rng, donor);
  }
  return rng() < 1 / GIANT_LINE_EVERY ? giantLine(b, rng) : b;
}

/** Text samples mutated as UTF-8 bytes and decoded again (invalid sequences become U+FFFD, as a decoder makes them). */
export function mutateText(rng: Rng, samples: readonly string[]): string {
  const bytes = samples.map((s) => new TextEncoder().encode(s));
  return new TextDecoder().decode(mutateBytes(rng, bytes));
}

/** Random bytes, for targets that must also take pure noise. */
export function noise(rng: Rng, max = 256): Uint8Array {
  return Uint8Array.from({ length: randomInt(rng, max + 1) }, () => randomInt(rng, 256));
}
