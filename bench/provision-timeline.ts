// Where a provisioning run's time goes beyond the wire, command by command (`npx tsx bench/provision-timeline.ts
// [runs]`, `KW_FAMILIES=nrf91` picks the family; not part of `npm run bench`). The production build, one board of the
// family per run (as bench/provision.bench.ts drives it; `KW_DIST=dir` serves a build made before, e.g. main's),
// Start click -> Done panel; the byte tap's chunks are grouped into bursts (one direction, < 6 ms apart) and every
// moment the line was idle is put on one side:
//   host: after the board's answer ended and before KeyWire sent the next bytes (the page's own work: parsing,
//         the worker, IndexedDB, audit appends, the UI);
//   board: before the board's bytes, after KeyWire's or its own earlier ones (its compute time: key generation).
// Printed per step (from the flow's step events): wall time, wire time, host idle, board idle; then every burst
// with the idle gap before it, for the slowest run; long tasks per run.
// `KW_BATCH=1` times the batch path instead, as the provision bench's batch figure does: the family's first batch
// board connected and prepared, "Start a batch with this profile and CA" click -> the flow entering Done (the step
// event; the batch's Done panel stays up from board to board), the other families' boards unplugged meanwhile;
// then Stop the batch. Only the batch's first board is timed (STSAFE's batch has one).
import type { Page } from 'playwright-core';
import type { TapChunk } from '../src/ui/provision/page-state.ts';
import type { ProbeState } from './app-probe.ts';
import { withBenchPage } from './browser.ts';
import { median } from './figures.ts';
import {
  BAUD,
  chosen,
  computeMs,
  connect,
  disconnect,
  factoryReset,
  lastClick,
  pluggedOnly,
  prepare,
  prepareStep,
  type Family,
} from './provision.bench.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { chromiumArgs, chromiumPath } from '../tools/chromium.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
const BYTE_MS = (10 * 1000) / BAUD;
const BURST_GAP_MS = 6;

interface Burst {
  readonly dir: 'rx' | 'tx';
  /** When the burst's first byte entered the line and its last byte left it (tap times corrected for transit). */
  start: number;
  end: number;
  bytes: number;
  text: string;
}

function bursts(chunks: readonly TapChunk[]): Burst[] {
  const out: Burst[] = [];
  for (const c of chunks) {
    const last = out.at(-1);
    // A tx chunk is tapped as it is handed to the port (it then crosses the line); an rx chunk once it arrived.
    const start = c.dir === 'tx' ? c.t : c.t - c.n * BYTE_MS;
    const end = c.dir === 'tx' ? c.t + c.n * BYTE_MS : c.t;
    if (last && last.dir === c.dir && start - last.end < BURST_GAP_MS) {
      last.end = Math.max(last.end, end);
      last.bytes += c.n;
      last.text += c.text;
    } else out.push({ dir: c.dir, start, end, bytes: c.n, text: c.text });
  }
  return out;
}

interface StepTime {
  wall: number;
  wire: number;
  host: number;
  board: number;
}

const oneLine = (s: string) => s.replace(/\r?\n/g, '⏎').replace(/\s+/g, ' ').slice(0, 70);

const BATCH = process.env.KW_BATCH === '1';
const START_LABEL = BATCH ? 'Start a batch with this profile and CA' : 'Start provisioning';

/** The board of run `n`: one board (as the bench's single runs), or the batch's first board. */
const boardOf = (fam: Family, n: number) => (BATCH ? fam.batch[0]! : fam.singles[n % fam.singles.length]!);

/** One run from the Start (or Start a batch) click to Done: the Done panel (one board) or the flow entering Done
 * (batch, as the bench measures it). Leaves the board connected (one board) or the batch running. */
async function startToDone(page: Page, fam: Family, n: number): Promise<{ start: number; done: number }> {
  const board = boardOf(fam, n);
  if (BATCH) await pluggedOnly(page, fam.batch);
  if (fam.factoryReset) await factoryReset(page, board);
  await connect(page, board);
  await prepareStep(page, fam, fam.slot(BATCH ? 20 + n : n));
  await page.getByRole('button', { name: START_LABEL, exact: true }).click();
  const start = await lastClick(page, START_LABEL);
  await page
    .waitForFunction(
      ([s, b]) =>
        b
          ? window.keywireProvision!.events().some((e) => e.step === 'done' && e.t >= s!)
          : window.keywireProbe!.doneShown.some((t) => t >= s!),
      [start, BATCH ? 1 : 0],
      { timeout: 120_000 },
    )
    .catch(async (e: unknown) => {
      const text = await page.evaluate(() => document.body.innerText).catch(() => '');
      throw new Error(`${String(e)}\n--- page ---\n${text.slice(0, 3000)}`);
    });
  const done = BATCH
    ? (await page.evaluate(() => window.keywireProvision!.events())).find((e) => e.step === 'done' && e.t >= start)!.t
    : ((await page.evaluate(() => window.keywireProbe!)) as ProbeState).doneShown.find((t) => t >= start)!;
  return { start, done };
}

