// Where the app's main-thread long tasks come from (`npx tsx bench/long-task-profile.ts [inspect|first-load|provision]
// [runs]`, not part of `npm run bench`). Serves a build (`KW_DIST`, default dist/; build one with `--minify false` to
// read function names) with `vite preview`, drives it in Debian's Chromium with a Chromium trace (devtools.timeline,
// v8) recorded around the scenario, and prints, per run, the longest main-thread task and, for every task over
// 50 ms, what ran inside it (events of 3 ms or more: script calls with their function and place, GC, style, layout,
// message handling). Scenarios:
//   inspect     Diagnose -> Inspect, a dropped file of 3000 certificates (1500 x leaf + root, made with openssl), until
//               the first page of 20 cards shows;
//   first-load  a fresh context opening #/provision until a Connect button can be clicked, plus one second;
//   provision   operator set, the emulated nRF9160 connected, the lab CA made, Start to Done (the trace covers Start
//               to Done only).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tools/chromium.ts';
import { OpensslLab } from '../src/pki/openssl-fixtures.ts';
import type {} from '../src/app/emulator-ready.ts';
import { appMainThreadEvents, topLevelTasks, type TraceEvent } from '../tools/main-thread-trace.ts';
import { PROBE_SCRIPT, type ProbeState } from './app-probe.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scenario = process.argv[2] ?? 'inspect';
const runs = Number(process.argv[3] ?? 5);
const LONG_US = 50_000;
const SHOW_US = Number(process.env.KW_SHOW_MS ?? 3) * 1000;

function describe(e: TraceEvent): string {
  const d = e.args?.data ?? {};
  const bits = [d['functionName'], d['type'], d['url'] ? `${String(d['url']).split('/').pop()}:${d['lineNumber']}` : '']
    .filter(Boolean)
    .join(' ');
  return `${e.name}${bits ? ` (${bits})` : ''}`;
}

/** The long tasks of the page's main thread(s) in a trace, each with its events over SHOW_US, indented by depth. */
function longTasks(
  trace: Buffer,
  origin: string,
): { longestMs: number; longestCpuMs: number; tasks: string[]; busiest: string } {
  const onMain = appMainThreadEvents(trace, origin);
  const tasks = topLevelTasks(onMain);
  // The tasks with the most CPU, each named by the first event inside it that says what it ran.
  const what = (t: TraceEvent) =>
    onMain.find(
      (e) =>
        e !== t &&
        e.tid === t.tid &&
        e.ts >= t.ts &&
        e.ts + e.dur! <= t.ts + t.dur! &&
        !/RunTask|AsyncTask|v8.callFunction|TimerFire|TimerBase|Receive mojo|RunMicrotasks/.test(e.name),
    );
  const busiest = [...tasks]
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, Number(process.env.KW_BUSIEST ?? 8))
    .map((t) => {
      const w = what(t);
      return `cpu ${((t.tdur ?? 0) / 1000).toFixed(1)} (wall ${(t.dur! / 1000).toFixed(0)}) ${w ? describe(w) : t.name}`;
    })
    .join('\n  ');
  let longestMs = 0;
  let longestCpuMs = 0;
  const out: string[] = [];
  for (const t of tasks) {
    longestMs = Math.max(longestMs, t.dur! / 1000);
    longestCpuMs = Math.max(longestCpuMs, (t.tdur ?? 0) / 1000);
    if (t.dur! < LONG_US) continue;
    const inside = onMain
      .filter((e) => e !== t && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!)
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const lines = [`task ${(t.dur! / 1000).toFixed(0)} ms (cpu ${((t.tdur ?? 0) / 1000).toFixed(0)} ms)`];
    const stack: TraceEvent[] = [];
    for (const e of inside) {
      while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! < e.ts + e.dur!) stack.pop();
      stack.push(e);
      if (e.dur! >= SHOW_US)
        lines.push(
          `${'  '.repeat(stack.length)}${(e.dur! / 1000).toFixed(1)} ms (cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}) ${describe(e)}`,
        );
    }
    out.push(lines.join('\n'));
  }
  return { longestMs, longestCpuMs, tasks: out, busiest: `busiest tasks (ms):\n  ${busiest}` };
}

