import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditJobs } from './jobs.ts';
import { fact, testStore } from './test-db.ts';

const t = testStore();
const jobs = new AuditJobs(t.dbName);

beforeAll(async () => {
  for (let i = 0; i < 6000; i += 1000) {
    const r = await t.store.appendBatch(Array.from({ length: 1000 }, (_, k) => fact(i + k)));
    if (!r.ok) throw new Error(r.error.message);
  }
});
afterAll(async () => {
  jobs.terminate();
  await t.cleanup();
});

describe('AuditJobs runs long work in the audit worker', () => {
  it('verifies the store with progress', async () => {
    const progress: number[] = [];
    const r = await jobs.verifyStore({ onProgress: (f) => progress.push(f) });
    expect(r.ok && r.value).toMatchObject({ ok: true, checked: 6000, lastSeq: 6000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
  });

  it('exports JSON Lines and verifies the file it produced', async () => {
    const exported = await jobs.exportJsonl();
    expect(exported.ok && exported.value.records).toBe(6000);
    const report = exported.ok ? await jobs.verifyFile(exported.value.blob) : null;
    expect(report?.ok && report.value).toMatchObject({ ok: true, checked: 6000 });
  });

  it('searches and hands back seqs newest first', async () => {
    const r = await jobs.search({ text: 'step 5999' });
    expect(r.ok && [...r.value]).toEqual([6000]);
  });

  it('cancels a running job from the page', async () => {
    const controller = new AbortController();
    const r = await jobs.verifyStore({ signal: controller.signal, onProgress: () => controller.abort() });
    expect(!r.ok && r.error.code).toBe('aborted');
  });

  it('turns a worker that cannot start into worker-failed', async () => {
    const broken = new AuditJobs(
      t.dbName,
      () => new Worker(URL.createObjectURL(new Blob(['throw new Error("boom")']))),
    );
    const r = await broken.verifyStore();
    expect(!r.ok && r.error.code).toBe('worker-failed');
    broken.terminate();
  });
});
