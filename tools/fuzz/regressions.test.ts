// Every input a fuzz run ever failed on (regressions/<target>/*.json), run again through its target in a watched
// worker: each must now pass within its cap. A kept input whose target is gone fails here too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from './targets/index.ts';
import { describeFailure, REGRESSION_DIR, runJob } from './run.ts';
import type { WireInput } from './protocol.ts';

const kept = readdirSync(REGRESSION_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({
    target: d.name,
    files: readdirSync(join(REGRESSION_DIR, d.name)).filter((f) => f.endsWith('.json')),
  }))
  .filter((t) => t.files.length > 0);

describe('fuzz regression inputs', () => {
  it('the folder holds kept inputs, each for a target that exists', () => {
    expect(kept.length).toBeGreaterThan(0);
    for (const t of kept) expect(TARGETS.map((x) => x.name)).toContain(t.target);
  });

  for (const t of kept) {
    it(`${t.target}: ${t.files.length} kept input(s) pass`, { timeout: 120_000 }, async () => {
      const inputs = t.files.map(
        (f) => (JSON.parse(readFileSync(join(REGRESSION_DIR, t.target, f), 'utf8')) as { input: WireInput }).input,
      );
      const outcome = await runJob({ mode: 'list', target: t.target, inputs });
      expect(outcome.failures.map(describeFailure)).toEqual([]);
      expect(outcome.ran).toBe(inputs.length);
    });
  }
});
