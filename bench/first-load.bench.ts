// First-load benchmark: the production build opened in a fresh browser context at #/provision, with the provision
// bench's probe and settings (`prepare`), until a Connect button can be clicked plus one second, as the provision
// bench's first load; here with what explains its wall-clock figure. Each round opens the app twice, interleaved:
//   a plain load: first load to interactive and the long tasks the page's observer reports meanwhile (wall time
//   > 50 ms, the Long Tasks API), and the CPU time of the browser's processes in that window (the renderer, the
//   browser, its network and raster work: what the page's main thread competes with for the 2 cores, besides other
//   users' processes);
//   a traced load (a Chromium trace of the app's main thread, which slows the page, so it is counted apart): the
//   CPU time of its busiest task, which is the page's own work whatever the machine runs meanwhile.
// One warm-up round first (the browser's first context after launch is slower).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { appMainThreadEvents, topLevelTasks } from '../tools/main-thread-trace.ts';
import type { ProbeState } from './app-probe.ts';
import { withBenchPage } from './browser.ts';
import { figure, MIN_SAMPLES } from './figures.ts';
import { prepare } from './provision.bench.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SETTLE_MS = 1000;
const LINE = 'keywire-bench: first load interactive';
const TICK_MS = 10; // /proc/<pid>/stat counts CPU time in 1/100 s

/** CPU time (ms) used so far by this process's descendants (the browser's processes), by Chromium process type. */
function browserCpuMs(): Map<string, number> {
  const children = new Map<number, number[]>();
  const used = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(f[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(d)]);
      used.set(Number(d), Number(f[11]) + Number(f[12])); // utime + stime
    } catch {
      // the process ended meanwhile
    }
  }
  const byType = new Map<string, number>();
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      let type = 'browser';
      try {
        const cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
        type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? (cmd.includes('chrom') ? 'browser' : 'other');
        if (type === 'utility') type = /--utility-sub-type=[\w.]*?(\w+)Service/.exec(cmd)?.[1] ?? type;
      } catch {
        // ended
      }
      byType.set(type, (byType.get(type) ?? 0) + (used.get(c) ?? 0) * TICK_MS);
      walk(c);
    }
  };
  walk(process.pid);
  return byType;
}

/** after - before, per process type, and the total. */
function cpuSpent(before: Map<string, number>, after: Map<string, number>): { total: number; text: string } {
  const spent = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  return {
    total: spent.reduce((a, [, v]) => a + v, 0),
    text: spent
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  };
}

interface Load {
  readonly interactiveMs: number;
  readonly longTasks: readonly number[];
  readonly browserCpuMs: number;
  /** The same by process type ("renderer 520, browser 410, ..."). */
  readonly browserCpuText: string;
  /** Traced loads: the CPU time of the app's busiest main-thread task. */
  readonly busiestCpuMs: number | null;
}

async function load(browser: Browser, url: string, traced: boolean): Promise<Load> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await prepare(page);
    // The page announces itself (a check once a frame, one console line), so nothing of Playwright's runs in the
    // window whose long tasks are counted. (A string: tsx wraps named functions in a helper the page does not have.)
    await page.addInitScript({
      content: `(() => {
        const check = () => {
          if (!document.querySelector('button[aria-label^="Connect "]:not([disabled])')) return void requestAnimationFrame(check);
          window.keywireInteractive = performance.now();
          console.log(${JSON.stringify(LINE)});
        };
        requestAnimationFrame(check);
      })();`,
    });
    if (traced) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    let trace: Buffer | null = null;
    const cpu0 = browserCpuMs();
    try {
      const announced = page.waitForEvent('console', { predicate: (m) => m.text() === LINE, timeout: 60_000 });
      await page.goto(`${url}#/provision`, { waitUntil: 'commit' });
      await announced;
      await page.waitForTimeout(SETTLE_MS);
    } finally {
      if (traced) trace = await browser.stopTracing();
    }
    const cpu = cpuSpent(cpu0, browserCpuMs());
    const seen = await page.evaluate(() => ({
      interactive: (window as unknown as { keywireInteractive: number }).keywireInteractive,
      longTasks: (window as unknown as { keywireProbe: ProbeState }).keywireProbe.longTasks,
    }));
    const tasks = trace ? topLevelTasks(appMainThreadEvents(trace, new URL(url).origin)) : [];
    return {
      interactiveMs: seen.interactive,
      longTasks: seen.longTasks.filter((t) => t.start <= seen.interactive + SETTLE_MS).map((t) => t.duration),
      browserCpuMs: cpu.total,
      browserCpuText: cpu.text,
      busiestCpuMs: trace ? Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000)) : null,
    };
  } finally {
    await context.close();
  }
}

export default async function firstLoadBench(): Promise<void> {
  const app = { root, configFile: join(root, 'vite.config.ts') };
  const loads = await withBenchPage(app, async (page, url) => {
    const browser = page.context().browser()!;
    const out: { plain: Load; traced: Load }[] = [];
    for (let round = 0; round <= MIN_SAMPLES; round++) {
      const plain = await load(browser, url, false);
      const traced = await load(browser, url, true);
      if (round === 0) continue;
      out.push({ plain, traced });
      const tasks = plain.longTasks.map((ms) => ms.toFixed(0)).join(', ') || 'none';
      console.log(
        `  round ${round}: long tasks (wall) ${tasks}; browser CPU ${plain.browserCpuMs} ms (${plain.browserCpuText}); busiest task (traced) ` +
          `${traced.busiestCpuMs!.toFixed(1)} ms of CPU; load average ${loadavg()[0]!.toFixed(1)}`,
      );
    }
    return out;
  });
  const plain = loads.map((l) => l.plain);
  figure(
    'first-load',
    'first load to interactive (cold context)',
    plain.map((l) => l.interactiveMs),
    'ms',
    null,
  );
  figure(
    'first-load',
    'long tasks at first load (wall, observer)',
    plain.map((l) => l.longTasks.length),
    '',
    {
      op: '<=',
      value: 0,
      of: 'all',
    },
  );
  figure(
    'first-load',
    "CPU of the browser's processes, first load + 1 s",
    plain.map((l) => l.browserCpuMs),
    'ms',
    null,
  );
  figure(
    'first-load',
    'busiest main-thread task at first load (CPU, trace)',
    loads.map((l) => l.traced.busiestCpuMs!),
    'ms',
    { op: '<=', value: 50, of: 'all' },
  );
}
