// First-load benchmark: the production build opened in a fresh browser context at #/provision, with the provision
// bench's probe and settings (`prepare`), until a Connect button can be clicked plus one second, as the provision
// bench's first load; here with what explains its wall-clock figure. Each round opens the app twice, interleaved:
//   a plain load: first load to interactive and the long tasks the page's observer reports meanwhile (wall time
//   > 50 ms, the Long Tasks API), and the CPU time of the browser's processes in that window (the renderer, the
//   browser, its network and raster work: what the page's main thread competes with for the 2 cores, besides other
//   users' processes);
//   a traced load (a Chromium trace of the app's main thread, which slows the page, so it is counted apart): the
//   CPU time of its busiest task, which is the page's own work whatever the machine runs meanwhile.
// Each load begins once the browser has finished making its new context (browserQuiet: a user's browser is long
// running when they open KeyWire). One warm-up round first (the browser's first context after launch is slower).
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { appMainThreadEvents, topLevelTasks } from '../tools/main-thread-trace.ts';
import type { ProbeState } from './app-probe.ts';
import { browserCpuMs, browserQuiet, cpuSpent } from './browser-cpu.ts';
import { withBenchPage } from './browser.ts';
import { figure, MIN_SAMPLES } from './figures.ts';
import { prepare } from './provision.bench.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SETTLE_MS = 1000;
const LINE = 'keywire-bench: first load interactive';
interface Load {
  readonly interactiveMs: number;
  readonly longTasks: readonly number[];
  readonly browserCpuMs: number;
  /** The same by process type ("renderer 520, browser 410, ..."). */
  readonly browserCpuText: string;
  /** Traced loads: the CPU time of the app's busiest main-thread task. */
  readonly busiestCpuMs: number | null;
  /** How long the browser took to fall quiet after the context was made, before the load. */
  readonly quietAfterMs: number;
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
    // The context's own start-up is over before the load begins (browser-cpu.ts).
    const quietAfterMs = await browserQuiet();
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
      quietAfterMs,
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
        `  round ${round}: long tasks (wall) ${tasks}; quiet after ${plain.quietAfterMs} ms; browser CPU ${plain.browserCpuMs} ms (${plain.browserCpuText}); busiest task (traced) ` +
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
