// Bench page: the production audit store, queries, exports, verifier and worker, built by Vite and driven by
// bench/audit.bench.ts through playwright. Each measurement has a reference measured in the same run beside it.
import { deleteDB } from 'idb';
import { exportCsv, exportJsonl } from '../../src/audit/export.ts';
import { AuditJobs } from '../../src/audit/jobs.ts';
import { deviceHistory, matchingSeqs, readChunks } from '../../src/audit/query.ts';
import { demoBatches, demoDevices } from '../../src/audit/seed.ts';
import { AuditStore } from '../../src/audit/store.ts';
import type { AuditDb } from '../../src/audit/db.ts';
import type { AuditEntry } from '../../src/audit/types.ts';
import { verifyFile, verifyStore } from '../../src/audit/verify-run.ts';
import { LongTaskCounter, type LongTaskCount } from '../long-tasks.ts';

export interface AuditBenchResults extends LongTaskCount {
  readonly records: number;
  readonly fillPerSecond: number;
  readonly appendPerSecondFull: number;
  readonly appendPerSecondEmpty: number;
  readonly deviceRecords: number;
  readonly queryDeviceMs: number;
  readonly scanDeviceMs: number;
  readonly allKeysMs: number;
  readonly historyPageMs: number;
  readonly rawReadMs: number;
  readonly exportJsonlMs: number;
  readonly exportBytes: number;
  readonly exportCsvMs: number;
  readonly verifyStoreMs: number;
  readonly verifyFileMs: number;
  readonly workerVerifyMs: number;
  readonly workerExportMs: number;
}

const longTasks = new LongTaskCounter();

const actor = () => ({ operator: 'Bench', site: 'CI' });
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function time<T>(body: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await body();
  return [value, performance.now() - t0];
}

async function median(runs: number, body: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(body))[1]);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function appendRate(store: AuditStore, count: number): Promise<number> {
  const device = demoDevices(1, 99)[0]!;
  const entry: AuditEntry = { device, action: 'verify', outcome: 'success', detail: { secTag: 42 } };
  const [, ms] = await time(async () => {
    for (let i = 0; i < count; i++) must(await store.append(entry));
  });
  return count / (ms / 1000);
}

async function run(count: number, devices: number): Promise<AuditBenchResults> {
  const dbName = `kw-audit-bench-${Date.now()}`;
  const emptyName = `${dbName}-empty`;
  const store = new AuditStore({ dbName, actor });
  const empty = new AuditStore({ dbName: emptyName, actor });
  try {
    const batches = demoBatches(count, { devices });
    const [, fillMs] = await time(async () => {
      for (const batch of batches) must(await store.appendBatch(batch));
    });
    // Warm both connections, then alternate and keep each side's best: the machine is shared, noise is one-sided.
    await appendRate(empty, 20);
    await appendRate(store, 20);
    let appendPerSecondEmpty = 0;
    let appendPerSecondFull = 0;
    for (let round = 0; round < 2; round++) {
      appendPerSecondEmpty = Math.max(appendPerSecondEmpty, await appendRate(empty, 200));
      appendPerSecondFull = Math.max(appendPerSecondFull, await appendRate(store, 200));
    }
    const db: AuditDb = must(await store.connection());
    const deviceId = demoDevices(devices, 7)[1]!.id;
    const deviceRecords = must(await matchingSeqs(db, { deviceId })).length;
    const queryDeviceMs = await median(5, async () => must(await matchingSeqs(db, { deviceId })));
    const scanDeviceMs = await median(1, async () => {
      const hits: number[] = [];
      for await (const { chunk } of readChunks(db, null, count)) {
        for (const r of chunk) if (r.device.id === deviceId) hits.push(r.seq);
      }
      if (hits.length !== deviceRecords) throw new Error('scan and index disagree');
    });
    const allKeysMs = await median(3, async () => must(await matchingSeqs(db, {})));
    const historyPageMs = await median(5, async () => must(await deviceHistory(db, deviceId, { limit: 50 })));
    const rawReadMs = await median(1, async () => {
      for await (const _ of readChunks(db, null, count)) void _;
    });
    const [exported, exportJsonlMs] = await time(async () => must(await exportJsonl(db)));
    const [, exportCsvMs] = await time(async () => must(await exportCsv(db, null)));
    const [report, verifyStoreMs] = await time(async () => must(await verifyStore(db)));
    if (!report.ok) throw new Error(`verify failed: ${report.problems[0]?.message}`);
    const [fileReport, verifyFileMs] = await time(async () => must(await verifyFile(exported.blob)));
    if (!fileReport.ok) throw new Error('file verify failed');

    const jobs = new AuditJobs(dbName);
    longTasks.start();
    const [, workerVerifyMs] = await time(async () => must(await jobs.verifyStore()));
    const [, workerExportMs] = await time(async () => must(await jobs.exportJsonl()));
    longTasks.stop();
    jobs.terminate();
    return {
      records: report.checked,
      fillPerSecond: count / (fillMs / 1000),
      appendPerSecondFull,
      appendPerSecondEmpty,
      deviceRecords,
      queryDeviceMs,
      scanDeviceMs,
      allKeysMs,
      historyPageMs,
      rawReadMs,
      exportJsonlMs,
      exportBytes: exported.blob.size,
      exportCsvMs,
      verifyStoreMs,
      verifyFileMs,
      workerVerifyMs,
      workerExportMs,
      ...longTasks.counted,
    };
  } finally {
    await store.close();
    await empty.close();
    await deleteDB(dbName);
    await deleteDB(emptyName);
  }
}

Object.assign(globalThis, { keywireAuditBench: run });
