// The fuzz runner itself: a throw, an input over its cap and a hang are each reported with the input that caused
// them and a replay command; a hung worker is terminated by the watchdog; a seeded failure is kept as a regression.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure, runJob } from './run.ts';
import type { WireInput } from './protocol.ts';

const text = (s: string): WireInput => ({ kind: 'text', base64: Buffer.from(s).toString('base64') });
const decoded = (w: WireInput) => Buffer.from(w.base64, 'base64').toString('utf8');

describe('fuzz runner', () => {
  it('reports a throw and a slow input with their inputs, and passes the rest', { timeout: 60_000 }, async () => {
    const o = await runJob({
      mode: 'list',
      target: 'harness-selftest',
      inputs: [text('pass'), text('throw'), text('slow'), text('pass')],
    });
    expect(o.ran).toBe(4);
    expect(o.failures.map((f) => [f.index, decoded(f.input)])).toEqual([
      [1, 'throw'],
      [2, 'slow'],
    ]);
    expect(o.failures[0]!.error).toBe('TypeError: thrown on purpose');
    expect(o.failures[1]!.error).toMatch(/took \d+ ms \(cap 200 ms\)/);
    expect(o.failures.every((f) => f.saved === null)).toBe(true);
  });

  it('terminates a hung worker and names the input it hung on', { timeout: 60_000 }, async () => {
    const t0 = performance.now();
    const o = await runJob(
      { mode: 'list', target: 'harness-selftest', inputs: [text('pass'), text('hang'), text('pass')] },
      { hangMs: 1_500 },
    );
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(o.failures).toHaveLength(1);
    expect(o.failures[0]!.index).toBe(1);
    expect(decoded(o.failures[0]!.input)).toBe('hang');
    expect(o.failures[0]!.error).toMatch(/^hang: input ran over 1500 ms/);
  });

  it(
    'keeps a seeded failure as a regression input, with its seed, index and replay command',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'keywire-fuzz-'));
      try {
        const o = await runJob(
          { mode: 'range', target: 'harness-selftest', seed: 0xabc, count: 6 },
          { regressionDir: dir },
        );
        expect(o.failures.length).toBeGreaterThan(0);
        for (const f of o.failures) {
          expect(describeFailure(f)).toContain(`seed 0xabc, input #${f.index}`);
          expect(describeFailure(f)).toContain(`npx tsx tools/fuzz/replay.ts harness-selftest 2748 ${f.index}`);
          expect(f.saved).toBe(join(dir, 'harness-selftest', `abc-${f.index}.json`));
          const kept = JSON.parse(readFileSync(f.saved!, 'utf8'));
          expect([kept.seed, kept.index, decoded(kept.input)]).toEqual([0xabc, f.index, 'throw']);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
