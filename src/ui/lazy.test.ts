import { describe, expect, it } from 'vitest';
import { lazy } from './lazy.ts';

describe('lazy', () => {
  it('loads once, however often it is asked, and keeps the value', async () => {
    let calls = 0;
    const part = lazy(async () => ({ n: ++calls }));
    expect(part.value).toBeNull();
    const [a, b] = await Promise.all([part.get(), part.get()]);
    expect(a).toBe(b);
    expect(await part.get()).toBe(a);
    expect(part.value).toBe(a);
    expect(calls).toBe(1);
  });

  it('forgets a failed load, so the next ask loads again', async () => {
    let calls = 0;
    const part = lazy(async () => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'in';
    });
    await expect(part.get()).rejects.toThrow('Failed to fetch');
    expect(part.value).toBeNull();
    expect(await part.get()).toBe('in');
    expect(part.value).toBe('in');
    expect(calls).toBe(2);
  });
});