/**
 * First load: each long task the page's observer reported (start and wall time from the navigation's start) beside
 * the trace's task at that moment on the app's main thread (wall and CPU time, what it ran), placed on the trace's
 * clock by the app document's navigationStart mark.
 */
function observerVsTrace(trace: Buffer, origin: string): string {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const nav = events.filter(
    (e) => e.name === 'navigationStart' && String(e.args?.data?.['documentLoaderURL'] ?? '').startsWith(origin),
  );
  const start = nav.at(-1)?.ts;
  if (start === undefined) return 'observer: no navigationStart mark for the app in the trace';
  const onMain = appMainThreadEvents(trace, origin);
  const tasks = topLevelTasks(onMain);
  const lines = observed.map((o) => {
    const at = start + o.start * 1000;
    const t = tasks.find((x) => x.ts <= at + 2000 && x.ts + x.dur! >= at + o.duration * 1000 - 2000);
    const inside = t
      ? onMain
          .filter((e) => e !== t && e.tid === t.tid && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur! && e.dur! > 1000)
          .filter((e) => !/RunTask|AsyncTask|v8.callFunction|TimerFire|TimerBase/.test(e.name))
          .slice(0, 2)
          .map(describe)
          .join(' > ')
      : '';
    return `  observer ${o.start.toFixed(0)} + ${o.duration.toFixed(0)} ms: ${
      t
        ? `trace task ${(t.dur! / 1000).toFixed(0)} ms, cpu ${((t.tdur ?? 0) / 1000).toFixed(0)} ms: ${inside}`
        : 'no trace task'
    }`;
  });
  return [`observer (wall, > 50 ms): ${observed.length} long tasks`, ...lines].join('\n');
}

const CATEGORIES = [
  'blink.user_timing',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'toplevel',
  'disabled-by-default-v8.gc',
  'disabled-by-default-devtools.timeline.stack',
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** KW_CPU_PROFILE=1: the page's JavaScript by self and total time (a V8 sample every 100 µs) over the run. */
async function cpuProfiled(page: Page, run: () => Promise<void>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') return;
    self.set(name(n), (self.get(name(n)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at)!);
      if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + ms);
      seen.add(k);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms ${k}`);
  console.log(['JS self time:', ...top(self, 25), 'JS total time:', ...top(total, 40)].join('\n'));
}

async function traced(browser: Browser, page: Page, run: () => Promise<void>): Promise<Buffer> {
  if (process.env.KW_CPU_PROFILE) {
    await cpuProfiled(page, run);
    return Buffer.from('{"traceEvents":[]}');
  }
  await browser.startTracing(page, { categories: CATEGORIES });
  try {
    await run();
  } catch (e) {
    await browser.stopTracing();
    throw e;
  }
  return browser.stopTracing();
}

async function inspect(browser: Browser, url: string, lab: OpensslLab, file: string): Promise<Buffer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${url}#/diagnose`);
    await page.waitForSelector('#inspect input[type="file"]', { state: 'attached' });
    await page.waitForTimeout(1000);
    return await traced(browser, page, async () => {
      await page.locator('#inspect input[type="file"]').setInputFiles(file);
      await page.waitForFunction(() => document.querySelectorAll('#inspect article').length === 20, null, {
        polling: 500,
        timeout: 60_000,
      });
      await page.waitForTimeout(500);
    });
  } finally {
    await context.close();
    void lab;
  }
}

const CONNECT_READY = 'profile: a Connect button can be pressed';

/** What the page's long-task observer (bench/app-probe.ts, as the provision bench installs it) saw at first load. */
let observed: ProbeState['longTasks'] = [];

