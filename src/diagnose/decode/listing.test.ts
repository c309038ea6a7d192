import { describe, expect, it } from 'vitest';
import type { Decoded } from '../types.ts';
import { decode } from './decode.ts';
import { decodeListing, entryKey, LISTING_MAX_CHARS, LISTING_MAX_DISTINCT } from './listing.ts';

const LINES = [
  '[00:00:01.000,000] <err> net_sock_tls: TLS handshake error: -0x7780',
  'I (1234) esp-tls-mbedtls: esp_tls_stack_err=9984',
  'AT%CMNG=0,16842753,0,"x"',
  '+CME ERROR: 518',
  'uart:~$ nothing to read here',
  'mbedtls_ssl_handshake returned -0x2700',
  '! x509 verify flags 0x00000008 and then -0x7780 again',
];

/** decode() grouped by code in the order first seen: the reference the listing must agree with. */
function grouped(text: string): { key: string; count: number; first: Decoded }[] {
  const out = new Map<string, { key: string; count: number; first: Decoded }>();
  for (const d of decode(text)) {
    const g = out.get(entryKey(d));
    if (g) g.count++;
    else out.set(entryKey(d), { key: entryKey(d), count: 1, first: d });
  }
  return [...out.values()];
}

const listing = async (text: string) => {
  const r = await decodeListing(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('decodeListing', () => {
  it('lists each code once, with how often and on which line it was first read, as decode() reads them', async () => {
    const text = Array.from({ length: 40 }, () => LINES.join('\n')).join('\n');
    const l = await listing(text);
    const ref = grouped(text);
    expect(ref.length).toBeGreaterThan(3);
    expect(l.entries.map((e) => entryKey(JSON.parse(e) as Decoded))).toEqual(ref.map((g) => g.key));
    expect(l.counts).toEqual(ref.map((g) => g.count));
    expect(l.entries.map((e) => JSON.parse(e))).toEqual(ref.map((g) => g.first));
    expect(l.codes).toBe(decode(text).length);
    // -0x7780 is on line 1 and again on line 7 of each block: one entry, read 80 times.
    const alert = l.entries.findIndex((e) => (JSON.parse(e) as Decoded).canonical === '-0x7780');
    expect(l.counts[alert]).toBe(80);
    expect(l.lines[alert]).toBe(1);
    expect(l.lines[l.entries.findIndex((e) => (JSON.parse(e) as Decoded).kind === 'nrf-cme')]).toBe(4);
    expect(l.lineCount).toBe(40 * LINES.length);
    expect(l.chars).toBe(text.length);
  });

  it('gives a bare number every plausible reading, as decode() does', async () => {
    for (const bare of ['-116', '  0xc680\n', '[2:48]', '9984']) {
      const l = await listing(bare);
      expect(l.entries.map((e) => JSON.parse(e))).toEqual(decode(bare));
      expect(l.counts.every((n) => n === 1)).toBe(true);
    }
    expect((await listing('-116')).entries.length).toBeGreaterThan(1);
  });

  it('reads past the 200,000 characters decode() stops at, counting every code', async () => {
    const block = `${LINES.join('\n')}\n`;
    const text = block.repeat(Math.ceil(300_000 / block.length));
    const l = await listing(text);
    const perBlock = grouped(block);
    const blocks = text.length / block.length;
    expect(l.counts).toEqual(perBlock.map((g) => g.count * blocks));
    expect(l.lineCount).toBe(blocks * LINES.length + 1);
  });

  it('reports progress and ends at the total', async () => {
    const text = `${LINES.join('\n')}\n`.repeat(500);
    const seen: [number, number][] = [];
    const r = await decodeListing(text, { onProgress: (d, t) => seen.push([d, t]), progressEveryMs: 0 });
    expect(r.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toEqual([text.length, text.length]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
  });

  it('stops when cancelled, between lines', async () => {
    const text = `${LINES.join('\n')}\n`.repeat(2000);
    const controller = new AbortController();
    let reports = 0;
    const r = await decodeListing(text, {
      signal: controller.signal,
      progressEveryMs: 0,
      onProgress: () => {
        if (++reports === 3) controller.abort();
      },
    });
    expect(r).toEqual({ ok: false, error: { code: 'aborted', message: 'Decoding was cancelled.' } });
    expect(reports).toBe(3);
  });

  it('refuses text over its limit with the size named', async () => {
    const r = await decodeListing('x'.repeat(LISTING_MAX_CHARS + 1));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('too-large');
      expect(r.error.message).toContain('4.0 MB');
    }
  });

  it('lists at most LISTING_MAX_DISTINCT codes and counts the rest', async () => {
    const lines: string[] = [];
    for (let h = 0x1000; h < 0x8000; h += 0x80)
      for (let l = 0x02; l < 0x80; l += 2) lines.push(`mbedtls_ssl_handshake returned -0x${(h + l).toString(16)}`);
    const text = lines.slice(0, 4000).join('\n');
    const ref = grouped(text);
    expect(ref.length).toBeGreaterThan(LISTING_MAX_DISTINCT);
    const l = await listing(text);
    expect(l.entries).toHaveLength(LISTING_MAX_DISTINCT);
    expect(l.unlisted.distinct).toBe(ref.length - LISTING_MAX_DISTINCT);
    expect(l.unlisted.codes).toBe(ref.slice(LISTING_MAX_DISTINCT).reduce((n, g) => n + g.count, 0));
    expect(l.codes).toBe(decode(text).length);
  });

  it('answers an empty listing for blank input', async () => {
    const l = await listing(' \n\t');
    expect(l.entries).toEqual([]);
    expect(l.codes).toBe(0);
  });
});
