// The crypto worker API hosts the Decode box's listing: the same entry the worker exposes, called in Node.
import { describe, expect, it } from 'vitest';
import { createCryptoApi } from './crypto-api.ts';
import { MemoryLabCaStore } from './lab-ca-store.ts';
import type { Decoded } from '../diagnose/types.ts';

const api = createCryptoApi(new MemoryLabCaStore());
const text = `${['TLS handshake error: -0x7780', '+CME ERROR: 518', 'nothing here'].join('\n')}\n`.repeat(3000);

describe('crypto API decodeListing entry', () => {
  it('lists each code once with its count, reporting progress to the end', async () => {
    const progress: [number, number][] = [];
    const r = await api.decodeListing(text, (done, total) => progress.push([done, total]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.entries.map((e) => (JSON.parse(e) as Decoded).canonical)).toEqual(['-0x7780', '+CME ERROR: 518']);
    expect(r.value.counts).toEqual([3000, 3000]);
    expect(progress.at(-1)).toEqual([text.length, text.length]);
  });

  it('stops a job cancelled by its id and answers aborted', async () => {
    const jobId = 7;
    let cancelled = false;
    const r = await api.decodeListing(
      text.repeat(4),
      () => {
        if (!cancelled) void api.cancel(jobId).then((running) => (cancelled = running));
      },
      jobId,
    );
    expect(cancelled).toBe(true);
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });

  it('refuses an argument that is not text, as an error value', async () => {
    for (const input of [42, null, new Uint8Array([65]), new Blob(['-0x7780'])])
      expect(await api.decodeListing(input as unknown as string)).toMatchObject({
        ok: false,
        error: { code: 'malformed' },
      });
  });
});
