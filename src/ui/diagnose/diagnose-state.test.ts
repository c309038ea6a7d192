import { describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../lib/result.ts';
import { createLogParser } from '../../diagnose/index.ts';
import { decode } from '../../diagnose/decode/decode.ts';
import { decodeListing } from '../../diagnose/decode/listing.ts';
import {
  DECODE_PAGE,
  DECODE_RENDER_STEP,
  DecodeState,
  LARGE_PASTE,
  PROGRESS_AFTER_MS,
  type DecodeText,
} from './decode-state.svelte.ts';
import { TimelineState, type ParseLog } from './timeline-state.svelte.ts';

/** The worker's own code, called directly (the unit project has no worker): the same listing the page receives. */
const direct: DecodeText = (text, options) => decodeListing(text, options);

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

/** Log lines carrying `n` distinct mbedTLS codes, each once. */
function distinctCodes(n: number): string {
  const lines: string[] = [];
  for (let h = 0x1000; h < 0x8000 && lines.length < n; h += 0x80)
    for (let l = 0x02; l < 0x80 && lines.length < n; l += 2) {
      const line = `mbedtls_ssl_handshake returned -0x${(h + l).toString(16)}`;
      if (decode(line).length === 1) lines.push(line);
    }
  return lines.join('\n');
}

describe('DecodeState', () => {
  it('decodes an example at once, and says when nothing matched', async () => {
    const s = new DecodeState(direct);
    expect(s.items).toEqual([]);
    await s.choose('0xc680');
    expect(s.status).toBe('done');
    await s.pager.revealed();
    expect(s.items[0]?.decoded.name).toBe('MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE');
    await s.choose('nothing here');
    expect(s.nothingFound).toBe(true);
    s.clear();
    expect(s.nothingFound).toBe(false);
    expect(s.status).toBe('idle');
  });

  it('decodes typed text a moment after the last key, only the last text', async () => {
    const asked: string[] = [];
    const s = new DecodeState((text, o) => {
      asked.push(text);
      return direct(text, o);
    });
    s.set('-0x27');
    s.set('-0x270');
    s.set('-0x2700');
    expect(asked).toEqual([]);
    await until(() => s.status === 'done');
    expect(asked).toEqual(['-0x2700']);
    await s.pager.revealed();
    expect(s.items[0]?.decoded.canonical).toBe('-0x2700');
  });

  it('lists each code once with its count, and the report gets each distinct code', async () => {
    const s = new DecodeState(direct);
    await s.choose(Array.from({ length: 30 }, () => 'TLS handshake error: -0x7780\n+CME ERROR: 518').join('\n'));
    await s.pager.revealed();
    expect(s.items.map((i) => [i.decoded.canonical, i.count, i.line])).toEqual([
      ['-0x7780', 30, 1],
      ['+CME ERROR: 518', 30, 2],
    ]);
    expect(s.distinct).toBe(2);
    expect(s.results.map((d) => d.canonical)).toEqual(['-0x7780', '+CME ERROR: 518']);
  });

  it('holds a paste over LARGE_PASTE characters out of the box, and leaves a smaller one to the box', async () => {
    const s = new DecodeState(direct);
    expect(s.paste('TLS handshake error: -0x7780')).toBe(false);
    expect(s.held).toBe(null);
    const big = `${distinctCodes(45)}\n`.repeat(Math.ceil((LARGE_PASTE + 1) / (distinctCodes(45).length + 1)));
    expect(big.length).toBeGreaterThan(LARGE_PASTE);
    expect(s.paste(big)).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.held).toBe(big);
    expect(s.input).toBe('');
    await until(() => s.status === 'done');
    expect(s.distinct).toBe(45);
    s.clear();
    expect(s.held).toBe(null);
    expect(s.listing).toBe(null);
  });

  it('shows 20 codes a page, built a few per task, and pages forward and back', async () => {
    const s = new DecodeState(direct);
    await s.choose(distinctCodes(45));
    expect(s.pager.pages).toBe(3);
    // Built in later tasks, DECODE_RENDER_STEP a task, not in the task that brought the answer.
    expect(s.items.length).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.items.length).toBe(DECODE_RENDER_STEP);
    await s.pager.revealed();
    expect(s.items.map((i) => i.index)).toEqual(Array.from({ length: DECODE_PAGE }, (_, i) => i));
    s.pager.goTo(2);
    await s.pager.revealed();
    expect(s.items.map((i) => i.index)).toEqual([40, 41, 42, 43, 44]);
    expect(s.items[0]?.line).toBe(41);
    s.pager.goTo(0);
    await s.pager.revealed();
    expect(s.items[0]?.index).toBe(0);
  });

  it('shows progress and Cancel only after a second, and Cancel stops the work and says so', async () => {
    vi.useFakeTimers();
    try {
      let progress: ((d: number, t: number) => void) | undefined;
      const s = new DecodeState(
        (_text, o) =>
          new Promise((resolve) => {
            progress = o?.onProgress;
            o?.signal?.addEventListener('abort', () => resolve(err({ code: 'aborted', message: 'x' })));
          }),
      );
      const run = s.choose('-0x7780');
      expect(s.decoding).toBe(true);
      progress?.(1, 4);
      expect(s.progress).toBe(0.25);
      vi.advanceTimersByTime(PROGRESS_AFTER_MS - 1);
      expect(s.slow).toBe(false);
      vi.advanceTimersByTime(1);
      expect(s.slow).toBe(true);
      s.cancel();
      await run;
      expect(s.status).toBe('failed');
      expect(s.error).toBe('Decoding stopped.');
      expect(s.slow).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says what to do with text over the limit', async () => {
    const s = new DecodeState(async () =>
      err({ code: 'too-large', message: 'The text is 5.0 MB; the Decode box reads up to 4 MB' }),
    );
    await s.choose('x');
    expect(s.error).toBe(
      'The text is 5.0 MB; the Decode box reads up to 4 MB. For a whole log, use Log timeline below.',
    );
  });
});

