// App benchmark: the production build of KeyWire served by `vite preview`, driven in Chromium through its own
// buttons against the emulated nRF9160 boards at 115200 baud, paced (10 bits per byte) with the emulator's key
// generation time. A probe injected before the app's code (bench/app-probe.ts) timestamps button clicks where they
// happen, the identity card and the Done panel appearing, and main-thread long tasks. Measured, each at least five
// times:
//   first load to interactive (fresh browser context, navigation start -> a Connect button that can be clicked) and
//   the long tasks meanwhile (until one second after);
//   connect to identity (the Connect click -> the identity card);
//   one board, Start click -> Done panel, against the bound: bytes on the wire meanwhile x 10 / baud + the board's
//   key generation time; and the long tasks during the run;
//   a batch, per board: "Start a batch" / "Next board" click -> that board's Done, against the same bound.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { WireCount } from '../src/ui/provision/page-state.ts';
import type {} from '../src/devices/emulator/index.ts';
import { PROBE_SCRIPT, type ProbeState } from './app-probe.ts';
import { withBenchPage } from './browser.ts';
import { figure, MIN_SAMPLES } from './figures.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BAUD = 115200;
const SETTINGS = { operator: 'Bench', site: 'bench', baudRate: BAUD, flowControl: 'hardware' };
const SETTLE_MS = 1000;
const BOARDS = ['B', 'A', 'C', 'B', 'A'];

const connectButton = (page: Page, board: string) =>
  page.getByRole('button', { name: new RegExp(`^Connect Emulated nRF9160 \\(${board},`) });
const probe = (page: Page) => page.evaluate(() => window.keywireProbe!) as Promise<ProbeState>;
const wire = (page: Page, from: number, to: number) =>
  page.evaluate(([f, t]) => window.keywireProvision!.wire(f!, t!), [from, to]) as Promise<WireCount>;

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

