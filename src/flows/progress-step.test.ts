import { describe, expect, it } from 'vitest';
import { progressWorthShowing } from './progress-step.ts';
import type { FlowProgress } from './types.ts';

const f = (fraction: number, label = 'Writing the client certificate'): FlowProgress => ({
  kind: 'fraction',
  fraction,
  label,
});

describe('progressWorthShowing: write progress re-renders at most once per percent', () => {
  it('drops a fraction that moved less than a percent, shows one that moved a percent or more', () => {
    expect(progressWorthShowing(f(0.1), f(0.105))).toBe(false);
    expect(progressWorthShowing(f(0.1), f(0.11))).toBe(true);
    expect(progressWorthShowing(f(0.1), f(0.5))).toBe(true);
  });

  it('always shows the end, a new label, a start, a clear and other kinds', () => {
    expect(progressWorthShowing(f(0.995), f(1))).toBe(true);
    expect(progressWorthShowing(f(1), f(1))).toBe(false);
    expect(progressWorthShowing(f(0.5), f(0.502, 'Writing the CA certificate'))).toBe(true);
    expect(progressWorthShowing(null, f(0))).toBe(true);
    expect(progressWorthShowing(f(0.5), null)).toBe(true);
    expect(progressWorthShowing(f(0.5), { kind: 'status', label: 'Sending the CSR to the CA' })).toBe(true);
  });

  it('a write reporting after each of 200 chunks yields about a hundred snapshots, not two hundred', () => {
    let shown: FlowProgress | null = null;
    let snapshots = 0;
    for (let i = 0; i <= 200; i++) {
      const next = f(i / 200);
      if (progressWorthShowing(shown, next)) {
        shown = next;
        snapshots++;
      }
    }
    expect(snapshots).toBeLessThanOrEqual(102);
    expect(shown).toEqual(f(1));
  });
});
