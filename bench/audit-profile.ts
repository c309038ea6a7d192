// Where the audit jobs' time goes (not a benchmark with goals: `npx tsx bench/audit-profile.ts`): fills a store of
// AUDIT_BENCH_RECORDS records (default 100,000) on the audit bench page and prints min / median / max of each stage
// (reads in several shapes, canonical JSON, digests, export lines, search text, a read of the same records as flat
// text rows). Run it before changing how the jobs read or hash.
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AuditProfile } from './audit-page/profile.ts';
import { withBenchPage } from './browser.ts';
import { median } from './figures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RECORDS = Number(process.env.AUDIT_BENCH_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.AUDIT_PROFILE_ROUNDS ?? 3);

type Profiler = { keywireAuditProfile: (n: number, d: number, r: number, b: boolean) => Promise<AuditProfile> };
const BLOCKS = process.env.AUDIT_PROFILE_BLOCKS === '1';

const times = await withBenchPage({ root: join(here, 'audit-page') }, async (page, url) => {
  await page.goto(url);
  await page.waitForFunction(() => 'keywireAuditProfile' in globalThis);
  return await page.evaluate(
    ([n, r, b]) => (globalThis as unknown as Profiler).keywireAuditProfile(n as number, 2_000, r as number, !!b),
    [RECORDS, ROUNDS, BLOCKS] as const,
  );
});
console.log(`${RECORDS.toLocaleString('en-US')} records, ${ROUNDS} rounds, load average ${loadavg()[0]!.toFixed(1)}`);
for (const [stage, ms] of Object.entries(times)) {
  const sorted = [...ms].sort((a, b) => a - b);
  const row = [sorted[0]!, median(sorted), sorted.at(-1)!].map((x) => x.toFixed(0).padStart(6)).join(' /');
  console.log(`${stage.padEnd(76)} ${row} ms`);
}
