import { describe, expect, it } from 'vitest';
import { ROW_HEIGHT, visibleRange } from './virtual.ts';

describe('visibleRange', () => {
  it('covers the rows in view plus overscan, never the whole list', () => {
    expect(visibleRange(0, 520, 100_000)).toEqual({ start: 0, end: 16 });
    const deep = visibleRange(50_000 * ROW_HEIGHT, 520, 100_000);
    expect(deep).toEqual({ start: 49_994, end: 50_016 });
  });
  it('clamps to the list', () => {
    expect(visibleRange(0, 520, 3)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(10_000, 520, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(4_000, 520, 100)).toEqual({ start: 70, end: 93 });
    expect(visibleRange(4_600, 520, 100)).toEqual({ start: 82, end: 100 });
  });
});
