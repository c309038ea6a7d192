// Diagnostics benchmark. Log decoding where the app runs it: CryptoClient.parseLog in the crypto worker, in real
// Chromium (production build served by `vite preview`), on a 10 MB mbedTLS debug log and a 10 MB mixed console log,
// each round interleaved with `grep -ciE` over the same bytes in a file (the process as a user runs it, spawn
// included). The grep pattern asks the question a person greps a log with: which lines speak of a failure.
// Goal: parseLog throughput >= 0.2 x grep's. Also, in Node, annotateLine (the console's per-line decoder) beside a
// plain regex split of the same lines (informational). And the Decode box of the app itself (production build): a
// 200 kB paste of log lines with codes, through the clipboard, until the first page of cards is shown: the longest
// main-thread task in that window (Long Tasks API; 0 when none passed 50 ms), and the time to the first page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotateLine, decode } from '../src/diagnose/index.ts';
import { benchLogs, mixedLines, ORDINARY_LINES, repeatToBytes } from '../src/diagnose/log/sample-logs.ts';
import { withBenchPage } from './browser.ts';
import type { ParseSample } from './diagnose-page/main.ts';
import { figure, interleave, MIN_SAMPLES, ratios } from './figures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '../src/diagnose/fixtures');
const MB = 1024 * 1024;
const LOG_BYTES = 10 * MB;
const CONSOLE_LINES = 100_000;
const ROUNDS = MIN_SAMPLES;
export const GREP_PATTERN = 'error|fail|returned|errno|refused|abort|alert';

const fixtures = () =>
  new Map(
    readdirSync(FIXTURES)
      .sort()
      .map((name) => [name, readFileSync(join(FIXTURES, name), 'utf8')] as const),
  );

function grepCount(file: string): number {
  try {
    return Number(execFileSync('grep', ['-ciE', GREP_PATTERN, file], { encoding: 'utf8' }).trim());
  } catch {
    return 0; // grep exits 1 when no line matches
  }
}

type LogBench = {
  keywireLogBench: { addLog(name: string, text: string): number; parseOnce(name: string): Promise<ParseSample> };
};

