// Layer: diagnostics. createLogParser(): a streaming parser for device logs. push() takes chunks cut anywhere (even
// inside a line or a CRLF), finish() returns the timeline. Memory stays bounded whatever the log size: it keeps events,
// not lines, caps events per attempt, attempts kept, suites per hello, text per event and the tail.
import type { Attempt, LogSource, Timeline, TimelineEvent } from './timeline.ts';
import { lineSource, parseLine, type ParsedLine } from './line-format.ts';
import { classify, MAY_MATTER, type LineFact } from './classify.ts';
import { Memo } from './memo.ts';
import { diagnoseAttempt, diagnoseTimeline } from './diagnosis.ts';
import { decodeX509Flags } from '../decode/kinds.ts';

const SEC_TAG = /sec[_ ]?tag\D{0,12}(\d{1,10})\b/i;

/** A line taken apart, with the sec_tag its message names (pure in the line's text). */
interface ReadLine {
  readonly parsed: ParsedLine;
  readonly secTag: number | null;
}

function readLine(raw: string): ReadLine {
  const parsed = parseLine(raw);
  const tag = SEC_TAG.exec(parsed.message);
  return { parsed, secTag: tag ? Number(tag[1]) : null };
}

/** The same test as `raw.trim() !== ''` (trim and \s share one definition of white space). */
const NOT_BLANK = /\S/;

export const LIMITS = {
  /** longer lines are cut; the rest up to the newline is skipped */
  lineChars: 8_192,
  textChars: 300,
  eventsPerAttempt: 300,
  suitesPerHello: 120,
  /** attempts kept: the first ones and the most recent ones */
  firstAttempts: 3,
  lastAttempts: 17,
  tailLines: 30,
  secTags: 10,
} as const;