/** After startToDone and reading what it needs: the batch stopped, the board disconnected, every board back. */
async function endRun(page: Page): Promise<void> {
  if (BATCH) {
    await page.getByRole('button', { name: 'Stop the batch' }).click();
    if (await page.getByRole('button', { name: 'Disconnect', exact: true }).isVisible()) await disconnect(page);
    await pluggedOnly(page, null);
  } else await disconnect(page);
}

async function oneRun(page: Page, fam: Family, n: number) {
  const board = boardOf(fam, n);
  const { start, done } = await startToDone(page, fam, n);
  const probe = (await page.evaluate(() => window.keywireProbe!)) as ProbeState;
  const events = (await page.evaluate(() => window.keywireProvision!.events())).filter(
    (e) => e.t >= start && e.t <= done,
  );
  const chunks = await page.evaluate(([f, t]) => window.keywireProvision!.tap(f!, t!), [start, done]);
  const longTasks = probe.longTasks
    .map((l) => ({ at: performance.timeOrigin + l.start, d: l.duration }))
    .filter((l) => l.at >= start && l.at <= done);
  const marks = await page.evaluate(
    ([f, t]) =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('kw:'))
        .map((m) => ({ t: performance.timeOrigin + m.startTime, name: m.name }))
        .filter((m) => m.t >= f! && m.t <= t!),
    [start, done],
  );
  await page.evaluate(() => performance.clearMarks());
  const compute = await computeMs(page, board);
  await endRun(page);
  return { start, done, events, bursts: bursts(chunks), longTasks, compute, marks };
}

type RunResult = Awaited<ReturnType<typeof oneRun>>;

/** Splits the run into steps and each step's time into wire, host idle and board idle. */
function perStep(r: RunResult): Map<string, StepTime> {
  const marks = [{ t: r.start, step: 'click' }, ...r.events.map((e) => ({ t: e.t, step: e.step }))];
  const stepAt = (t: number) => marks.filter((m) => m.t <= t).at(-1)!.step;
  const out = new Map<string, StepTime>();
  const add = (step: string, k: keyof StepTime, ms: number) => {
    const e = out.get(step) ?? { wall: 0, wire: 0, host: 0, board: 0 };
    e[k] += ms;
    out.set(step, e);
  };
  for (const [i, m] of marks.entries()) add(m.step, 'wall', (marks[i + 1]?.t ?? r.done) - m.t);
  // Idle time between bursts (and before the first / after the last), split at step boundaries roughly by its start.
  let at = r.start;
  let prev: Burst | null = null;
  for (const b of r.bursts) {
    const gap = Math.max(0, b.start - Math.max(at, prev?.end ?? at));
    // Idle before board output is the board's (its compute, or a pause within its answer: Zephyr echoes the command
    // at once and answers when the key is made); idle before KeyWire's bytes is the host's.
    add(stepAt(b.start), prev && b.dir === 'rx' ? 'board' : 'host', gap);
    add(stepAt(b.start), 'wire', b.end - b.start);
    at = b.end;
    prev = b;
  }
  add(stepAt(r.done), 'host', Math.max(0, r.done - at));
  return out;
}

/** `KW_DISTS=a,b`: two builds served side by side, runs interleaved A B A B, Start-to-Done / bound of each. */
async function compareBuilds(dists: readonly string[]): Promise<void> {
  const servers = await Promise.all(
    dists.map((outDir) =>
      preview({
        root,
        configFile: join(root, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir },
        preview: { host: '127.0.0.1', port: 0, strictPort: false },
      }),
    ),
  );
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const pages: Page[] = [];
    for (const server of servers) {
      const page = await (await browser.newContext()).newPage();
      await prepare(page);
      await page.goto(`${server.resolvedUrls!.local[0]!}#/provision`);
      await page.getByRole('heading', { level: 1, name: 'Provision' }).waitFor();
      pages.push(page);
    }
    for (const fam of chosen()) {
      const ratios: number[][] = dists.map(() => []);
      for (let i = 0; i < runs; i++)
        for (const [d, page] of pages.entries()) {
          const { start, done } = await startToDone(page, fam, i);
          const w = await page.evaluate(([f, t]) => window.keywireProvision!.wire(f!, t!), [start, done]);
          const bound = (w.rx + w.tx) * BYTE_MS + (await computeMs(page, boardOf(fam, i)));
          ratios[d]!.push((done - start) / bound);
          await endRun(page);
        }
      for (const [d, dist] of dists.entries()) {
        const r = [...ratios[d]!].sort((a, b) => a - b);
        console.log(
          `${fam.title}${BATCH ? ' batch' : ''} ${dist}: Start-to-Done / bound min ${r[0]!.toFixed(2)} median ${median(r).toFixed(2)} max ${r.at(-1)!.toFixed(2)} (${r.map((x) => x.toFixed(2)).join(' ')})`,
        );
      }
    }
  } finally {
    await browser.close();
    for (const s of servers) await new Promise<void>((res) => s.httpServer.close(() => res()));
  }
}

