// Layer: diagnostics. parseLog(): a whole log (a File/Blob, or pasted text) -> Result<Timeline>. Streams the input
// through createLogParser in pieces of at most 256 KB with progress (a Blob is read in slices of up to 16 MB, the
// next while one is parsed: at most two slices are held, never the whole of a longer log), and runs in the crypto
// worker (src/workers/crypto-api.ts parseLog; the page calls CryptoClient.parseLog). Between pieces it checks the
// signal and gives the event loop a turn, so a cancel message reaches it mid-log. Never throws.
import { err, ok, type CodedError, type Result } from '../../lib/result.ts';
import { Yielder } from '../../lib/yield.ts';
import { createLogParser } from './parser.ts';
import type { Timeline } from './timeline.ts';

/** Codes share the crypto worker's words so its API can expose parseLog unchanged. */
export type LogErrorCode = 'empty-input' | 'too-large' | 'unrecognised-input' | 'aborted' | 'internal';
export type LogError = CodedError<LogErrorCode>;

export const LOG_LIMIT_BYTES = 64 * 1024 * 1024;
const PIECE = 256 * 1024;
const READ = 16 * 1024 * 1024;

export interface ParseLogOptions {
  /** bytes (or characters for text) done and total */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

const aborted = (): Result<never, LogError> => err({ code: 'aborted', message: 'Reading the log was cancelled.' });

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros++;
  return zeros > 0 && zeros >= sample.length / 100;
}

export async function parseLog(
  input: Blob | string,
  options: ParseLogOptions = {},
): Promise<Result<Timeline, LogError>> {
  const { onProgress, signal } = options;
  try {
    const total = typeof input === 'string' ? input.length : input.size;
    if (total === 0) return err({ code: 'empty-input', message: 'The log is empty: paste a log or drop a log file.' });
    if (total > LOG_LIMIT_BYTES) {
      return err({
        code: 'too-large',
        message: `The log is ${(total / 1048576).toFixed(1)} MB; KeyWire reads logs up to 64 MB. Cut it to the connection attempts that matter.`,
      });
    }
    const parser = createLogParser();
    const turn = new Yielder();
    if (typeof input === 'string') {
      for (let at = 0; at < input.length; at += PIECE) {
        await turn.maybe();
        if (signal?.aborted) return aborted();
        parser.push(input.slice(at, at + PIECE));
        onProgress?.(Math.min(at + PIECE, input.length), input.length);
      }
    } else {
      // The Blob is read in slices of up to READ bytes, the next one while this one is parsed: a log of up to 16 MB
      // in one read (each read is a round trip to the browser's blob store, which cost as much as the parse when
      // it came in 256 KB slices), a longer one never held whole. Each slice is decoded and parsed in pieces of at
      // most PIECE bytes, so progress, the cancel check and the event loop's turns come as often as before.
      const decoder = new TextDecoder('utf-8');
      const read = (at: number) => {
        const slice = input.slice(at, at + READ).arrayBuffer();
        slice.catch(() => {}); // one abandoned on cancel must not surface as unhandled
        return slice;
      };
      let next = read(0);
      for (let from = 0; from < total; from += READ) {
        const bytes = new Uint8Array(await next);
        if (from + READ < total) next = read(from + READ);
        if (from === 0 && looksBinary(bytes)) {
          return err({
            code: 'unrecognised-input',
            message:
              'This file is not a text log (it contains binary data). Save the terminal output as text and try again.',
          });
        }
        for (let at = 0; at < bytes.length; at += PIECE) {
          await turn.maybe();
          if (signal?.aborted) return aborted();
          const end = Math.min(at + PIECE, bytes.length);
          parser.push(decoder.decode(bytes.subarray(at, end), { stream: from + end < total }));
          onProgress?.(Math.min(from + end, total), total);
        }
      }
    }
    if (signal?.aborted) return aborted();
    return ok(parser.finish());
  } catch (e) {
    return err({
      code: 'internal',
      message: `Reading the log failed (${e instanceof Error ? e.message : String(e)}).`,
    });
  }
}
