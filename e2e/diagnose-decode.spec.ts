// Decode and Inspect with large pastes (issue 13 item 4): 20 kB and 200 kB of codes pasted into Decode, and a
// 3000-certificate bundle pasted into Inspect, are read in the crypto worker and shown a page at a time with the
// right counts; paging works; and the page records no main-thread long task (> 50 ms) from the paste until the first
// page is shown. The paste goes through the real clipboard (Ctrl+V), as a user's does.
import { expect, test, type Page } from './fixtures/test.ts';
import { decode } from '../src/diagnose/decode/decode.ts';
import { entryKey } from '../src/diagnose/decode/listing.ts';
import { KIND_LABEL } from '../src/diagnose/decode/kind-label.ts';
import type { Decoded } from '../src/diagnose/types.ts';
import { OpensslLab } from '../src/pki/openssl-fixtures.ts';

interface CodeLine {
  readonly line: string;
  readonly reading: Decoded;
}

/** Log lines that each carry exactly one code, all different (the decoder in Node says which), and a quiet line. */
function codeLines(n: number): CodeLine[] {
  const candidates = [
    'TLS handshake error: -0x7780',
    '+CME ERROR: 518',
    'I (1234) esp-tls-mbedtls: esp_tls_stack_err=9984',
    '<err> net_sock_tls: TLS handshake error: -0x2700',
    '+CME ERROR: 514',
  ];
  for (let h = 0x2000; h < 0x8000; h += 0x80)
    for (let l = 0; l < 0x80; l += 0x10) candidates.push(`mbedtls_ssl_handshake returned -0x${(h + l).toString(16)}`);
  const out: CodeLine[] = [];
  const keys = new Set<string>();
  for (const line of candidates) {
    const r = decode(`${line}\n`);
    if (r.length !== 1 || keys.has(entryKey(r[0]!))) continue;
    keys.add(entryKey(r[0]!));
    out.push({ line, reading: r[0]! });
    if (out.length === n) break;
  }
  return out;
}

const QUIET = '[00:00:01.000,000] <inf> app: connecting to the broker';
const DISTINCT = 45;

/** Whole blocks of the code lines (each followed by a quiet line) up to about `bytes`. */
function paste(lines: readonly CodeLine[], bytes: number): { text: string; blocks: number } {
  const block = `${lines.map((l) => `${l.line}\n${QUIET}`).join('\n')}\n`;
  const blocks = Math.round(bytes / block.length);
  return { text: block.repeat(blocks), blocks };
}

const decodePanel = (page: Page) => page.getByRole('region', { name: 'Decode a code or log line' });
const codes = (page: Page) => decodePanel(page).getByRole('region', { name: 'Decoded codes' });

interface Recorded {
  longTasks: { start: number; ms: number }[];
  frames: { start: number; end: number; scripts: string[] }[];
}

/**
 * Records the page's long tasks (the Long Tasks API: > 50 ms) and, to say whose they are when one shows up, the
 * scripts of each long animation frame.
 */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { recorded: Recorded };
    w.recorded = { longTasks: [], frames: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.recorded.longTasks.push({ start: e.startTime, ms: Math.round(e.duration) });
    }).observe({ type: 'longtask' });
    type Frame = PerformanceEntry & {
      scripts: { invoker: string; sourceURL: string; sourceFunctionName: string; duration: number }[];
    };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Frame[])
        w.recorded.frames.push({
          start: e.startTime,
          end: e.startTime + e.duration,
          scripts: e.scripts.map(
            (x) => `${x.invoker} ${x.sourceFunctionName} ${x.sourceURL.split('/').pop()} ${Math.round(x.duration)} ms`,
          ),
        });
    }).observe({ type: 'long-animation-frame' });
  });
}

const now = (page: Page) => page.evaluate(() => performance.now());

/** The long tasks between two marks, each with the scripts of the frame it fell in. */
async function longTasksBetween(page: Page, from: number, to: number): Promise<string[]> {
  const r = await page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded);
  return r.longTasks
    .filter((t) => t.start + t.ms >= from && t.start <= to)
    .map((t) => {
      const frame = r.frames.find((f) => f.start <= t.start + 1 && f.end >= t.start + t.ms - 1);
      return `${t.ms} ms at +${Math.round(t.start - from)} ms (${frame?.scripts.join('; ') || 'no script'})`;
    });
}

/** Puts `text` on the clipboard (before the measured window), focuses `box` and pastes with the keyboard. */
async function pasteInto(page: Page, selector: string, text: string): Promise<number> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus(selector);
  const t0 = await now(page);
  await page.keyboard.press('ControlOrMeta+V');
  return t0;
}

// Cheap waits: plain CSS, polled slowly, so the test's own lookups are not the long tasks it looks for.
const cheap = { polling: 250, timeout: 60_000 };

// No trace: its DOM snapshots after each action run in the page, and would be long tasks of the test's own making.
test.use({ permissions: ['clipboard-read', 'clipboard-write'], trace: 'off' });

test.beforeEach(async ({ page }) => {
  await page.goto('/#/diagnose');
  await expect(page.getByRole('heading', { level: 1, name: 'Diagnose' })).toBeVisible();
  // The worker (and its code tables) loads on first use: warm it so the window measures the paste, not the load.
  await decodePanel(page).getByRole('button', { name: '0xc680' }).click();
  await expect(decodePanel(page).getByRole('article', { name: 'mbedTLS -0x3980' })).toBeVisible();
  await decodePanel(page).getByRole('button', { name: 'Clear' }).click();
  await watchLongTasks(page);
});