export interface LogParser {
  push(chunk: string): void;
  finish(): Timeline;
  /** Lines and characters consumed so far (for progress). */
  readonly progress: { readonly lines: number; readonly chars: number };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type OpenAttempt = {
  number: number;
  firstLine: number;
  lastLine: number;
  events: TimelineEvent[];
  dropped: number;
  ended: boolean;
};
type CertEvent = Extract<TimelineEvent, { kind: 'certificate' }>;
type HelloEvent = Extract<TimelineEvent, { kind: 'client-hello' }>;

export interface LogParserOptions {
  /**
   * Let lines that cannot matter skip the full analysis, and remember what repeated messages say (default). Off
   * only to prove both paths agree (tests).
   */
  readonly prefilter?: boolean;
}

export function createLogParser(options: LogParserOptions = {}): LogParser {
  const prefilter = options.prefilter ?? true;
  // What repeated lines and messages say, read once per log (the fast path only).
  const facts = prefilter ? new Memo<LineFact>() : undefined;
  const lines = prefilter ? new Memo<ReadLine>() : undefined;
  let pending = '';
  let skipping = false;
  let lastWasCr = false;
  let lineNo = 0;
  let chars = 0;
  let attemptCount = 0;
  let current: OpenAttempt | null = null;
  let cert: Mutable<CertEvent> | null = null;
  let hello: Mutable<HelloEvent> | null = null;
  const first: Attempt[] = [];
  const recent: Attempt[] = [];
  let droppedAttempts = 0;
  let failedAttempts = 0;
  // The last tailLines lines, as a ring (no shifting on every line of a 10 MB log).
  const tail: string[] = [];
  let tailAt = 0;
  const secTags = new Set<number>();
  const sources: Record<LogSource, number> = { zephyr: 0, 'esp-idf': 0, mbedtls: 0, modem: 0, plain: 0 };

  function close(): void {
    if (!current) return;
    const attempt: Attempt = {
      number: current.number,
      firstLine: current.firstLine,
      lastLine: current.lastLine,
      events: current.events,
      droppedEvents: current.dropped,
      diagnosis: diagnoseAttempt(current.events, current.number, [...secTags]),
    };
    if (attempt.diagnosis.status === 'failed') failedAttempts++;
    if (first.length < LIMITS.firstAttempts) first.push(attempt);
    else {
      recent.push(attempt);
      if (recent.length > LIMITS.lastAttempts) {
        recent.shift();
        droppedAttempts++;
      }
    }
    current = null;
    cert = null;
    hello = null;
  }

  function open(line: number): OpenAttempt {
    close();
    current = { number: ++attemptCount, firstLine: line, lastLine: line, events: [], dropped: 0, ended: false };
    return current;
  }

  function add(event: TimelineEvent): void {
    const attempt = current ?? open(event.line);
    attempt.lastLine = event.line;
    if (attempt.events.length >= LIMITS.eventsPerAttempt) attempt.dropped++;
    else attempt.events.push(event);
  }

  function base(parsed: ParsedLine, raw: string, severity: TimelineEvent['severity']) {
    return {
      line: lineNo,
      text: raw.length > LIMITS.textChars ? `${raw.slice(0, LIMITS.textChars)}…` : raw,
      ...(parsed.time ? { time: parsed.time } : {}),
      source: parsed.source,
      severity,
    };
  }

  function handle(fact: LineFact, parsed: ParsedLine, raw: string): void {
    const severity = parsed.level === 'err' ? 'error' : parsed.level === 'wrn' ? 'warn' : 'info';
    if (fact.t === 'skip' || fact.t === 'none') return;
    if (fact.t !== 'cert-field' && fact.t !== 'cert-other') cert = null;
    if (fact.t !== 'suite' && fact.t !== 'sni' && fact.t !== 'max-version' && fact.t !== 'write-client-hello')
      hello = null;
    switch (fact.t) {
      case 'handshake-start':
        open(lineNo);
        add({ ...base(parsed, raw, 'info'), kind: 'handshake-start' });
        return;
      case 'handshake-done':
        add({ ...base(parsed, raw, 'info'), kind: 'handshake-done' });
        if (current) current.ended = true;
        return;
      case 'write-client-hello':
      case 'suite':
      case 'sni':
      case 'max-version': {
        if (!hello) {
          if (current?.ended || current?.events.some((e) => e.kind === 'client-hello')) open(lineNo);
          hello = { ...base(parsed, raw, 'info'), kind: 'client-hello', suites: [], suitesDropped: 0 };
          add(hello);
        }
        if (fact.t === 'suite') {
          if (hello.suites.length >= LIMITS.suitesPerHello) hello.suitesDropped++;
          else (hello.suites as { id: number; name: string }[]).push({ id: fact.id, name: fact.name });
        } else if (fact.t === 'sni') hello.serverName = fact.name;
        else if (fact.t === 'max-version') hello.maxVersion = fact.version;
        return;
      }
      case 'server-suite': {
        // mbedTLS logs the chosen suite twice (id, then name): keep one event.
        const last = current?.events.findLast((e) => e.kind === 'server-hello');
        if (last?.kind === 'server-hello' && lineNo - last.line <= 40) {
          const id = fact.id ?? last.suite?.id ?? -1;
          current!.events[current!.events.indexOf(last)] = {
            ...last,
            suite: { id, name: id >= 0 ? fact.name : (last.suite?.name ?? fact.name) },
          };
          return;
        }
        add({ ...base(parsed, raw, 'info'), kind: 'server-hello', suite: { id: fact.id ?? -1, name: fact.name } });
        return;
      }
      case 'cert-start':
        cert = { ...base(parsed, raw, 'info'), kind: 'certificate', role: fact.role, index: fact.index };
        add(cert);
        return;
      case 'cert-field':
        if (cert) cert[fact.field] = fact.value;
        return;
      case 'verify': {
        const last = current?.events.at(-1);
        if (fact.fromText && last?.kind === 'verify' && lineNo - last.line <= 3) {
          // esp-tls prints one verify-info sentence per line: fold them into one mask.
          const { read, span, form } = last.flags;
          const flags = decodeX509Flags(last.flags.mask | fact.flags.mask, { read, span, form, confidence: 'certain' });
          if (flags) current!.events[current!.events.length - 1] = { ...last, flags };
          return;
        }
        if (current?.events.some((e) => e.kind === 'verify' && e.flags.mask === fact.flags.mask)) return;
        add({ ...base(parsed, raw, fact.flags.mask ? 'error' : 'info'), kind: 'verify', flags: fact.flags });
        return;
      }
      case 'alert': {
        const last = current?.events.at(-1);
        const a = fact.alert;
        if (
          last?.kind === 'alert' &&
          last.alert.description === a.description &&
          last.alert.direction === a.direction &&
          lineNo - last.line <= 3
        )
          return;
        add({ ...base(parsed, raw, a.level === 1 ? 'warn' : 'error'), kind: 'alert', alert: a });
        if (a.level === 2 || a.description === 0) current!.ended = true;
        return;
      }
      case 'note':
        add({ ...base(parsed, raw, fact.rule.severity), kind: 'note', id: fact.rule.id, note: fact.rule.note });
        return;
      case 'error': {
        const key = (d: { kind: string; canonical: string }): string => `${d.kind}:${d.canonical}`;
        const keys = new Set(fact.codes.map(key));
        let repeat = false;
        let terminalBefore = false;
        for (const e of current?.events ?? []) {
          if (e.kind !== 'error') continue;
          repeat ||= e.codes.some((c) => keys.has(key(c)));
          terminalBefore ||= e.terminal;
        }
        // A second terminal error ("TLS handshake error") is the next attempt; other repeats add nothing.
        if (fact.terminal && terminalBefore) open(lineNo);
        else if (repeat && !fact.terminal) return;
        add({ ...base(parsed, raw, 'error'), kind: 'error', codes: fact.codes, terminal: fact.terminal });
        if (fact.terminal && current) current.ended = true;
        return;
      }
      default:
        return;
    }
  }

  /** `quiet`: the chunk scan found no word classify() looks for in this line, and the chunk has no ANSI codes. */
  function line(raw: string, quiet = false): void {
    lineNo++;
    tail[tailAt] = raw.length > LIMITS.textChars ? `${raw.slice(0, LIMITS.textChars)}…` : raw;
    tailAt = (tailAt + 1) % LIMITS.tailLines;
    if (!NOT_BLANK.test(raw)) return;
    // Fast path: outside a certificate block, a line without any word classify() looks for is only counted.
    if (prefilter && cert === null && (quiet || (!MAY_MATTER.test(raw) && !raw.includes('\u001b')))) {
      sources[lineSource(raw)]++;
      return;
    }
    const { parsed, secTag } = lines ? lines.get(raw, readLine) : readLine(raw);
    sources[parsed.source]++;
    if (secTag !== null && secTags.size < LIMITS.secTags) secTags.add(secTag);
    handle(classify(parsed, cert !== null, facts), parsed, raw);
  }

  function consume(text: string, final: boolean): void {
    // One scan of the whole chunk finds the lines that may matter (a line carried over from the last chunk is
    // tested on its own, as is every line of a chunk with ANSI codes, which can split a word).
    const scan = prefilter && !text.includes('\u001b') ? new CandidateScan(text) : null;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const piece = text.slice(start, nl);
      if (!skipping) {
        // A line is cut at lineChars wherever the chunks happen to end.
        if (pending.length + piece.length > LIMITS.lineChars) line((pending + piece).slice(0, LIMITS.lineChars));
        else if (pending === '') line(piece, scan !== null && !scan.hit(start, nl));
        else line(pending + piece);
      } else skipping = false;
      pending = '';
      start = nl + 1;
    }
    const rest = text.slice(start);
    if (!skipping) {
      pending += rest;
      if (pending.length > LIMITS.lineChars) {
        line(pending.slice(0, LIMITS.lineChars));
        pending = '';
        skipping = true;
      }
    }
    if (final && pending !== '') {
      line(pending);
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
      close();
      const attempts = [...first, ...recent];
      return {
        lines: lineNo,
        bytes: chars,
        sources,
        attempts,
        droppedAttempts,
        failedAttempts,
        diagnosis: diagnoseTimeline(attempts, tail.length > 0),
        secTags: [...secTags],
        tail: attempts.length ? [] : [...tail.slice(tailAt), ...tail.slice(0, tailAt)],
      };
    },
    get progress() {
      return { lines: lineNo, chars };
    },
  };
}

/**
 * Where MAY_MATTER matches in one chunk, asked line by line in order: one regex scan over the chunk instead of one
 * test per line. MAY_MATTER has no anchors, look-arounds or classes that cross a newline (prefilter.test.ts), so a
 * match that starts inside a line is a match of that line, and a line with a match is never passed over.
 */
export class CandidateScan {
  static readonly #re = new RegExp(MAY_MATTER.source, 'gim');
  #next = -1;
  constructor(readonly text: string) {}
  /** Whether a match starts in text[from, to); calls come with increasing `from`. */
  hit(from: number, to: number): boolean {
    if (this.#next < from) {
      const re = CandidateScan.#re;
      re.lastIndex = from;
      this.#next = re.exec(this.text)?.index ?? Number.POSITIVE_INFINITY;
    }
    return this.#next < to;
  }
}
