import { describe, expect, it } from 'vitest';
import { PROGRESS_INTERVAL_MS, progressWorthShowing } from './progress-step.ts';
import type { FlowProgress } from './types.ts';

const f = (fraction: number, label = 'Writing the client certificate'): FlowProgress => ({
  kind: 'fraction',
  fraction,
  label,
});
const LATER = PROGRESS_INTERVAL_MS;

describe('progressWorthShowing: write progress re-renders at most once per percent and about ten times a second', () => {
  it('drops a fraction that moved less than a percent, shows one that moved a percent or more', () => {
    expect(progressWorthShowing(f(0.1), f(0.105), LATER)).toBe(false);
    expect(progressWorthShowing(f(0.1), f(0.11), LATER)).toBe(true);
    expect(progressWorthShowing(f(0.1), f(0.5), LATER)).toBe(true);
  });

  it('drops a fraction that comes sooner than the interval after the last one shown, however far it moved', () => {
    expect(progressWorthShowing(f(0.1), f(0.5), PROGRESS_INTERVAL_MS - 1)).toBe(false);
    expect(progressWorthShowing(f(0.1), f(0.5), 0)).toBe(false);
  });

  it('always shows the end, a new label, a start, a clear and other kinds, however soon', () => {
    expect(progressWorthShowing(f(0.995), f(1), 0)).toBe(true);
    expect(progressWorthShowing(f(1), f(1), LATER)).toBe(false);
    expect(progressWorthShowing(f(0.5), f(0.502, 'Writing the CA certificate'), 0)).toBe(true);
    expect(progressWorthShowing(null, f(0), 0)).toBe(true);
    expect(progressWorthShowing(f(0.5), null, 0)).toBe(true);
    expect(progressWorthShowing(f(0.5), { kind: 'status', label: 'Sending the CSR to the CA' }, 0)).toBe(true);
  });

  it('a write reporting after each of 200 chunks yields about a hundred snapshots when slow, a handful when fast', () => {
    const count = (msPerChunk: number) => {
      let shown: FlowProgress | null = null;
      let shownAt = 0;
      let snapshots = 0;
      for (let i = 0; i <= 200; i++) {
        const next = f(i / 200);
        const at = i * msPerChunk;
        if (progressWorthShowing(shown, next, at - shownAt)) {
          shown = next;
          shownAt = at;
          snapshots++;
        }
      }
      expect(shown).toEqual(f(1));
      return snapshots;
    };
    // 64 bytes at 9600 baud: 67 ms a chunk, every other chunk moves a percent and is due.
    expect(count(67)).toBeLessThanOrEqual(102);
    expect(count(67)).toBeGreaterThan(90);
    // 64 bytes at 115200 baud: 5.6 ms a chunk, 1.1 s in all: about ten updates a second.
    expect(count(5.6)).toBeLessThanOrEqual(14);
    expect(count(5.6)).toBeGreaterThanOrEqual(10);
  });
});
