// Layer: diagnostics. decodeListing(): what the Decode box shows for any paste, from one code to a few megabytes
// of log, computed where it runs (the crypto worker) and sent as a compact listing: one entry per distinct code
// (kind, canonical form, name) with how often and on which line it was first seen, and the first reading as JSON
// text that the page parses only when it shows that entry. Lines are read with the same recognizers as `decode`
// (a whole input that is one bare number or alert gets every plausible reading); between lines the work checks
// the signal and gives the event loop a turn, so a cancel reaches it mid-paste. Never throws.
import { err, ok, type CodedError, type Result } from '../../lib/result.ts';
import { Yielder } from '../../lib/yield.ts';
import type { Decoded } from '../types.ts';
import { decode, DECODE_MAX_CHARS } from './decode.ts';
import { scanLine } from './scan.ts';

export type DecodeListingErrorCode = 'too-large' | 'aborted' | 'internal';
export type DecodeListingError = CodedError<DecodeListingErrorCode>;

/** What the Decode box reads at most: bigger text is a log, and the log timeline reads logs up to 64 MB. */
export const LISTING_MAX_CHARS = 4 * 1024 * 1024;
/** Distinct codes listed at most; further distinct codes are counted, not listed. */
export const LISTING_MAX_DISTINCT = 2000;

export interface DecodeListing {
  /** The first reading of each distinct code as JSON text (a `Decoded`), in the order first seen. */
  readonly entries: readonly string[];
  /** `counts[i]`: how many times entry i was read in the input. */
  readonly counts: readonly number[];
  /** `lines[i]`: the 1-based line where entry i was first read. */
  readonly lines: readonly number[];
  /** Every code read, listed or not. */
  readonly codes: number;
  readonly lineCount: number;
  readonly chars: number;
  /** Distinct codes past LISTING_MAX_DISTINCT, and how often they were read. */
  readonly unlisted: { readonly distinct: number; readonly codes: number };
}

export interface DecodeListingOptions {
  /** characters done and total */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** How often progress is reported at most (ms). */
  readonly progressEveryMs?: number;
}

/** The same code read twice is one entry: its kind, canonical form and name say which code it is. */
export const entryKey = (d: Decoded): string => `${d.kind}\u0000${d.canonical}\u0000${d.name}`;

const aborted = (): Result<never, DecodeListingError> => err({ code: 'aborted', message: 'Decoding was cancelled.' });

class Collector {
  readonly entries: string[] = [];
  readonly counts: number[] = [];
  readonly lines: number[] = [];
  readonly #index = new Map<string, number>();
  readonly #unlisted = new Set<string>();
  codes = 0;
  unlistedCodes = 0;

  add(d: Decoded, line: number): void {
    this.codes++;
    const key = entryKey(d);
    const at = this.#index.get(key);
    if (at !== undefined) {
      this.counts[at]!++;
      return;
    }
    if (this.entries.length >= LISTING_MAX_DISTINCT) {
      this.#unlisted.add(key);
      this.unlistedCodes++;
      return;
    }
    this.#index.set(key, this.entries.length);
    this.entries.push(JSON.stringify(d));
    this.counts.push(1);
    this.lines.push(line);
  }

  get unlistedDistinct(): number {
    return this.#unlisted.size;
  }
}

export async function decodeListing(
  input: string,
  options: DecodeListingOptions = {},
): Promise<Result<DecodeListing, DecodeListingError>> {
  const { onProgress, signal, progressEveryMs = 50 } = options;
  try {
    if (input.length > LISTING_MAX_CHARS) {
      return err({
        code: 'too-large',
        message: `The text is ${(input.length / 1048576).toFixed(1)} MB; the Decode box reads up to ${LISTING_MAX_CHARS / 1048576} MB`,
      });
    }
    const c = new Collector();
    const total = input.length;
    let lineCount = 0;
    const trimmed = input.trim();
    if (trimmed !== '' && !trimmed.includes('\n') && total <= DECODE_MAX_CHARS) {
      // One line (or one bare number or alert, which gets every plausible reading): exactly what decode() says.
      const line = input.slice(0, input.indexOf(trimmed)).split('\n').length;
      for (const d of decode(input)) c.add(d, line);
      lineCount = input.split('\n').length;
    } else if (trimmed !== '') {
      const turn = new Yielder();
      let lastReport = performance.now();
      let at = 0;
      while (at <= total) {
        await turn.maybe();
        if (signal?.aborted) return aborted();
        const end = input.indexOf('\n', at);
        const stop = end === -1 ? total : end;
        lineCount++;
        for (const d of scanLine(input.slice(at, stop), at, false)) c.add(d, lineCount);
        at = stop + 1;
        if (onProgress && performance.now() - lastReport >= progressEveryMs) {
          lastReport = performance.now();
          onProgress(Math.min(at, total), total);
        }
      }
    }
    onProgress?.(total, total);
    return ok({
      entries: c.entries,
      counts: c.counts,
      lines: c.lines,
      codes: c.codes,
      lineCount,
      chars: total,
      unlisted: { distinct: c.unlistedDistinct, codes: c.unlistedCodes },
    });
  } catch (e) {
    return err({
      code: 'internal',
      message: `Decoding failed unexpectedly (${e instanceof Error ? e.message : String(e)})`,
    });
  }
}
