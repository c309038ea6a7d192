import { describe, expect, it } from 'vitest';
import { localTimeText } from './local-time.ts';

describe('localTimeText', () => {
  it('local date and time with two-digit fields, from ISO text or milliseconds', () => {
    const d = new Date(2026, 0, 5, 7, 8, 9);
    expect(localTimeText(d.getTime())).toBe('2026-01-05 07:08:09');
    expect(localTimeText(d.toISOString())).toBe('2026-01-05 07:08:09');
    expect(localTimeText(new Date(2026, 11, 31, 23, 59, 58).getTime())).toBe('2026-12-31 23:59:58');
  });

  it('gives back what is not a date', () => {
    expect(localTimeText('not a date')).toBe('not a date');
  });
});
