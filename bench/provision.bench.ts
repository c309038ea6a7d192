// App benchmark: the production build of KeyWire served by `vite preview`, driven in Chromium through its own
// buttons against the emulated boards of every provisioning family at 115200 baud, paced (10 bits per byte), each
// with its configured compute time (key generation: nRF9160 and nRF7002 DK from the board's `keygenMs`; the
// STSAFE-A110 answers KEYGEN at once). A probe injected before the app's code (bench/app-probe.ts) timestamps button
// clicks where they happen, the identity card and the Done panel appearing, and main-thread long tasks. Measured,
// each at least five times, the families interleaved round by round (nRF91, Zephyr, STSAFE, nRF91, ...):
//   first load to interactive (fresh browser context, navigation start -> a Connect button that can be clicked) and
//   the long tasks meanwhile (until one second after);
//   connect to identity, per family (the Connect click -> the identity card);
//   one board, Start click -> Done panel, against the bound: bytes on the wire meanwhile (both ways, a shell's echo
//   included) x 10 / baud + the board's compute time; and the long tasks during the run;
//   a batch, per board: "Start a batch" / "Next board" click -> that board's Done, against the same bound (the
//   boards of other families are unplugged meanwhile, so "Next board" finds the family's own).
// `KW_FAMILIES=nrf91,zephyr,stsafe` (default: all) picks the families.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { WireCount } from '../src/ui/provision/page-state.ts';
import type {} from '../src/devices/emulator/index.ts';
import type {} from '../src/app/emulator-ready.ts';
import { PROBE_SCRIPT, type ProbeState } from './app-probe.ts';
import { browserQuiet } from './browser-cpu.ts';
import { withBenchPage } from './browser.ts';
import { figure, median, MIN_SAMPLES } from './figures.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BAUD = 115200;
const SETTINGS = { operator: 'Bench', site: 'bench', baudRate: BAUD, flowControl: 'hardware' };
const SETTLE_MS = 1000;
/** The console line the page writes once a Connect button can be clicked (first load). */
const INTERACTIVE_LINE = 'keywire-bench: interactive';

export interface Family {
  readonly name: 'nrf91' | 'zephyr' | 'stsafe';
  readonly title: string;
  /** The board of each single run (round i uses singles[i % length]). */
  readonly singles: readonly string[];
  /** The boards of one batch: the first is connected, "Next board" finds the others. */
  readonly batch: readonly string[];
  /** How many batches (so that the batch figure has at least MIN_SAMPLES boards). */
  readonly batches: number;
  /** The Prepare field naming the slot, and the value for run n (a fresh tag per run where the board has many). */
  readonly slotField: string;
  readonly slot: (n: number) => string;
  /** Board state to clear before a run (a chip with one user slot is factory-reset instead of confirming a replace). */
  readonly factoryReset: boolean;
}

const FAMILIES: readonly Family[] = [
  {
    name: 'nrf91',
    title: 'nRF91',
    singles: ['nrf9160-b', 'nrf9160-a', 'nrf9160-c'],
    batch: ['nrf9160-a', 'nrf9160-b', 'nrf9160-c'],
    batches: 2,
    slotField: 'sec_tag',
    slot: (n) => String(50 + n),
    factoryReset: false,
  },
  {
    name: 'zephyr',
    title: 'Zephyr',
    singles: ['nrf7002dk-a'],
    batch: ['nrf7002dk-a', 'nrf7002dk-nopubkey'],
    batches: 3,
    slotField: 'sec tag',
    slot: (n) => String(50 + n),
    factoryReset: false,
  },
  {
    name: 'stsafe',
    title: 'STSAFE',
    singles: ['stsafe-a'],
    batch: ['stsafe-a'],
    // One board per batch (the lab has one STSAFE board), so every sample also carries a batch's start (the CA
    // opened, the board handed over and identified again, the batch saved), where the other families' batches have
    // 'Next board' samples too. Nine samples: its median of five ranged 1.08 to 1.19 between runs on the same build.
    batches: MIN_SAMPLES + 4,
    slotField: 'slot',
    slot: () => '1',
    factoryReset: true,
  },
];

