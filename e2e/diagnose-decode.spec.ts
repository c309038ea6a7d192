// Decode and Inspect with large pastes (issue 13 item 4): 20 kB and 200 kB of codes pasted into Decode, and a
// 3000-certificate bundle pasted into Inspect, are read in the crypto worker and shown a page at a time with the
// right counts; paging works. The paste goes through the real clipboard (Ctrl+V), as a user's does. How long the
// main thread is blocked meanwhile is a timing, so it is a benchmark figure, not a test: `npm run bench -- diagnose`
// ("decode 200 kB paste: longest main-thread task", goal 50 ms).
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

/** Puts `text` on the clipboard, focuses the box and pastes with the keyboard. */
async function pasteInto(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus(selector);
  await page.keyboard.press('ControlOrMeta+V');
}

// Plain CSS waits, polled slowly: the page has work enough.
const cheap = { polling: 250, timeout: 60_000 };

// No trace: its DOM snapshots of thousands of cards and a 200 kB paste would dwarf the test.
test.use({ permissions: ['clipboard-read', 'clipboard-write'], trace: 'off' });

test.beforeEach(async ({ page }) => {
  await page.goto('/#/diagnose');
  await expect(page.getByRole('heading', { level: 1, name: 'Diagnose' })).toBeVisible();
  // The worker (and its code tables) loads on first use: a first decode shows it works before the big paste.
  await decodePanel(page).getByRole('button', { name: '0xc680' }).click();
  await expect(decodePanel(page).getByRole('article', { name: 'mbedTLS -0x3980' })).toBeVisible();
  await decodePanel(page).getByRole('button', { name: 'Clear' }).click();
});

for (const size of [20_000, 200_000]) {
  test(`${size / 1000} kB of codes pasted: the first page and the counts are right, paging works`, async ({ page }) => {
    const lines = codeLines(DISTINCT);
    expect(lines).toHaveLength(DISTINCT);
    const { text, blocks } = paste(lines, size);
    await pasteInto(page, '#decode-input', text);
    await page.waitForFunction(
      () => document.querySelectorAll('#decode section[aria-label="Decoded codes"] article').length === 20,
      null,
      cheap,
    );
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

test('a bundle of 3000 certificates pasted into Inspect: the first page and the count are right, paging works', async ({
  page,
}) => {
  const lab = new OpensslLab();
  try {
    const root = lab.root('Paste Root');
    const leaf = lab.issue('paste-leaf', root);
    const bundle = `${leaf.pem}${root.pem}`.repeat(1500);
    const inspect = page.getByRole('region', { name: 'Inspect certificates, CSRs and board output' });
    await pasteInto(page, '#inspect-input', bundle);
    await page.waitForFunction(() => document.querySelectorAll('#inspect article').length === 20, null, cheap);

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
