// Layer: diagnostics. createLogParser(): a streaming parser for device logs. push() takes chunks cut anywhere (even
// inside a line or a CRLF), finish() returns the timeline. Memory stays bounded whatever the log size: it keeps events,
// not lines, caps events per attempt, attempts kept, suites per hello, text per event and the tail.
import type { Decoded } from '../types.ts';
import type { Attempt, LogSource, Severity, Timeline, TimelineEvent } from './timeline.ts';
import { lineSource, parseLine, type ParsedLine } from './line-format.ts';
import { classify, MAY_MATTER, type CertField, type LineFact } from './classify.ts';
import { Memo } from './memo.ts';
import { diagnoseAttempt, diagnoseTimeline } from './diagnosis.ts';
import { decodeX509Flags } from '../decode/kinds.ts';

const SEC_TAG = /sec[_ ]?tag\D{0,12}(\d{1,10})\b/i;

/** A line taken apart, with the sec_tag its message names (pure in the line's text). */
interface ReadLine {
  readonly parsed: ParsedLine;
  readonly secTag: number | null;
}

/** A line as the fast path remembers it: also what it says outside a certificate block (classify's answer). */
interface KnownLine extends ReadLine {
  readonly outside: LineFact;
  /** The line text it was read from (its memo key). */
  readonly raw: string;
  /**
   * The remembered line that came next (the next line that took the full path) the last time this one was seen, if
   * read since the memo last started over. Device logs repeat runs of lines in order (a debug log's handshake, every
   * retry), so the next line is first compared with it: one string comparison instead of hashing the line for the
   * memo's map. The only mutable part of a remembered line; the rest is shared and never changes.
   */
  next: KnownLine | null;
  readonly round: number;
}

function readLine(raw: string): ReadLine {
  const parsed = parseLine(raw);
  const tag = SEC_TAG.exec(parsed.message);
  return { parsed, secTag: tag ? Number(tag[1]) : null };
}

/** What the chunk scan found in a line: not scanned, no prefilter word (outside ANSI codes), a word or ANSI codes. */
const UNSCANNED = 0;
const QUIET = 1;
const MAY_MATTER_HERE = 2;
type Scanned = typeof UNSCANNED | typeof QUIET | typeof MAY_MATTER_HERE;

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
  /** Over the error events kept in `events`: their codes' keys, and whether one was terminal. */
  errorKeys: Set<string>;
  terminalError: boolean;
  /** Whether `events` holds a client hello. */
  hasHello: boolean;
};
type EventOf<K extends TimelineEvent['kind']> = Extract<TimelineEvent, { kind: K }>;
type CertEvent = EventOf<'certificate'>;
type HelloEvent = EventOf<'client-hello'>;

/** An error's codes as keys (kind and canonical form), worked out once per codes array (facts are shared). */
const keysOf = new WeakMap<readonly Decoded[], readonly string[]>();
function codeKeys(codes: readonly Decoded[]): readonly string[] {
  let keys = keysOf.get(codes);
  if (!keys) {
    keys = codes.map((d) => `${d.kind}:${d.canonical}`);
    keysOf.set(codes, keys);
  }
  return keys;
}

