// The one way a benchmark reports a figure: its samples (at least five), min / median / max, and its goal with pass
// or fail. `interleave` measures two or more sides in the same run, rounds alternating A B A B, so drift on the
// shared machine hits every side alike. Figures are collected here and written to bench/results.json by run.ts.

/** `of`: which statistic must meet it: the median (default), or every sample (`'all'`: counts of things that must
 * never happen, such as long tasks). */
export type Goal = { readonly op: '<=' | '>='; readonly value: number; readonly of?: 'median' | 'all' } | null;

export interface Figure {
  readonly bench: string;
  readonly name: string;
  readonly unit: string;
  readonly goal: Goal;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly samples: readonly number[];
  /** Whether the median (or every sample, goal.of 'all') meets the goal; null when informational (no goal). */
  readonly pass: boolean | null;
}

export const MIN_SAMPLES = 5;

const collected: Figure[] = [];

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const fmt = (n: number): string => {
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : a >= 1 ? n.toFixed(2) : n.toFixed(3);
};

export const goalText = (goal: Goal, unit: string): string =>
  goal ? `${goal.of === 'all' ? 'each ' : ''}${goal.op} ${fmt(goal.value)}${unit ? ` ${unit}` : ''}` : '(no goal)';

/** Records and prints one figure. Fewer than MIN_SAMPLES samples is a bench bug, not a result. */
export function figure(bench: string, name: string, samples: readonly number[], unit: string, goal: Goal): Figure {
  if (samples.length < MIN_SAMPLES) throw new Error(`${bench}: "${name}" has ${samples.length} samples, needs 5`);
  const sorted = [...samples].sort((a, b) => a - b);
  const med = median(sorted);
  const meets = (x: number) => (goal!.op === '<=' ? x <= goal!.value : x >= goal!.value);
  const pass = goal ? (goal.of === 'all' ? sorted.every(meets) : meets(med)) : null;
  const f: Figure = {
    bench,
    name,
    unit,
    goal,
    min: sorted[0]!,
    median: med,
    max: sorted.at(-1)!,
    samples: samples.map((s) => Number(s.toPrecision(6))),
    pass,
  };
  collected.push(f);
  const range = `${fmt(f.min)} / ${fmt(f.median)} / ${fmt(f.max)}${unit ? ` ${unit}` : ''}`;
  const verdict = pass === null ? '' : pass ? 'PASS' : 'FAIL';
  console.log(`${name.padEnd(64)} ${range.padEnd(30)} goal ${goalText(goal, unit).padEnd(14)} ${verdict}`);
  return f;
}

/** Every figure recorded since the process started (run.ts writes them out). */
export const collectedFigures = (): readonly Figure[] => collected;

/** Milliseconds per round for each side, after one warm-up round, rounds interleaved A B A B. */
export async function interleave(
  rounds: number,
  sides: readonly (() => unknown)[],
  warmUp = true,
): Promise<number[][]> {
  if (warmUp) for (const side of sides) await side();
  const times = sides.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, side] of sides.entries()) {
      const t0 = performance.now();
      await side();
      times[i]!.push(performance.now() - t0);
    }
  }
  return times;
}

/** Per-round ratios a[i] / b[i] of two interleaved series. */
export const ratios = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x / b[i]!);