const timelineOf = (text: string) => {
  const p = createLogParser();
  p.push(text);
  return p.finish();
};

describe('TimelineState', () => {
  it('reads pasted text, reports progress and keeps the timeline', async () => {
    const seen: number[] = [];
    const parse: ParseLog = async (input, options) => {
      options?.onProgress?.(1, 2);
      seen.push(1);
      return ok(timelineOf(String(input)));
    };
    const s = new TimelineState(parse);
    s.pasted = '[00:00:01.000,000] <err> net_sock_tls: TLS handshake error: -0x7780';
    const reading = s.readPasted();
    expect(s.status).toBe('reading');
    await reading;
    expect(seen).toEqual([1]);
    expect(s.progress).toBe(0.5);
    expect(s.status).toBe('done');
    expect(s.timeline?.diagnosis.title).toContain('-0x7780');
    expect(s.source).toBe('pasted log');
  });

  it('cancels a read in progress through the signal and says so', async () => {
    const parse: ParseLog = (_input, options) =>
      new Promise((resolve) =>
        options?.signal?.addEventListener('abort', () => resolve(err({ code: 'aborted', message: 'x' }))),
      );
    const s = new TimelineState(parse);
    const reading = s.readFile(new File(['a'], 'board.log'));
    expect(s.reading).toBe(true);
    s.cancel();
    await reading;
    expect(s.status).toBe('failed');
    expect(s.error).toBe('Reading stopped. Nothing was changed.');
    expect(s.timeline).toBeNull();
  });

  it('shows a plain-language message for an empty log and keeps the worker message for binary files', async () => {
    const s = new TimelineState(async () => err({ code: 'empty-input', message: 'empty' }));
    await s.readPasted();
    expect(s.error).toMatch(/empty\. Paste the board output/);
    const b = new TimelineState(async () =>
      err({ code: 'unrecognised-input', message: 'This file is not a text log.' }),
    );
    await b.readFile(new File([new Uint8Array([0, 1])], 'x.bin'));
    expect(b.error).toBe('This file is not a text log.');
  });

  it('lets the latest read win when a second one starts', async () => {
    const resolvers: ((v: Awaited<ReturnType<ParseLog>>) => void)[] = [];
    const parse: ParseLog = () => new Promise((resolve) => resolvers.push(resolve));
    const s = new TimelineState(parse);
    const first = s.readFile(new File(['a'], 'first.log'));
    const second = s.readFile(new File(['b'], 'second.log'));
    resolvers[1]?.(ok(timelineOf('+CME ERROR: 518')));
    resolvers[0]?.(ok(timelineOf('+CME ERROR: 513')));
    await Promise.all([first, second]);
    expect(s.source).toBe('second.log');
    expect(s.timeline?.diagnosis.title).toContain('518');
  });

  it('reset during a read cancels it and stays idle when the cancelled answer arrives', async () => {
    let aborted = false;
    const parse: ParseLog = (_input, options) =>
      new Promise((resolve) =>
        options?.signal?.addEventListener('abort', () => {
          aborted = true;
          resolve(err({ code: 'aborted', message: 'x' }));
        }),
      );
    const s = new TimelineState(parse);
    const reading = s.readFile(new File(['a'], 'board.log'));
    s.reset();
    await reading;
    expect(aborted).toBe(true);
    expect(s.status).toBe('idle');
    expect(s.error).toBe('');
  });

  it('says the reader stopped when the worker crashed, and to try again', async () => {
    const s = new TimelineState(async () => err({ code: 'worker-crashed', message: 'the crypto worker failed' }));
    await s.readPasted();
    expect(s.status).toBe('failed');
    expect(s.error).toBe(
      'The log reader stopped (the crypto worker failed). Try again; if it repeats, reload the page.',
    );
  });
});
