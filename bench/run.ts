// `npm run bench`: runs every bench/*.bench.ts in name order (or those whose name contains an argument). Each
// file exports a default async function that measures its subject beside a reference in the same run and reports
// every figure through bench/figures.ts (min / median / max next to its goal, pass or fail). At the end the figures
// go to bench/results.json (benches not run this time keep their last figures) and into the README's Performance
// table, with the machine they ran on.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { chromiumPath } from '../tools/chromium.ts';
import { collectedFigures, goalText, type Figure } from './figures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, 'results.json');
const README = join(here, '..', 'README.md');
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

function machine(): string {
  let chromium = 'Chromium ?';
  try {
    chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // not installed: browser benches will fail and say so
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${process.platform}/${process.arch}, Node ${process.versions.node}, ${chromium}`;
}

interface Results {
  machine: string;
  /** `load`: the 1-minute load average when the bench started (the machine is shared: 2 cores, several users). */
  benches: Record<string, { ranAt: string; machine: string; load?: number; figures: Figure[] }>;
}

const fmt = (n: number) =>
  Number.isInteger(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

function table(results: Results): string {
  const rows = ['| bench | figure | min / median / max | goal | result |', '|---|---|---|---|---|'];
  for (const [bench, entry] of Object.entries(results.benches).sort()) {
    for (const f of entry.figures) {
      const range = `${fmt(f.min)} / ${fmt(f.median)} / ${fmt(f.max)}${f.unit ? ` ${f.unit}` : ''}`;
      const verdict = f.pass === null ? '' : f.pass ? 'pass' : '**fail**';
      rows.push(`| ${bench} | ${f.name.replace(/\|/g, '/')} | ${range} | ${goalText(f.goal, f.unit)} | ${verdict} |`);
    }
  }
  const ran = Object.entries(results.benches)
    .map(
      ([b, e]) =>
        `${b} ${e.ranAt.slice(0, 16).replace('T', ' ')} UTC${e.load === undefined ? '' : `, load ${e.load.toFixed(1)}`}`,
    )
    .join(', ');
  return `Latest \`npm run bench\` on ${results.machine} (${ran}). The median decides pass or fail; \`each\` goals hold for every sample.\n\n${rows.join('\n')}`;
}

/** Writes a file as prettier would (CI runs `prettier --check .`). */
async function writeFormatted(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}

async function updateReadme(text: string): Promise<void> {
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const readme = readFileSync(README, 'utf8');
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) {
    console.log('README.md has no bench markers; table not written there');
    return;
  }
  await writeFormatted(README, `${readme.slice(0, a + start.length)}\n\n${text}\n\n${readme.slice(b)}`);
}

const where = machine();
console.log(`KeyWire benchmarks on ${where}`);
const failed: string[] = [];
const prior: Results = existsSync(RESULTS)
  ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results)
  : { machine: where, benches: {} };
for (const file of files) {
  const name = file.replace('.bench.ts', '');
  const load = loadavg()[0]!;
  console.log(`\n== ${name} == (load average ${load.toFixed(1)} on ${cpus().length} cores)`);
  const t0 = performance.now();
  try {
    const mod = (await import(join(here, file))) as { default: () => Promise<void> };
    await mod.default();
  } catch (e) {
    failed.push(name);
    console.log(`${name} FAILED to run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    continue;
  }
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const figures = collectedFigures().filter((f) => f.bench === name);
  prior.benches[name] = { ranAt: new Date().toISOString(), machine: where, load, figures };
}
prior.machine = where;
await writeFormatted(RESULTS, JSON.stringify(prior));
await updateReadme(table(prior));
const all = collectedFigures();
const misses = all.filter((f) => f.pass === false);
console.log(
  `\n${all.length} figures, ${all.filter((f) => f.pass).length} meet their goal, ${misses.length} miss it` +
    (misses.length ? `: ${misses.map((f) => `${f.bench} / ${f.name}`).join('; ')}` : '') +
    (failed.length ? `; benches that did not run: ${failed.join(', ')}` : ''),
);
process.exitCode = misses.length || failed.length ? 1 : 0;
