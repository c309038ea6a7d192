// The fuzz run of every parser (targets/index.ts): seeded, >= 100,000 inputs in total, every input under its time
// cap and none hanging (a watchdog terminates a stuck worker), nothing thrown. FUZZ_SEED=<n> explores other inputs;
// the default seed keeps CI repeatable. A failure prints its seed, index and replay command, and is kept in
// regressions/ (commit it with the fix: regressions.test.ts then runs it every time).
import { describe, expect, it } from 'vitest';
import { TARGETS } from './targets/index.ts';
import { describeFailure, runJobs, table } from './run.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2026);
const MIN_INPUTS = 100_000;

describe(`fuzz every parser (seed 0x${SEED.toString(16)})`, () => {
  it(
    `runs >= ${MIN_INPUTS} inputs without a throw, a hang or an input over its cap`,
    { timeout: 240_000 },
    async () => {
      const planned = TARGETS.reduce((n, t) => n + t.inputs, 0);
      expect(planned).toBeGreaterThanOrEqual(MIN_INPUTS);
      const started = performance.now();
      const outcomes = await runJobs(
        TARGETS.filter((t) => t.inputs > 0).map((t) => ({
          mode: 'range',
          target: t.name,
          seed: SEED,
          count: t.inputs,
        })),
      );
      const failures = outcomes.flatMap((o) => o.failures);
      console.log(
        `fuzz (seed 0x${SEED.toString(16)}), ${((performance.now() - started) / 1000).toFixed(1)} s:\n${table(outcomes)}`,
      );
      for (const f of failures) console.error(describeFailure(f));
      expect(failures.map(describeFailure)).toEqual([]);
      expect(outcomes.reduce((n, o) => n + o.ran, 0)).toBe(planned);
    },
  );
});