for (const size of [20_000, 200_000]) {
  test(`${size / 1000} kB of codes pasted: the first page and the counts are right, paging works, no long task`, async ({
    page,
  }) => {
    const lines = codeLines(DISTINCT);
    expect(lines).toHaveLength(DISTINCT);
    const { text, blocks } = paste(lines, size);
    const t0 = await pasteInto(page, '#decode-input', text);
    await page.waitForFunction(
      () => document.querySelectorAll('#decode section[aria-label="Decoded codes"] article').length === 20,
      null,
      cheap,
    );
    const t1 = await now(page);
    const summary = decodePanel(page).locator('p.summary');
    await expect(summary).toHaveAttribute('data-codes', String(DISTINCT * blocks));
    await expect(summary).toHaveAttribute('data-distinct', String(DISTINCT));
    await expect(summary).toContainText(`${(DISTINCT * blocks).toLocaleString('en')} codes read in`);
    if (size > 50_000) {
      await expect(decodePanel(page).getByRole('group', { name: 'Pasted text' })).toContainText(
        `${Math.round(text.length / 1024)} kB pasted`,
      );
      await expect(page.locator('#decode-input')).toHaveCount(0);
    } else {
      await expect(page.locator('#decode-input')).toHaveValue(text);
    }

    const cards = codes(page).locator('article');
    const expectPage = async (from: number, to: number) => {
      await expect(cards).toHaveCount(to - from);
      const labels = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(labels).toEqual(lines.slice(from, to).map((l) => `${KIND_LABEL[l.reading.kind]} ${l.reading.canonical}`));
      const counts = await cards.evaluateAll((els) => els.map((e) => e.querySelector('[data-count]')?.textContent));
      expect(counts).toEqual(
        lines.slice(from, to).map((_, i) => `read ${blocks} times, first on line ${2 * (from + i) + 1}`),
      );
    };
    await expectPage(0, 20);
    // Soft: the counts and paging below are checked even when a long task is found.
    expect.soft(await longTasksBetween(page, t0, t1), 'long tasks from the paste to the first page').toEqual([]);

    const pages = codes(page).getByRole('navigation', { name: 'Decoded codes pages' });
    await expect(pages).toContainText('Page 1 of 3');
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(pages).toContainText('Page 2 of 3');
    await expectPage(20, 40);
    await pages.getByRole('button', { name: 'Next' }).click();
    await expectPage(40, DISTINCT);
    await expect(pages.getByRole('button', { name: 'Next' })).toBeDisabled();
    await pages.getByRole('button', { name: 'Previous' }).click();
    await expectPage(20, 40);

    await decodePanel(page).getByRole('button', { name: 'Clear' }).first().click();
    await expect(page.locator('#decode-input')).toHaveValue('');
    await expect(cards).toHaveCount(0);
  });
}

test('a bundle of 3000 certificates pasted into Inspect: the first page and the count are right, paging works, no long task', async ({
  page,
}) => {
  const lab = new OpensslLab();
  try {
    const root = lab.root('Paste Root');
    const leaf = lab.issue('paste-leaf', root);
    const bundle = `${leaf.pem}${root.pem}`.repeat(1500);
    const inspect = page.getByRole('region', { name: 'Inspect certificates, CSRs and board output' });
    const t0 = await pasteInto(page, '#inspect-input', bundle);
    await page.waitForFunction(() => document.querySelectorAll('#inspect article').length === 20, null, cheap);
    const t1 = await now(page);
    // Soft: the counts and paging below are checked even when a long task is found.
    expect.soft(await longTasksBetween(page, t0, t1), 'long tasks from the paste to the first page').toEqual([]);

    await expect(inspect.getByRole('group', { name: 'Pasted text' })).toContainText(
      `${Math.round(bundle.length / 1024).toLocaleString('en')} kB pasted`,
    );
    await expect(page.locator('#inspect-input')).toHaveCount(0);
    const results = inspect.getByRole('region', { name: 'Inspection results' });
    await expect(results.getByRole('status').first()).toContainText('3,000 objects in pasted text.');
    const cards = results.locator('article[data-kind="certificate"]');
    const subjects = () =>
      cards.evaluateAll((els) => els.map((e) => e.querySelector('[data-row="subject"] dd')?.textContent));
    const expected = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'CN=Paste Root' : 'CN=paste-leaf'));
    expect(await subjects()).toEqual(expected);
    // Chain diagrams come a page at a time too, never all at once.
    const diagrams = results.getByRole('group', { name: /^Chain diagram/ });
    expect(await diagrams.count()).toBeLessThanOrEqual(5);
    expect(await diagrams.count()).toBeGreaterThan(0);

    const pages = results.getByRole('navigation', { name: 'Objects pages' });
    await expect(pages).toContainText('Page 1 of 150');
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(pages).toContainText('Page 2 of 150');
    await expect(results.getByText('Objects 21–40 of 3,000')).toBeVisible();
    await expect(cards).toHaveCount(20);
    expect(await subjects()).toEqual(expected);
    await pages.getByRole('button', { name: 'Previous' }).click();
    await expect(pages).toContainText('Page 1 of 150');

    await inspect.getByRole('group', { name: 'Pasted text' }).getByRole('button', { name: 'Clear' }).click();
    await expect(page.locator('#inspect-input')).toHaveValue('');
    await expect(results).toHaveCount(0);
  } finally {
    lab.cleanup();
  }
});
