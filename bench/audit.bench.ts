// Audit trail benchmark in real Chromium (production build of the store, verifier and worker served by
// `vite preview`): 100,000 records of demo provisioning runs; then, each MIN_SAMPLES times with rounds interleaved,
// verify, export (JSON Lines) and free-text search in the audit worker beside a plain read on the page of every
// stored value they read (the sealed blocks and the open tail); verify of the exported file in the worker beside verify of the store on the page; and the append rate (one
// record per strict-durability transaction) into the full store beside an empty one. Goal: verify, export and
// search of 100,000 records each under 2 s; no main-thread long task while the worker runs them.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditBenchResults } from './audit-page/main.ts';
import { withBenchPage } from './browser.ts';
import { figure, ratios } from './figures.ts';

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
  const n = r.records.toLocaleString('en-US');
  console.log(
    `inputs: ${n} records (demo provisioning runs on ${DEVICES} boards), filled in ${(r.fillMs / 1000).toFixed(1)} s; ` +
      `export ${(r.exportBytes / 1e6).toFixed(1)} MB; search hits ${r.searchHits}`,
  );
  const under2s = { op: '<=', value: 2000 } as const;
  figure('audit', `verify ${n} records (audit worker)`, r.workerVerify, 'ms', under2s);
  figure('audit', `export ${n} records as JSON Lines (audit worker)`, r.workerExport, 'ms', under2s);
  figure('audit', `free-text search of ${n} records (audit worker)`, r.workerSearch, 'ms', under2s);
  figure('audit', `verify the exported file (audit worker)`, r.workerVerifyFile, 'ms', under2s);
  figure('audit', `verify ${n} records on the page (no worker)`, r.pageVerify, 'ms', null);
  figure('audit', 'plain read of every block and tail row on the page (reference)', r.rawRead, 'ms', null);
  figure('audit', 'time verify in worker / plain read', ratios(r.workerVerify, r.rawRead), 'x', null);
  figure('audit', 'time export in worker / plain read', ratios(r.workerExport, r.rawRead), 'x', null);
  figure('audit', 'time search in worker / plain read', ratios(r.workerSearch, r.rawRead), 'x', null);
  figure('audit', 'appends/s, one strict transaction each, store of 100k', r.appendFull, '/s', null);
  figure('audit', 'appends/s, one strict transaction each, empty store', r.appendEmpty, '/s', null);
  figure('audit', 'append rate full / empty', ratios(r.appendFull, r.appendEmpty), '', { op: '>=', value: 0.8 });
  figure('audit', 'main-thread long tasks per round of worker verify + export + search', r.longTasksPerRound, '', {
    op: '<=',
    value: 0,
    of: 'all',
  });
}