export const chosen = (): readonly Family[] => {
  const wanted = (process.env.KW_FAMILIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!wanted.length) return FAMILIES;
  const unknown = wanted.filter((w) => !FAMILIES.some((f) => f.name === w));
  if (unknown.length)
    throw new Error(`KW_FAMILIES: unknown ${unknown.join(', ')} (have ${FAMILIES.map((f) => f.name).join(', ')})`);
  return FAMILIES.filter((f) => wanted.includes(f.name));
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const labelOf = (page: Page, id: string) =>
  page.evaluate(async (b) => (await window.keywireEmulatorReady!()).boards().find((x) => x.id === b)!.label, id);
const connectButton = async (page: Page, id: string) =>
  page.getByRole('button', { name: new RegExp(`^Connect ${escape(await labelOf(page, id))}`) });
const probe = (page: Page) => page.evaluate(() => window.keywireProbe!) as Promise<ProbeState>;
const wire = (page: Page, from: number, to: number) =>
  page.evaluate(([f, t]) => window.keywireProvision!.wire(f!, t!), [from, to]) as Promise<WireCount>;
export const computeMs = (page: Page, id: string) =>
  page.evaluate(async (b) => (await window.keywireEmulatorReady!()).control(b).keygenMs, id);

/** Long tasks that started between two Date.now() times. */
const longTasksBetween = (page: Page, from: number, to: number) =>
  page.evaluate(
    ([f, t]) =>
      window.keywireProbe!.longTasks.filter((l) => {
        const at = performance.timeOrigin + l.start;
        return at >= f! && at <= t!;
      }).length,
    [from, to],
  );

export async function prepare(page: Page): Promise<void> {
  await page.addInitScript(PROBE_SCRIPT);
  await page.addInitScript((settings) => {
    localStorage.setItem('keywire.devHooks', '1');
    localStorage.setItem('keywire.settings.v1', JSON.stringify(settings));
  }, SETTINGS);
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  if (process.env.KW_BENCH_DEBUG) page.on('console', (m) => console.error(`[page ${m.type()}] ${m.text()}`));
}

async function firstLoads(page: Page, url: string): Promise<{ ms: number[]; longTasks: number[] }> {
  const browser = page.context().browser()!;
  const ms: number[] = [];
  const longTasks: number[] = [];
  for (let i = 0; i < MIN_SAMPLES; i++) {
    const context = await browser.newContext();
    try {
      const p = await context.newPage();
      await prepare(p);
      // The page announces itself (an init script checking once a frame, logging one console line), so the wait
      // runs nothing of Playwright's in the page: a polled waitForFunction injects its script inside the very window
      // whose long tasks are counted.
      // (A string: tsx wraps named functions in a helper the page does not have.)
      await p.addInitScript({
        content: `(() => {
          const check = () => {
            const ready = [...document.querySelectorAll('button')].some(
              (x) => (x.textContent || '').trim().startsWith('Connect ') && !x.disabled,
            );
            if (!ready) return void requestAnimationFrame(check);
            window.keywireInteractive = performance.now();
            console.log(${JSON.stringify(INTERACTIVE_LINE)});
          };
          requestAnimationFrame(check);
        })();`,
      });
      // The context's own start-up is over before the load begins (bench/browser-cpu.ts).
      await browserQuiet();
      const announced = p.waitForEvent('console', { predicate: (m) => m.text() === INTERACTIVE_LINE, timeout: 60_000 });
      await p.goto(`${url}#/provision`, { waitUntil: 'commit' });
      await announced;
      await p.waitForTimeout(SETTLE_MS);
      const interactive = await p.evaluate(
        () => (window as unknown as { keywireInteractive: number }).keywireInteractive,
      );
      const tasks = (await probe(p)).longTasks.filter((l) => l.start <= interactive + SETTLE_MS);
      ms.push(interactive);
      longTasks.push(tasks.length);
      if (tasks.length)
        console.log(`  first load ${i + 1}: long tasks ${tasks.map((t) => t.duration.toFixed(0)).join(', ')} ms`);
    } finally {
      await context.close();
    }
  }
  return { ms, longTasks };
}

export async function connect(page: Page, id: string): Promise<number> {
  const before = (await probe(page)).identityShown.length;
  await (await connectButton(page, id)).click();
  await page.waitForFunction((n) => window.keywireProbe!.identityShown.length > n, before, { timeout: 60_000 });
  const p = await probe(page);
  const click = p.clicks.filter((c) => c.label.startsWith('Connect ')).at(-1)!;
  return p.identityShown.at(-1)! - click.t;
}

export async function disconnect(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await page.waitForFunction(() => !document.getElementById('identity-title'));
}

interface Run {
  readonly ms: number;
  readonly boundMs: number;
  readonly longTasks: number;
  /** Time in each step of the flow between the click and Done, and the bytes on the wire meanwhile. */
  readonly steps: readonly { readonly step: string; readonly ms: number; readonly bytes: number }[];
}

/** The flow's steps between two times (the click counts as the first step's start), with their wire bytes. */
async function stepsBetween(page: Page, from: number, to: number): Promise<Run['steps']> {
  const events = (await page.evaluate(() => window.keywireProvision!.events())).filter((e) => e.t >= from && e.t <= to);
  const out: { step: string; ms: number; bytes: number }[] = [];
  let at = from;
  let step = 'click';
  for (const e of [...events, { t: to, step: 'end' }]) {
    const w = await wire(page, at, e.t);
    out.push({ step, ms: e.t - at, bytes: w.rx + w.tx });
    at = e.t;
    step = e.step;
  }
  return out;
}

/** The time of the last click on a button whose label starts with `label` (read right after clicking it). */
export async function lastClick(page: Page, label: string): Promise<number> {
  return (await probe(page)).clicks.filter((c) => c.label.startsWith(label)).at(-1)!.t;
}

/**
 * From a click to the end of that board's run: the Done panel appearing (one board), or, in a batch, where the
 * panel stays up from board to board, the flow entering Done (the dev hook's step events, same clock).
 */
async function runFrom(page: Page, start: number, compute: number, batch: boolean): Promise<Run> {
  await page.waitForFunction(
    ([s, b]) =>
      b
        ? window.keywireProvision!.events().some((e) => e.step === 'done' && e.t >= s!)
        : window.keywireProbe!.doneShown.some((t) => t >= s!),
    [start, batch ? 1 : 0],
    { timeout: 120_000 },
  );
  const done = batch
    ? (await page.evaluate(() => window.keywireProvision!.events())).find((e) => e.step === 'done' && e.t >= start)!.t
    : (await probe(page)).doneShown.find((t) => t >= start)!;
  const w = await wire(page, start, done);
  return {
    ms: done - start,
    boundMs: ((w.rx + w.tx) * 10 * 1000) / BAUD + compute,
    longTasks: await longTasksBetween(page, start, done),
    steps: await stepsBetween(page, start, done),
  };
}

export async function factoryReset(page: Page, id: string): Promise<void> {
  await page.evaluate(async (b) => (await window.keywireEmulatorReady!()).control(b).factoryReset(), id);
}

/** Plugs in exactly `ids` (the batch's boards), so "Next board" finds only them; `null` plugs every board back. */
export async function pluggedOnly(page: Page, ids: readonly string[] | null): Promise<void> {
  await page.evaluate(async (keep) => {
    const lab = await window.keywireEmulatorReady!();
    for (const b of lab.boards()) {
      const c = lab.control(b.id);
      if (keep === null || keep.includes(b.id)) c.replug();
      else c.unplug();
    }
  }, ids);
}

export async function prepareStep(page: Page, f: Family, slot: string): Promise<void> {
  await page.getByRole('heading', { name: 'Prepare' }).waitFor();
  const create = page.getByRole('button', { name: 'Create lab CA' });
  if (await create.isVisible()) {
    await create.click();
    await page.getByText('used for provisioning').waitFor();
  }
  const field = page.getByRole('textbox', { name: f.slotField, exact: true });
  await field.fill(slot);
  await field.blur();
}

async function singleRun(page: Page, f: Family, round: number): Promise<Run> {
  const id = f.singles[round % f.singles.length]!;
  if (f.factoryReset) await factoryReset(page, id);
  await connect(page, id);
  await prepareStep(page, f, f.slot(round));
  await page.getByRole('button', { name: 'Start provisioning', exact: true }).click();
  const run = await runFrom(page, await lastClick(page, 'Start provisioning'), await computeMs(page, id), false);
  await disconnect(page);
  return run;
}

async function batchRuns(page: Page, f: Family, n: number): Promise<Run[]> {
  const out: Run[] = [];
  await pluggedOnly(page, f.batch);
  try {
    if (f.factoryReset) for (const id of f.batch) await factoryReset(page, id);
    await connect(page, f.batch[0]!);
    await prepareStep(page, f, f.slot(20 + n));
    await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
    for (let i = 0; i < f.batch.length; i++) {
      if (i > 0) await page.getByRole('button', { name: 'Next board', exact: true }).click();
      const start = await lastClick(page, i === 0 ? 'Start a batch' : 'Next board');
      out.push(await runFrom(page, start, await computeMs(page, f.batch[i]!), true));
    }
    await page.getByRole('button', { name: 'Stop the batch' }).click();
    if (await page.getByRole('button', { name: 'Disconnect', exact: true }).isVisible()) await disconnect(page);
  } finally {
    await pluggedOnly(page, null);
  }
  return out;
}

interface FamilyRuns {
  readonly compute: number;
  readonly connectMs: number[];
  readonly single: Run[];
  readonly batch: Run[];
}

async function drive(page: Page, families: readonly Family[]): Promise<Map<string, FamilyRuns>> {
  await page.getByRole('heading', { level: 1, name: 'Provision' }).waitFor();
  const runs = new Map<string, FamilyRuns>();
  for (const f of families)
    runs.set(f.name, { compute: await computeMs(page, f.singles[0]!), connectMs: [], single: [], batch: [] });
  // Round by round, the families interleaved: drift on the shared machine hits every family alike.
  for (let i = 0; i < MIN_SAMPLES; i++) {
    for (const f of families) {
      const r = runs.get(f.name)!;
      r.connectMs.push(await connect(page, f.singles[0]!));
      await disconnect(page);
    }
  }
  for (let i = 0; i < MIN_SAMPLES; i++)
    for (const f of families) runs.get(f.name)!.single.push(await singleRun(page, f, i));
  const most = Math.max(...families.map((f) => f.batches));
  for (let i = 0; i < most; i++)
    for (const f of families) if (i < f.batches) runs.get(f.name)!.batch.push(...(await batchRuns(page, f, i)));
  return runs;
}

function whereTimeGoes(title: string, single: readonly Run[]): void {
  const bySteps = new Map<string, { ms: number[]; bytes: number[] }>();
  for (const run of single) {
    for (const s of run.steps) {
      const entry = bySteps.get(s.step) ?? { ms: [], bytes: [] };
      entry.ms.push(s.ms);
      entry.bytes.push(s.bytes);
      bySteps.set(s.step, entry);
    }
  }
  console.log(
    `${title} one board, where the time goes (median per step; "click" is the click to the first step event):`,
  );
  for (const [step, e] of bySteps) {
    const wireMs = (median(e.bytes) * 10 * 1000) / BAUD;
    console.log(
      `  ${step.padEnd(20)} ${median(e.ms).toFixed(0).padStart(6)} ms, ${median(e.bytes)} bytes (${wireMs.toFixed(0)} ms on the wire)`,
    );
  }
}

export default async function provisionBench(): Promise<void> {
  const families = chosen();
  const app = { root, configFile: join(root, 'vite.config.ts'), context: { acceptDownloads: true } };
  const r = await withBenchPage(app, async (page, url) => {
    const load = await firstLoads(page, url);
    await prepare(page);
    await page.goto(`${url}#/provision`);
    const runs = await drive(page, families).catch(async (e: unknown) => {
      // What the page said when it stopped, for whoever reads the bench log.
      const text = await page.evaluate(() => document.body.innerText).catch(() => '');
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- page ---\n${text.slice(0, 1500)}`);
    });
    return { load, runs };
  });
  console.log(
    `inputs: ${families.map((f) => `${f.title} (compute ${r.runs.get(f.name)!.compute} ms)`).join(', ')} emulated at ` +
      `${BAUD} baud (paced, 10 bits/byte), lab CA, production build; bound = bytes on the wire x 10 / baud + the ` +
      `board's compute time`,
  );
  const zero = { op: '<=', value: 0, of: 'all' } as const;
  const wireGoal = { op: '<=', value: 1.15 } as const;
  figure('provision', 'first load to interactive (cold context)', r.load.ms, 'ms', null);
  figure('provision', 'main-thread long tasks at first load', r.load.longTasks, '', zero);
  for (const f of families) {
    const x = r.runs.get(f.name)!;
    figure('provision', `${f.title}: connect click to identity card`, x.connectMs, 'ms', null);
    figure(
      'provision',
      `${f.title} one board: Start click to Done`,
      x.single.map((s) => s.ms),
      'ms',
      null,
    );
    figure(
      'provision',
      `${f.title} one board: bound (wire + compute)`,
      x.single.map((s) => s.boundMs),
      'ms',
      null,
    );
    figure(
      'provision',
      `${f.title} one board: Start-to-Done / bound`,
      x.single.map((s) => s.ms / s.boundMs),
      '',
      wireGoal,
    );
    figure(
      'provision',
      `${f.title} batch, per board: click to Done / bound`,
      x.batch.map((s) => s.ms / s.boundMs),
      '',
      wireGoal,
    );
    whereTimeGoes(f.title, x.single);
  }
  figure(
    'provision',
    'main-thread long tasks per provisioning run (every family, single and batch)',
    families.flatMap((f) => [...r.runs.get(f.name)!.single, ...r.runs.get(f.name)!.batch]).map((s) => s.longTasks),
    '',
    zero,
  );
}
