// Audit trail benchmark in real Chromium (production build of the store, verifier and worker served by
// `vite preview`): 100,000 records of demo provisioning runs, then append rate (single appends, strict durability)
// into the full store beside an empty one, query by device through the index beside a full scan, export and verify
// beside a plain read of every record, and main-thread long tasks while the worker verifies and exports.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditBenchResults } from './audit-page/main.ts';
import { longTasksText, withBenchPage } from './browser.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RECORDS = Number(process.env.AUDIT_BENCH_RECORDS ?? 100_000);
const DEVICES = 2_000;

function runInChromium(): Promise<AuditBenchResults> {
  return withBenchPage({ root: join(here, 'audit-page') }, async (page, url) => {
    await page.goto(url);
    await page.waitForFunction(() => 'keywireAuditBench' in globalThis);
    type Bench = { keywireAuditBench: (n: number, d: number) => Promise<AuditBenchResults> };
    return await page.evaluate(
      ([n, d]) => (globalThis as unknown as Bench).keywireAuditBench(n!, d!),
      [RECORDS, DEVICES],
    );
  });
}

export default async function auditBench(): Promise<void> {
  const r = await runInChromium();
  const line = (label: string, value: string) => console.log(`${label.padEnd(62)} ${value}`);
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  const ratio = (a: number, b: number) => (a / b).toFixed(a / b >= 100 ? 0 : 2);
  console.log(`inputs: ${r.records.toLocaleString('en-US')} records (demo provisioning runs on ${DEVICES} boards)`);
  line('fill: appendBatch of 1,000 records per transaction', `${r.fillPerSecond.toFixed(0)} records/s`);
  line('append rate, one record per transaction, store of 100k', `${r.appendPerSecondFull.toFixed(0)} /s`);
  line('append rate, one record per transaction, empty store', `${r.appendPerSecondEmpty.toFixed(0)} /s`);
  line('ratio append full / empty', ratio(r.appendPerSecondFull, r.appendPerSecondEmpty));
  line(`query by device (index, ${r.deviceRecords} records)`, ms(r.queryDeviceMs));
  line('same query as a full scan', ms(r.scanDeviceMs));
  line('ratio scan / index', ratio(r.scanDeviceMs, r.queryDeviceMs));
  line('all seqs newest first (unfiltered viewer list)', ms(r.allKeysMs));
  line('device history, first page of 50', ms(r.historyPageMs));
  line('plain read of every record (reference)', ms(r.rawReadMs));
  line(`export JSON Lines (${(r.exportBytes / 1e6).toFixed(1)} MB)`, ms(r.exportJsonlMs));
  line('export CSV (all records)', ms(r.exportCsvMs));
  line('verify the live store', ms(r.verifyStoreMs));
  line('verify the exported file', ms(r.verifyFileMs));
  line(
    'ratio export / read; verify / read',
    `${ratio(r.exportJsonlMs, r.rawReadMs)}; ${ratio(r.verifyStoreMs, r.rawReadMs)}`,
  );
  line('verify + export in the audit worker', `${ms(r.workerVerifyMs)} + ${ms(r.workerExportMs)}`);
  line('main-thread long tasks (> 50 ms) meanwhile', longTasksText(r));
}
