// Fuzz harness (Node only, never bundled): what one fuzz target is. A target owns one parser: it makes seeded inputs
// (usually mutations of real samples) and runs one through the parser, throwing when the parser misbehaves (a throw
// of its own, a broken invariant, an answer that is not a value). The runner (run.ts) gives every input a time cap,
// catches hangs from outside, prints every failure with its seed and index and keeps it as a regression input.
import { seededRng, type Rng } from '../../src/lib/cbor-random.ts';

export type { Rng };
export type FuzzInput = string | Uint8Array;

export interface FuzzTarget<Ctx = unknown> {
  /** File-name safe: the regression folder is named after it. */
  readonly name: string;
  /** Inputs per CI run (the fixed share of the >= 100,000 total). */
  readonly inputs: number;
  /** Time cap for one input, ms (default 500), plus CAP_MS_PER_MB for each MB of the input. A slow input is re-run
   * before it counts as too slow. */
  readonly capMs?: number;
  /** Builds what the inputs are made from (samples, a server); runs once per worker. */
  setup?(): Promise<Ctx> | Ctx;
  teardown?(ctx: Ctx): Promise<void> | void;
  /** One input from `rng` (seeded from the run's seed and the input's index, so both replay it). */
  generate(rng: Rng, ctx: Ctx): FuzzInput;
  /** Runs the parser on one input; throws or rejects when it misbehaves. */
  run(input: FuzzInput, ctx: Ctx): void | Promise<void>;
}

export const defineTarget = <Ctx>(t: FuzzTarget<Ctx>): FuzzTarget<Ctx> => t;

/**
 * Each MB of an input adds this to its cap: a parser must be linear, not fast on megabytes. A giant line (mutate.ts)
 * of 4 MB may take a second more; one that makes a parser quadratic or recursive takes far longer, or throws.
 */
export const CAP_MS_PER_MB = 250;

/** The time cap of one input of `target`, ms. */
export function inputCapMs(target: Pick<FuzzTarget, 'capMs'>, input: FuzzInput): number {
  const bytes = typeof input === 'string' ? input.length : input.byteLength;
  return (target.capMs ?? 500) + Math.round((CAP_MS_PER_MB * bytes) / (1 << 20));
}

/** The PRNG of input `index` in the run seeded `seed`. */
export function inputRng(seed: number, index: number): Rng {
  return seededRng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

/** Throws with `message` unless `cond` holds: targets state their invariants with it. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`invariant broken: ${message}`);
}

export const asBytes = (input: FuzzInput): Uint8Array =>
  typeof input === 'string' ? new TextEncoder().encode(input) : input;
export const asText = (input: FuzzInput): string =>
  typeof input === 'string' ? input : new TextDecoder().decode(input);