async function firstLoad(browser: Browser, url: string): Promise<Buffer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE_SCRIPT);
    // Waits for a console line, not with a query: the first query evaluates Playwright's injected script in the page,
    // a task of 20 to 40 ms of CPU that is not the app's.
    await page.addInitScript((line) => {
      const timer = setInterval(() => {
        if (document.querySelector('button[aria-label^="Connect "]:not([disabled])') === null) return;
        clearInterval(timer);
        console.log(line);
      }, 100);
    }, CONNECT_READY);
    const trace = await traced(browser, page, async () => {
      const ready = page.waitForEvent('console', { predicate: (m) => m.text() === CONNECT_READY, timeout: 60_000 });
      await page.goto(`${url}#/provision`, { waitUntil: 'commit' });
      await ready;
      await page.waitForTimeout(1000);
    });
    observed = await page.evaluate(() => window.keywireProbe!.longTasks);
    return trace;
  } finally {
    await context.close();
  }
}

async function provision(browser: Browser, url: string): Promise<Buffer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      localStorage.setItem('keywire.devHooks', '1');
      localStorage.setItem('keywire.settings.v1', JSON.stringify({ operator: 'Profile', site: 'profile' }));
    });
    await page.goto(`${url}#/provision`);
    const label = await page.evaluate(
      async () => (await window.keywireEmulatorReady!()).boards().find((b) => b.id === 'nrf9160-b')!.label,
    );
    await page.click(`button[aria-label="Connect ${label}"]`);
    await page.waitForSelector('#identity-title', { timeout: 60_000 });
    await page.click('button:has-text("Create lab CA")');
    await page.waitForSelector('text=used for provisioning', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    return await traced(browser, page, async () => {
      await page.click('button:has-text("Start provisioning")');
      await page.waitForSelector('h2:has-text("Provisioned and verified"), h3:has-text("Provisioned and verified")', {
        timeout: 90_000,
        // Slow polling: the probe's own lookups run in the page too.
      });
      await page.waitForTimeout(1000);
    });
  } finally {
    await context.close();
  }
}

const outDir = process.env.KW_DIST ?? join(root, 'dist');
const server = await preview({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'error',
  build: { outDir },
  preview: { host: '127.0.0.1', port: Number(process.env.KW_PORT ?? 0), strictPort: false },
});
const url = server.resolvedUrls!.local[0]!;
const lab = new OpensslLab();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
try {
  let file = '';
  if (scenario === 'inspect') {
    const r = lab.root('Bundle Root');
    const leaf = lab.issue('bundle-leaf', r);
    file = lab.write('bundle', `${leaf.pem}${r.pem}`.repeat(1500));
  }
  const longest: number[] = [];
  const longestCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const trace =
      scenario === 'inspect'
        ? await inspect(browser, url, lab, file)
        : scenario === 'first-load'
          ? await firstLoad(browser, url)
          : await provision(browser, url);
    if (process.env.KW_TRACE_OUT) writeFileSync(`${process.env.KW_TRACE_OUT}-${i + 1}.json`, trace);
    const r = longTasks(trace, new URL(url).origin);
    longest.push(r.longestMs);
    longestCpu.push(r.longestCpuMs);
    console.log(
      `run ${i + 1}: longest task ${r.longestMs.toFixed(0)} ms (most CPU in one task ${r.longestCpuMs.toFixed(0)} ms), ${r.tasks.length} over 50 ms`,
    );
    if (!process.env.KW_QUIET) for (const t of r.tasks) console.log(t);
    console.log(r.busiest);
    if (scenario === 'first-load') console.log(observerVsTrace(trace, new URL(url).origin));
  }
  const mmm = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `min ${s[0]!.toFixed(0)} / median ${s[Math.floor(s.length / 2)]!.toFixed(0)} / max ${s.at(-1)!.toFixed(0)} ms`;
  };
  console.log(`${scenario}: longest main-thread task over ${runs} runs: ${mmm(longest)}; CPU time: ${mmm(longestCpu)}`);
  console.log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await browser.close();
  lab.cleanup();
  await new Promise<void>((res) => server.httpServer.close(() => res()));
}
