// Bench page: the production audit store, queries, exports, verifier and worker, built by Vite and driven by
// bench/audit.bench.ts through playwright. Fills a store once, then measures every job MIN_SAMPLES times, rounds
// interleaved with its reference (a plain read of every stored value the jobs read: the sealed blocks and the open
// tail), and returns the raw samples in milliseconds.
import { deleteDB } from 'idb';
import { AuditJobs } from '../../src/audit/jobs.ts';
import { lineStarts } from '../../src/audit/blocks.ts';
import { scanTrail } from '../../src/audit/scan.ts';
import { demoBatches, demoDevices } from '../../src/audit/seed.ts';
import { stationDbName } from '../../src/audit/station.ts';
import { AuditStore } from '../../src/audit/store.ts';
import type { AuditEntry } from '../../src/audit/types.ts';
import { verifyStore } from '../../src/audit/verify-run.ts';
import { interleave, MIN_SAMPLES } from '../figures.ts';
import { LongTaskCounter, type LongTaskCount } from '../long-tasks.ts';
import { profileAudit, profileBlocks, type AuditProfile } from './profile.ts';

export interface AuditBenchResults extends LongTaskCount {
  readonly records: number;
  readonly exportBytes: number;
  readonly searchHits: number;
  readonly fillMs: number;
  /** Appends per second, one record per transaction (strict durability), rounds interleaved. */
  readonly appendFull: number[];
  readonly appendEmpty: number[];
  readonly rawRead: number[];
  readonly workerVerify: number[];
  readonly workerExport: number[];
  readonly workerSearch: number[];
  readonly workerVerifyFile: number[];
  readonly pageVerify: number[];
  /** Main-thread long tasks in each round of read + worker verify, export and search. */
  readonly longTasksPerRound: number[];
}

const longTasks = new LongTaskCounter();
const actor = () => ({ operator: 'Bench', site: 'CI' });
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function appendRate(store: AuditStore, count: number): Promise<number> {
  const device = demoDevices(1, 99)[0]!;
  const entry: AuditEntry = { device, action: 'verify', outcome: 'success', detail: { secTag: 42 } };
  const t0 = performance.now();
  for (let i = 0; i < count; i++) must(await store.append(entry));
  return count / ((performance.now() - t0) / 1000);
}

async function run(count: number, devices: number): Promise<AuditBenchResults> {
  const dbName = `kw-audit-bench-${Date.now()}`;
  const emptyName = `${dbName}-empty`;
  const store = new AuditStore({ dbName, actor });
  const empty = new AuditStore({ dbName: emptyName, actor });
  const jobs = new AuditJobs(dbName);
  try {
    const t0 = performance.now();
    for (const batch of demoBatches(count, { devices })) must(await store.appendBatch(batch));
    const fillMs = performance.now() - t0;

    const appendFull: number[] = [];
    const appendEmpty: number[] = [];
    await interleave(MIN_SAMPLES, [
      async () => appendEmpty.push(await appendRate(empty, 100)),
      async () => appendFull.push(await appendRate(store, 100)),
    ]);
    appendFull.shift(); // the warm-up round
    appendEmpty.shift();

    const db = must(await store.connection());
    const records = await db.count('records');
    let exportBytes = 0;
    let searchHits = 0;
    let exported: Blob | null = null;
    const needle = demoDevices(devices, 7)[1]!.id.slice(-6);
    const longTasksPerRound: number[] = [];
    longTasks.start();
    const [rawRead, workerVerify, workerExport, workerSearch] = await interleave(MIN_SAMPLES, [
      async () => {
        // Every stored value the jobs read: the sealed blocks (lines counted) and the open tail's rows.
        let n = 0;
        for await (const part of scanTrail(db, records)) {
          n += part.kind === 'block' ? lineStarts(part.text).length : part.rows.length;
        }
        if (n !== records) throw new Error(`read ${n} of ${records} records`);
        // The reference read runs on the page itself: its tasks are not the worker jobs' and are not counted.
        await new Promise((res) => setTimeout(res, 50));
        longTasks.reset();
      },
      async () => {
        const report = must(await jobs.verifyStore());
        if (!report.ok || report.checked !== records) throw new Error('verify failed');
      },
      async () => {
        const r = must(await jobs.exportJsonl());
        exportBytes = r.blob.size;
        exported = r.blob;
      },
      async () => {
        searchHits = must(await jobs.search({ text: needle })).length;
        if (searchHits === 0) throw new Error('search found nothing');
        // The last side of a round: the long tasks of this round (its read, verify, export and search).
        await new Promise((res) => setTimeout(res, 50));
        longTasksPerRound.push(longTasks.counted.longTasks);
        longTasks.reset();
      },
    ]);
    longTasks.stop();
    longTasksPerRound.shift(); // the warm-up round
    const file = exported as Blob | null;
    if (!file) throw new Error('no export');
    const [workerVerifyFile, pageVerify] = await interleave(MIN_SAMPLES, [
      async () => {
        if (!must(await jobs.verifyFile(file)).ok) throw new Error('file verify failed');
      },
      async () => {
        if (!must(await verifyStore(db)).ok) throw new Error('page verify failed');
      },
    ]);
    return {
      records,
      exportBytes,
      searchHits,
      fillMs,
      appendFull,
      appendEmpty,
      rawRead: rawRead!,
      workerVerify: workerVerify!,
      workerExport: workerExport!,
      workerSearch: workerSearch!,
      workerVerifyFile: workerVerifyFile!,
      pageVerify: pageVerify!,
      longTasksPerRound,
      ...longTasks.counted,
    };
  } finally {
    jobs.terminate();
    await store.close();
    await empty.close();
    await deleteDB(dbName);
    await deleteDB(emptyName);
    await deleteDB(stationDbName(dbName));
    await deleteDB(stationDbName(emptyName));
  }
}

/** Profile mode (bench/audit-profile.ts): fills a store, then times the stages of the whole-store jobs. */
async function profile(count: number, devices: number, rounds: number, blocks = false): Promise<AuditProfile> {
  const dbName = `kw-audit-profile-${Date.now()}`;
  const store = new AuditStore({ dbName, actor });
  try {
    for (const batch of demoBatches(count, { devices })) must(await store.appendBatch(batch));
    const db = must(await store.connection());
    return await (blocks ? profileBlocks(db, rounds) : profileAudit(db, rounds));
  } finally {
    await store.close();
    await deleteDB(dbName);
    await deleteDB(stationDbName(dbName));
  }
}

Object.assign(globalThis, { keywireAuditBench: run, keywireAuditProfile: profile });