async function prepare(page: Page): Promise<void> {
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
      await p.goto(`${url}#/provision`, { waitUntil: 'commit' });
      const handle = await p.waitForFunction(
        () => {
          const b = [...document.querySelectorAll('button')].find(
            (x) => (x.textContent ?? '').trim().startsWith('Connect ') && !x.disabled,
          );
          return b ? performance.now() : 0;
        },
        null,
        { polling: 'raf', timeout: 60_000 },
      );
      const interactive = (await handle.jsonValue()) as number;
      await p.waitForTimeout(SETTLE_MS);
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

async function connect(page: Page, board: string): Promise<number> {
  const before = (await probe(page)).identityShown.length;
  await connectButton(page, board).click();
  await page.waitForFunction((n) => window.keywireProbe!.identityShown.length > n, before, { timeout: 60_000 });
  const p = await probe(page);
  const click = p.clicks.filter((c) => c.label.startsWith('Connect ')).at(-1)!;
  return p.identityShown.at(-1)! - click.t;
}

async function disconnect(page: Page): Promise<void> {
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
async function lastClick(page: Page, label: string): Promise<number> {
  return (await probe(page)).clicks.filter((c) => c.label.startsWith(label)).at(-1)!.t;
}

/**
 * From a click to the end of that board's run: the Done panel appearing (one board), or, in a batch, where the
 * panel stays up from board to board, the flow entering Done (the dev hook's step events, same clock).
 */
async function runFrom(page: Page, start: number, keygenMs: number, batch: boolean): Promise<Run> {
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
    boundMs: ((w.rx + w.tx) * 10 * 1000) / BAUD + keygenMs,
    longTasks: await longTasksBetween(page, start, done),
    steps: await stepsBetween(page, start, done),
  };
}

async function drive(page: Page) {
  await page.getByRole('heading', { level: 1, name: 'Provision' }).waitFor();
  const keygenMs = await page.evaluate(() => window.keywireEmulator!.control('nrf9160-b').keygenMs);
  const connectMs: number[] = [];
  for (let i = 0; i < MIN_SAMPLES; i++) {
    connectMs.push(await connect(page, 'B'));
    await disconnect(page);
  }
  const single: Run[] = [];
  for (const [i, board] of BOARDS.entries()) {
    await connect(page, board);
    await page.getByRole('heading', { name: 'Prepare' }).waitFor();
    const create = page.getByRole('button', { name: 'Create lab CA' });
    if (await create.isVisible()) {
      await create.click();
      await page.getByText('used for provisioning').waitFor();
    }
    await page.getByRole('textbox', { name: 'sec_tag' }).fill(String(50 + i));
    await page.getByRole('button', { name: 'Start provisioning', exact: true }).click();
    single.push(await runFrom(page, await lastClick(page, 'Start provisioning'), keygenMs, false));
    await disconnect(page);
  }
  const batch: Run[] = [];
  for (const tag of [60, 61]) {
    await connect(page, 'A');
    await page.getByRole('heading', { name: 'Prepare' }).waitFor();
    await page.getByRole('textbox', { name: 'sec_tag' }).fill(String(tag));
    await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
    for (let i = 0; i < 3; i++) {
      if (i > 0) await page.getByRole('button', { name: 'Next board', exact: true }).click();
      const start = await lastClick(page, i === 0 ? 'Start a batch' : 'Next board');
      batch.push(await runFrom(page, start, keygenMs, true));
    }
    await page.getByRole('button', { name: 'Stop the batch' }).click();
    if (await page.getByRole('button', { name: 'Disconnect', exact: true }).isVisible()) await disconnect(page);
  }
  return { keygenMs, connectMs, single, batch };
}

export default async function provisionBench(): Promise<void> {
  const app = { root, configFile: join(root, 'vite.config.ts'), context: { acceptDownloads: true } };
  const r = await withBenchPage(app, async (page, url) => {
    const load = await firstLoads(page, url);
    await prepare(page);
    await page.goto(`${url}#/provision`);
    const runs = await drive(page).catch(async (e: unknown) => {
      // What the page said when it stopped, for whoever reads the bench log.
      const text = await page.evaluate(() => document.body.innerText).catch(() => '');
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- page ---\n${text.slice(0, 1500)}`);
    });
    return { load, ...runs };
  });
  console.log(
    `inputs: emulated nRF9160 boards at ${BAUD} baud (paced, 10 bits/byte), key generation ${r.keygenMs} ms, ` +
      `lab CA, production build; bound = bytes on the wire x 10 / baud + key generation`,
  );
  const zero = { op: '<=', value: 0, of: 'all' } as const;
  const wireGoal = { op: '<=', value: 1.15 } as const;
  figure('provision', 'first load to interactive (cold context)', r.load.ms, 'ms', null);
  figure('provision', 'main-thread long tasks at first load', r.load.longTasks, '', zero);
  figure('provision', 'connect click to identity card', r.connectMs, 'ms', null);
  figure(
    'provision',
    'one board: Start click to Done',
    r.single.map((s) => s.ms),
    'ms',
    null,
  );
  figure(
    'provision',
    'one board: bound (wire + key generation)',
    r.single.map((s) => s.boundMs),
    'ms',
    null,
  );
  figure(
    'provision',
    'one board: Start-to-Done / bound',
    r.single.map((s) => s.ms / s.boundMs),
    '',
    wireGoal,
  );
  figure(
    'provision',
    'batch, per board: click to Done / bound',
    r.batch.map((s) => s.ms / s.boundMs),
    '',
    wireGoal,
  );
  const bySteps = new Map<string, { ms: number[]; bytes: number[] }>();
  for (const run of r.single) {
    for (const s of run.steps) {
      const entry = bySteps.get(s.step) ?? { ms: [], bytes: [] };
      entry.ms.push(s.ms);
      entry.bytes.push(s.bytes);
      bySteps.set(s.step, entry);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log('one board, where the time goes (median per step; "click" is the click to the first step event):');
  for (const [step, e] of bySteps) {
    const wireMs = (med(e.bytes) * 10 * 1000) / BAUD;
    console.log(
      `  ${step.padEnd(20)} ${med(e.ms).toFixed(0).padStart(6)} ms, ${med(e.bytes)} bytes (${wireMs.toFixed(0)} ms on the wire)`,
    );
  }
  figure(
    'provision',
    'main-thread long tasks per provisioning run (single and batch)',
    [...r.single, ...r.batch].map((s) => s.longTasks),
    '',
    zero,
  );
}