async function logDecoding(): Promise<void> {
  const logs = benchLogs(fixtures(), LOG_BYTES);
  const dir = mkdtempSync(join(tmpdir(), 'keywire-logbench-'));
  try {
    await withBenchPage({ root: join(here, 'diagnose-page') }, async (page, url) => {
      await page.goto(url);
      await page.waitForFunction(() => 'keywireLogBench' in globalThis);
      for (const [name, text] of Object.entries(logs)) {
        const file = join(dir, `${name.replace(/\W+/g, '-')}.log`);
        writeFileSync(file, text);
        await page.evaluate(
          ([n, t]) => (globalThis as unknown as LogBench).keywireLogBench.addLog(n!, t!),
          [name, text],
        );
        let sample: ParseSample | null = null;
        const matched = grepCount(file);
        // The page's own clock for parseLog (page.evaluate's round trip is not the worker's cost): the page asks the
        // worker, the worker reads the Blob and parses, the timeline comes back.
        const pageMs: number[] = [];
        const [, grepMs] = await interleave(ROUNDS, [
          async () => {
            sample = await page.evaluate((n) => (globalThis as unknown as LogBench).keywireLogBench.parseOnce(n), name);
            pageMs.push(sample.ms);
          },
          () => grepCount(file),
        ]);
        const parseMs = pageMs.slice(-ROUNDS); // the warm-up round left out
        const s = sample as ParseSample | null;
        console.log(
          `${name}: ${(text.length / MB).toFixed(1)} MB, ${s?.lines} lines, ${s?.attempts} handshake attempts, ` +
            `grep -ciE '${GREP_PATTERN}' matches ${matched} lines`,
        );
        const mbs = (ms: number[]) => ms.map((m) => text.length / MB / (m / 1000));
        figure('diagnose', `parseLog in the worker, ${name}`, mbs(parseMs), 'MB/s', null);
        figure('diagnose', `grep -ciE, ${name}`, mbs(grepMs!), 'MB/s', null);
        figure('diagnose', `throughput parseLog / grep, ${name}`, ratios(grepMs!, parseMs), '', {
          op: '>=',
          value: 0.2,
        });
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function consoleAnnotation(): Promise<void> {
  const mixed = mixedLines([...fixtures().values()]);
  const lines = Array.from({ length: CONSOLE_LINES }, (_, i) => mixed[i % mixed.length]!);
  let sink = 0;
  return interleave(ROUNDS, [
    () => lines.forEach((l) => (sink += annotateLine(l).length)),
    () => lines.forEach((l) => (sink += l.split(/[\s,:=]+/).length)),
  ]).then(([annotate, split]) => {
    const perS = (ms: number[]) => ms.map((m) => CONSOLE_LINES / (m / 1000) / 1000);
    figure('diagnose', 'annotateLine (Node), console lines', perS(annotate!), 'k lines/s', null);
    figure('diagnose', 'plain regex split of the same lines (Node)', perS(split!), 'k lines/s', null);
    figure('diagnose', 'time annotate / split', ratios(annotate!, split!), 'x', null);
    if (sink < 0) console.log(sink); // keeps the loops from being optimised away
  });
}

/** About `bytes` of log lines, a third of them carrying one of 45 different mbedTLS codes. */
function codesPaste(bytes: number): string {
  const lines: string[] = [];
  for (let h = 0x2000; h < 0x8000 && lines.length < 90; h += 0x80) {
    const line = `[00:00:0${lines.length % 10}.000,000] <err> app: mbedtls_ssl_handshake returned -0x${(h + 0x10).toString(16)}`;
    if (decode(`${line}\n`).length === 1) lines.push(line, ORDINARY_LINES[lines.length % ORDINARY_LINES.length]!);
  }
  return repeatToBytes(lines.join('\n'), bytes);
}

type DecodeWindow = { longestMs: number; longTasks: number; firstPageMs: number };

/** The Decode box of the built app: paste through the clipboard, wait for the first page of cards. */
export async function decodePaste(): Promise<void> {
  const root = join(here, '..');
  const text = codesPaste(200 * 1024);
  const app = {
    root,
    configFile: join(root, 'vite.config.ts'),
    context: { permissions: ['clipboard-read', 'clipboard-write'] },
  };
  const samples = await withBenchPage(app, async (page, url) => {
    await page.goto(`${url}#/diagnose`);
    await page.waitForSelector('#decode-input');
    await page.evaluate(() => {
      const w = window as unknown as { tasks: { start: number; ms: number }[] };
      w.tasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.tasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask' });
    });
    const out: DecodeWindow[] = [];
    // One warm-up round (the worker and its code tables load on first use), then MIN_SAMPLES measured.
    for (let round = 0; round <= MIN_SAMPLES; round++) {
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await page.focus('#decode-input');
      const t0 = await page.evaluate(() => performance.now());
      await page.keyboard.press('ControlOrMeta+V');
      await page.waitForFunction(
        () => document.querySelectorAll('#decode section[aria-label="Decoded codes"] article').length === 20,
        null,
        { polling: 250, timeout: 120_000 },
      );
      const w = await page.evaluate((from) => {
        const t1 = performance.now();
        const tasks = (window as unknown as { tasks: { start: number; ms: number }[] }).tasks.filter(
          (x) => x.start + x.ms >= from && x.start <= t1,
        );
        return { longestMs: Math.max(0, ...tasks.map((x) => x.ms)), longTasks: tasks.length, firstPageMs: t1 - from };
      }, t0);
      if (round > 0) out.push(w);
      await page.click('#decode [aria-label="Pasted text"] button');
      await page.waitForSelector('#decode-input');
    }
    return out;
  });
  console.log(
    `decode paste: ${(text.length / 1024).toFixed(0)} kB, ${text.split('\n').length} lines, the app's Decode box`,
  );
  figure(
    'diagnose',
    'decode 200 kB paste: longest main-thread task',
    samples.map((s) => s.longestMs),
    'ms',
    {
      op: '<=',
      value: 50,
      of: 'all',
    },
  );
  figure(
    'diagnose',
    'decode 200 kB paste: long tasks (> 50 ms)',
    samples.map((s) => s.longTasks),
    '',
    null,
  );
  figure(
    'diagnose',
    'decode 200 kB paste: paste to first page shown',
    samples.map((s) => s.firstPageMs),
    'ms',
    null,
  );
}

export default async function diagnoseBench(): Promise<void> {
  await decodePaste();
  await logDecoding();
  await consoleAnnotation();
}
