import { describe, expect, it } from 'vitest';
import { formatBytes, quotaLevel, requestPersistence, storageStatus } from './durability.ts';

describe('quota level', () => {
  it.each([
    [0, 1000, 'ok'],
    [800, 1000, 'ok'],
    [801, 1000, 'warn'],
    [950, 1000, 'warn'],
    [951, 1000, 'critical'],
    [1, 0, 'unknown'],
    [null, 1000, 'unknown'],
  ] as const)('%s of %s is %s', (usage, quota, level) => expect(quotaLevel(usage, quota)).toBe(level));
});

describe('storage status', () => {
  it('reports persistence and usage from the StorageManager', async () => {
    const storage = {
      persisted: async () => true,
      persist: async () => true,
      estimate: async () => ({ usage: 900, quota: 1000 }),
    };
    expect(await storageStatus(storage)).toEqual({ persisted: true, usage: 900, quota: 1000, level: 'warn' });
  });

  it('degrades to unsupported/unknown instead of failing', async () => {
    const broken = {
      persisted: async () => Promise.reject(new Error('no')),
      persist: async () => Promise.reject(new Error('not allowed here')),
      estimate: async () => Promise.reject(new Error('no')),
    };
    expect(await storageStatus(broken)).toEqual({
      persisted: 'unsupported',
      usage: null,
      quota: null,
      level: 'unknown',
    });
    expect(await storageStatus(undefined)).toMatchObject({ persisted: 'unsupported', level: 'unknown' });
    const refused = await requestPersistence(broken);
    expect(!refused.ok && refused.error).toEqual({
      code: 'storage-unavailable',
      message: 'The browser refused the request (not allowed here).',
    });
    const absent = await requestPersistence(undefined);
    expect(!absent.ok && absent.error.code).toBe('storage-unavailable');
  });

  it('passes the browser answer through when asked', async () => {
    const declined = { persisted: async () => false, persist: async () => false, estimate: async () => ({}) };
    const r = await requestPersistence(declined);
    expect(r).toEqual({ ok: true, value: false });
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1536, '1.5 kB'],
    [52_000_000, '52 MB'],
    [10_737_418_240, '11 GB'],
  ])('%s -> %s', (n, text) => expect(formatBytes(n)).toBe(text));
});