/** One named store per field (a computed key here made every certificate's store slow). */
function setCertField(cert: Mutable<CertEvent>, field: CertField, value: string): void {
  switch (field) {
    case 'subject':
      cert.subject = value;
      return;
    case 'issuer':
      cert.issuer = value;
      return;
    case 'validFrom':
      cert.validFrom = value;
      return;
    case 'validTo':
      cert.validTo = value;
      return;
    case 'signedUsing':
      cert.signedUsing = value;
      return;
    case 'key':
      cert.key = value;
      return;
  }
}

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
  const lines = prefilter ? new Memo<KnownLine>() : undefined;
  const know = (raw: string): KnownLine => {
    const read = readLine(raw);
    return { ...read, outside: classify(read.parsed, false, facts), raw, next: null, round: lines!.rounds };
  };
  /** The last line the memo answered (see KnownLine.next). */
  let lastKnown: KnownLine | null = null;
  const recall = (raw: string): KnownLine => {
    const guess = lastKnown?.next;
    if (guess && guess.raw === raw) return (lastKnown = guess);
    const known = lines!.get(raw, know);
    // Links only within one round of the memo, so what it forgot when it started over is not kept alive by links.
    if (lastKnown && known.round === lastKnown.round && known.round === lines!.rounds) lastKnown.next = known;
    return (lastKnown = known);
  };
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
    current = {
      number: ++attemptCount,
      firstLine: line,
      lastLine: line,
      events: [],
      dropped: 0,
      ended: false,
      errorKeys: new Set(),
      terminalError: false,
      hasHello: false,
    };
    return current;
  }

  function add(event: TimelineEvent): void {
    const attempt = current ?? open(event.line);
    attempt.lastLine = event.line;
    if (attempt.events.length >= LIMITS.eventsPerAttempt) {
      attempt.dropped++;
      return;
    }
    attempt.events.push(event);
    if (event.kind === 'error') {
      for (const k of codeKeys(event.codes)) attempt.errorKeys.add(k);
      attempt.terminalError ||= event.terminal;
    } else if (event.kind === 'client-hello') attempt.hasHello = true;
  }

  /**
   * A new event's common part: line, text, time (when the line has one), source, severity and kind, in that order
   * (the order readers and reports have always seen); the caller sets the kind's own members after it. Built as a
   * literal, not spread, because this runs for every event of every attempt of a long log.
   */
  function base<K extends TimelineEvent['kind']>(parsed: ParsedLine, raw: string, severity: Severity, kind: K) {
    const text = raw.length > LIMITS.textChars ? `${raw.slice(0, LIMITS.textChars)}…` : raw;
    const time = parsed.time;
    const event: Mutable<EventOf<K>> = (
      time
        ? { line: lineNo, text, time, source: parsed.source, severity, kind }
        : { line: lineNo, text, source: parsed.source, severity, kind }
    ) as Mutable<EventOf<K>>;
    return event;
  }

  function handle(fact: LineFact, parsed: ParsedLine, raw: string): void {
    if (fact.t === 'skip' || fact.t === 'none') return;
    if (fact.t !== 'cert-field' && fact.t !== 'cert-other') cert = null;
    if (fact.t !== 'suite' && fact.t !== 'sni' && fact.t !== 'max-version' && fact.t !== 'write-client-hello')
      hello = null;
    switch (fact.t) {
      case 'handshake-start':
        open(lineNo);
        add(base(parsed, raw, 'info', 'handshake-start'));
        return;
      case 'handshake-done':
        add(base(parsed, raw, 'info', 'handshake-done'));
        if (current) current.ended = true;
        return;
      case 'write-client-hello':
      case 'suite':
      case 'sni':
      case 'max-version': {
        if (!hello) {
          if (current?.ended || current?.hasHello) open(lineNo);
          hello = base(parsed, raw, 'info', 'client-hello');
          hello.suites = [];
          hello.suitesDropped = 0;
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
        const event = base(parsed, raw, 'info', 'server-hello');
        event.suite = { id: fact.id ?? -1, name: fact.name };
        add(event);
        return;
      }
      case 'cert-start': {
        const event = base(parsed, raw, 'info', 'certificate');
        event.role = fact.role;
        event.index = fact.index;
        cert = event;
        add(event);
        return;
      }
      case 'cert-field':
        if (cert) setCertField(cert, fact.field, fact.value);
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
        const event = base(parsed, raw, fact.flags.mask ? 'error' : 'info', 'verify');
        event.flags = fact.flags;
        add(event);
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
        const event = base(parsed, raw, a.level === 1 ? 'warn' : 'error', 'alert');
        event.alert = a;
        add(event);
        if (a.level === 2 || a.description === 0) current!.ended = true;
        return;
      }
      case 'note': {
        const event = base(parsed, raw, fact.rule.severity, 'note');
        event.id = fact.rule.id;
        event.note = fact.rule.note;
        add(event);
        return;
      }
      case 'error': {
        // Whether an error kept in this attempt shares a code with this one, and whether one was terminal.
        const repeat = current !== null && codeKeys(fact.codes).some((k) => current!.errorKeys.has(k));
        const terminalBefore = current?.terminalError ?? false;
        // A second terminal error ("TLS handshake error") is the next attempt; other repeats add nothing.
        if (fact.terminal && terminalBefore) open(lineNo);
        else if (repeat && !fact.terminal) return;
        const event = base(parsed, raw, 'error', 'error');
        event.codes = fact.codes;
        event.terminal = fact.terminal;
        add(event);
        if (fact.terminal && current) current.ended = true;
        return;
      }
      default:
        return;
    }
  }

  /** `scanned`: what the chunk scan found in this line (UNSCANNED: the line is tested on its own). */
  function line(raw: string, scanned: Scanned = UNSCANNED): void {
    lineNo++;
    tail[tailAt] = raw.length > LIMITS.textChars ? `${raw.slice(0, LIMITS.textChars)}…` : raw;
    tailAt = (tailAt + 1) % LIMITS.tailLines;
    // A printable ASCII first character settles "not blank" without the regex.
    const first = raw.charCodeAt(0);
    if (!(first > 0x20 && first < 0x7f) && !NOT_BLANK.test(raw)) return;
    // Fast path: outside a certificate block, a line without any word classify() looks for is only counted.
    if (
      prefilter &&
      cert === null &&
      (scanned === UNSCANNED ? !MAY_MATTER.test(raw) && !raw.includes('\u001b') : scanned === QUIET)
    ) {
      sources[lineSource(raw)]++;
      return;
    }
    if (lines) {
      // What the line says outside a certificate block is known with the line; inside one it is read again.
      const known = recall(raw);
      sources[known.parsed.source]++;
      if (known.secTag !== null && secTags.size < LIMITS.secTags) secTags.add(known.secTag);
      handle(cert === null ? known.outside : classify(known.parsed, true, facts), known.parsed, raw);
      return;
    }
    const { parsed, secTag } = readLine(raw);
    sources[parsed.source]++;
    if (secTag !== null && secTags.size < LIMITS.secTags) secTags.add(secTag);
    handle(classify(parsed, cert !== null), parsed, raw);
  }

  function consume(text: string, final: boolean): void {
    // One scan of the whole chunk finds the lines that may matter (a line carried over from the last chunk or cut
    // to size is tested on its own). A line with ANSI codes, which can split a word, takes the full path: the next
    // escape character is looked up the same way, once per chunk and then from line to line.
    const scan = prefilter ? new CandidateScan(text) : null;
    let esc = scan ? text.indexOf('\u001b') : -1;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const piece = text.slice(start, nl);
      if (!skipping) {
        // A line is cut at lineChars wherever the chunks happen to end.
        if (pending.length + piece.length > LIMITS.lineChars) line((pending + piece).slice(0, LIMITS.lineChars));
        else if (pending === '') {
          if (esc !== -1 && esc < start) esc = text.indexOf('\u001b', start);
          line(piece, !scan ? UNSCANNED : (esc !== -1 && esc < nl) || scan.hit(start, nl) ? MAY_MATTER_HERE : QUIET);
        } else line(pending + piece);
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
  static readonly #re = new RegExp(MAY_MATTER.source, 'gi');
  /** Where the last match found ends (test() leaves it in lastIndex; no match array is made). */
  #end = -1;
  constructor(readonly text: string) {}
  /**
   * Whether a match starts in text[from, to), where `to` is a newline or the end of the text; calls come with
   * increasing `from`. A match never holds a newline, so it starts in this line exactly when it ends by `to`, and one
   * that ended before `from` belongs to an earlier line.
   */
  hit(from: number, to: number): boolean {
    if (this.#end < from) {
      const re = CandidateScan.#re;
      re.lastIndex = from;
      this.#end = re.test(this.text) ? re.lastIndex : Number.POSITIVE_INFINITY;
    }
    return this.#end <= to;
  }
}
