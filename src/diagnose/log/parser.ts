// Layer: diagnostics. createLogParser(): a streaming parser for device logs. push() takes chunks cut anywhere (even
// inside a line or a CRLF), finish() returns the timeline. Memory stays bounded whatever the log size: it keeps events,
// not lines, caps events per attempt, attempts kept, suites per hello, text per event and the tail (limits.ts). This
// file cuts lines and picks each line's path; attempts.ts builds the attempts from the lines' facts and seen-lines.ts
// is the fast path (the chunk scan, the remembered lines).
import type { LogSource, Timeline } from './timeline.ts';
import { classify } from './classify.ts';
import { Attempts } from './attempts.ts';
import { ChunkScan, mayMatterAlone, readLine, SeenLines } from './seen-lines.ts';
import { LIMITS } from './limits.ts';

export { LIMITS } from './limits.ts';
export { CandidateScan } from './seen-lines.ts';

/** The same test as `raw.trim() !== ''` (trim and \s share one definition of white space). */
const NOT_BLANK = /\S/;

export interface LogParser {
  push(chunk: string): void;
  finish(): Timeline;
  /** Lines and characters consumed so far (for progress). */
  readonly progress: { readonly lines: number; readonly chars: number };
}

export interface LogParserOptions {
  /**
   * Let lines that cannot matter skip the full analysis, and remember what repeated lines say (default). Off only to
   * prove both paths agree (tests).
   */
  readonly prefilter?: boolean;
}

export function createLogParser(options: LogParserOptions = {}): LogParser {
  const seen = (options.prefilter ?? true) ? new SeenLines() : null;
  const attempts = new Attempts();
  let pending = '';
  let skipping = false;
  let lastWasCr = false;
  let lineNo = 0;
  let chars = 0;
  // The last tailLines lines, as a ring (no shifting on every line of a 10 MB log).
  const tail: string[] = [];
  let tailAt = 0;
  const sources: Record<LogSource, number> = { zephyr: 0, 'esp-idf': 0, mbedtls: 0, modem: 0, plain: 0 };

  /**
   * One line. `scan`, `from`, `to`: the chunk's scan and where the line is in it, for a line taken whole from one
   * chunk; null for one carried over from the previous chunk or cut to size (tested on its own).
   */
  function line(raw: string, scan: ChunkScan | null, from: number, to: number): void {
    lineNo++;
    tail[tailAt] = raw.length > LIMITS.textChars ? `${raw.slice(0, LIMITS.textChars)}…` : raw;
    tailAt = (tailAt + 1) % LIMITS.tailLines;
    // A printable ASCII first character settles "not blank" without the regex.
    const first = raw.charCodeAt(0);
    if (!(first > 0x20 && first < 0x7f) && !NOT_BLANK.test(raw)) return;
    attempts.line = lineNo;
    if (seen === null) {
      const { parsed, secTag } = readLine(raw);
      sources[parsed.source]++;
      if (secTag !== null) attempts.secTag(secTag);
      attempts.handle(classify(parsed, attempts.inCert), parsed, raw);
      return;
    }
    // Fast path. The line that followed the last one last time? Else: inside a certificate block every line is read
    // in full; outside one, a line without any word classify() looks for is quiet (only counted).
    const inCert = attempts.inCert;
    const line =
      seen.follow(raw) ??
      (inCert || (scan ? scan.mayMatter(from, to) : mayMatterAlone(raw)) ? seen.known(raw) : seen.quiet(raw));
    if (line.read === null && !inCert) {
      sources[line.source]++;
      return;
    }
    // What the line says outside a certificate block is known with the line; inside one it is read again.
    const read = line.read ?? seen.read(raw);
    sources[read.parsed.source]++;
    if (read.secTag !== null) attempts.secTag(read.secTag);
    attempts.handle(inCert ? classify(read.parsed, true, seen.facts) : read.outside, read.parsed, raw);
  }

  function consume(text: string, final: boolean): void {
    // One scan of the whole chunk, asked line by line, finds the lines that may matter (see ChunkScan).
    const scan = seen ? new ChunkScan(text) : null;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      if (!skipping) {
        const piece = text.slice(start, nl);
        // A line is cut at lineChars wherever the chunks happen to end.
        if (pending.length + piece.length > LIMITS.lineChars)
          line((pending + piece).slice(0, LIMITS.lineChars), null, 0, 0);
        else if (pending === '') line(piece, scan, start, nl);
        else line(pending + piece, null, 0, 0);
      } else skipping = false;
      pending = '';
      start = nl + 1;
    }
    const rest = text.slice(start);
    if (!skipping) {
      pending += rest;
      if (pending.length > LIMITS.lineChars) {
        line(pending.slice(0, LIMITS.lineChars), null, 0, 0);
        pending = '';
        skipping = true;
      }
    }
    if (final && pending !== '') {
      line(pending, null, 0, 0);
      pending = '';
    }
  }

  return {
    push(chunk: string) {
      chars += chunk.length;
      // CRLF, LF and lone CR all end a line, even when a chunk boundary falls between CR and LF.
      let text = lastWasCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
      lastWasCr = text.endsWith('\r');
      if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
      consume(text, false);
    },
    finish(): Timeline {
      consume('', true);
      const part = attempts.finish(tail.length > 0);
      return {
        lines: lineNo,
        bytes: chars,
        sources,
        attempts: part.attempts,
        droppedAttempts: part.droppedAttempts,
        failedAttempts: part.failedAttempts,
        diagnosis: part.diagnosis,
        secTags: part.secTags,
        tail: part.attempts.length ? [] : [...tail.slice(tailAt), ...tail.slice(0, tailAt)],
      };
    },
    get progress() {
      return { lines: lineNo, chars };
    },
  };
}
