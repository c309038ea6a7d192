import { describe, expect, it } from 'vitest';
import { err, ok } from '../../lib/result.ts';
import { createLogParser } from '../../diagnose/index.ts';
import { DecodeState, DECODE_BOX_LIMIT } from './decode-state.svelte.ts';
import { TimelineState, type ParseLog } from './timeline-state.svelte.ts';

describe('DecodeState', () => {
  it('decodes as the input changes and says when nothing matched', () => {
    const s = new DecodeState();
    expect(s.results).toEqual([]);
    s.set('0xc680');
    expect(s.results[0]?.name).toBe('MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE');
    s.set('nothing here');
    expect(s.nothingFound).toBe(true);
    s.clear();
    expect(s.nothingFound).toBe(false);
  });

  it('cuts a whole log pasted into the box and says so', () => {
    const s = new DecodeState();
    s.set(`${'x'.repeat(DECODE_BOX_LIMIT)}\nTLS handshake error: -0x7780`);
    expect(s.tooLong).toBe(true);
    expect(s.results).toEqual([]);
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