/** `KW_DIST=dir`: the per-step timeline of a build made before (e.g. main's), served as it is. */
async function withBuild<T>(outDir: string, measure: (page: Page, url: string) => Promise<T>): Promise<T> {
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    return await measure(await (await browser.newContext()).newPage(), server.resolvedUrls!.local[0]!);
  } finally {
    await browser.close();
    await new Promise<void>((res) => server.httpServer.close(() => res()));
  }
}

const app = { root, configFile: join(root, 'vite.config.ts') };
const served = <T>(measure: (page: Page, url: string) => Promise<T>) =>
  process.env.KW_DIST ? withBuild(process.env.KW_DIST, measure) : withBenchPage(app, measure);
if (process.env.KW_DISTS) await compareBuilds(process.env.KW_DISTS.split(','));
else
  await served(async (page, url) => {
    await prepare(page);
    await page.goto(`${url}#/provision`);
    await page.getByRole('heading', { level: 1, name: 'Provision' }).waitFor();
    for (const fam of chosen()) {
      const results: RunResult[] = [];
      for (let i = 0; i < runs; i++) results.push(await oneRun(page, fam, i));
      const steps = new Map<string, StepTime[]>();
      for (const r of results) for (const [step, t] of perStep(r)) steps.set(step, [...(steps.get(step) ?? []), t]);
      console.log(
        `\n${fam.title}${BATCH ? ' batch' : ''}: ${runs} runs, compute ${results[0]!.compute} ms; per step, median ms:`,
      );
      console.log(
        `  ${'step'.padEnd(20)} ${'wall'.padStart(6)} ${'wire'.padStart(6)} ${'host'.padStart(6)} ${'board'.padStart(6)}`,
      );
      for (const [step, ts] of steps) {
        const m = (k: keyof StepTime) =>
          median(ts.map((t) => t[k]))
            .toFixed(0)
            .padStart(6);
        console.log(`  ${step.padEnd(20)} ${m('wall')} ${m('wire')} ${m('host')} ${m('board')}`);
      }
      for (const r of results) {
        const wire = r.bursts.reduce((s, b) => s + b.bytes, 0);
        const bound = wire * BYTE_MS + r.compute;
        console.log(
          `  run: ${(r.done - r.start).toFixed(0)} ms, bound ${bound.toFixed(0)} ms, ratio ${((r.done - r.start) / bound).toFixed(2)}, ` +
            `long tasks ${r.longTasks.map((l) => `${l.d.toFixed(0)} ms at +${(l.at - r.start).toFixed(0)}`).join(', ') || 'none'}`,
        );
      }
      // Performance marks named `kw:...` (none in the app; put in for a diagnosis): median time after the click.
      const markTimes = new Map<string, number[]>();
      for (const r of results)
        for (const m of r.marks) markTimes.set(m.name, [...(markTimes.get(m.name) ?? []), m.t - r.start]);
      if (markTimes.size)
        console.log(
          `  marks, median ms after the click: ${[...markTimes].map(([n, ts]) => `${n.slice(3)} ${median(ts).toFixed(0)}`).join(', ')}`,
        );
      const slowest = results.reduce((a, b) => (b.done - b.start > a.done - a.start ? b : a));
      console.log(`  slowest run, burst by burst (gap = idle line before it):`);
      const marks = slowest.events.map((e) => ({ t: e.t, text: `-- step ${e.step}` }));
      let prevEnd = slowest.start;
      const lines: { t: number; text: string }[] = [
        ...marks,
        ...slowest.marks.map((m) => ({
          t: m.t,
          text: `      . +${(m.t - slowest.start).toFixed(0)} ${m.name.slice(3)}`,
        })),
      ];
      for (const b of slowest.bursts) {
        lines.push({
          t: b.start,
          text:
            `${b.dir} +${(b.start - slowest.start).toFixed(0).padStart(5)} gap ${(b.start - prevEnd).toFixed(0).padStart(4)} ` +
            `${b.bytes.toString().padStart(5)} B ${(b.end - b.start).toFixed(0).padStart(4)} ms  ${oneLine(b.text)}`,
        });
        prevEnd = b.end;
      }
      lines.push({ t: slowest.done, text: `-- Done panel +${(slowest.done - slowest.start).toFixed(0)}` });
      for (const l of lines.sort((a, b) => a.t - b.t)) console.log(`    ${l.text}`);
    }
  });
