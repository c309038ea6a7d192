// Benchmark scaffolding for everything measured in a real browser: build a page (a bench/*-page/ folder or the app
// itself) with Vite into a temp folder, serve it with `vite preview` on a free loopback port, open it in Debian's
// Chromium (tools/chromium.ts) through playwright-core, run the measurement, and close browser, server and temp
// folder whatever happened. Main-thread long tasks are counted in the page (bench/long-tasks.ts) and printed here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type InlineConfig } from 'vite';
import { chromium, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tools/chromium.ts';
import type { LongTaskCount } from './long-tasks.ts';

export interface BenchPageOptions {
  /** The folder holding index.html: a bench page (bench/*-page) or the app's root. */
  readonly root: string;
  /** The app's vite.config.ts; a bench page is built without one (ES module workers, ES2022). */
  readonly configFile?: string;
  /** Options of the browser context the page opens in (e.g. `acceptDownloads`). */
  readonly context?: BrowserContextOptions;
}

/** Runs `measure` on a fresh page of the built and served `root` (it navigates to `url` itself). */
export async function withBenchPage<T>(
  options: BenchPageOptions,
  measure: (page: Page, url: string) => Promise<T>,
): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), 'keywire-bench-'));
  const base: InlineConfig = options.configFile
    ? { root: options.root, configFile: options.configFile, logLevel: 'error' }
    : { root: options.root, configFile: false, logLevel: 'error', worker: { format: 'es' } };
  try {
    await build({
      ...base,
      build: { outDir, emptyOutDir: true, ...(options.configFile ? {} : { target: 'es2022' }) },
    });
    const server = await preview({
      ...base,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    try {
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error('vite preview did not report a URL');
      const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
      try {
        const page = await (await browser.newContext(options.context)).newPage();
        return await measure(page, url);
      } finally {
        await browser.close();
      }
    } finally {
      await new Promise<void>((res) => server.httpServer.close(() => res()));
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** "0", or "3 (longest 87 ms)": the long tasks a page counted, for a benchmark's printed line. */
export const longTasksText = (r: LongTaskCount): string =>
  `${r.longTasks}${r.longTasks ? ` (longest ${r.longestTaskMs.toFixed(0)} ms)` : ''}`;
