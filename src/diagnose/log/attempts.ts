// Layer: diagnostics. The timeline's attempts as the parser builds them: each line's fact (classify.ts) becomes
// events of the open handshake attempt, which is closed and diagnosed when the next one opens. Keeps the first and the
// most recent attempts, the sec_tags named and whether a certificate block is open (the parser reads the next line
// differently then). Bounded whatever the log's size (limits.ts).
import type { Decoded } from '../types.ts';
import type { Attempt, Severity, Timeline, TimelineEvent } from './timeline.ts';
import type { ParsedLine } from './line-format.ts';
import type { CertField, LineFact } from './classify.ts';
import { diagnoseAttempt, diagnoseTimeline } from './diagnosis.ts';
import { decodeX509Flags } from '../decode/kinds.ts';
import { LIMITS } from './limits.ts';

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

export type AttemptsPart = Pick<Timeline, 'attempts' | 'droppedAttempts' | 'failedAttempts' | 'diagnosis' | 'secTags'>;

export class Attempts {
  /** The number of the line being handled (1-based); the parser sets it before `handle`. */
  line = 0;
  #count = 0;
  #current: OpenAttempt | null = null;
  #cert: Mutable<CertEvent> | null = null;
  #hello: Mutable<HelloEvent> | null = null;
  readonly #first: Attempt[] = [];
  readonly #recent: Attempt[] = [];
  #dropped = 0;
  #failed = 0;
  readonly #secTags = new Set<number>();

  /** Whether the last line handled opened or continued a certificate block (the next one is read as part of it). */
  get inCert(): boolean {
    return this.#cert !== null;
  }

  /** A sec_tag the line names (the first LIMITS.secTags kept). */
  secTag(tag: number): void {
    if (this.#secTags.size < LIMITS.secTags) this.#secTags.add(tag);
  }

  #close(): void {
    const current = this.#current;
    if (!current) return;
    const attempt: Attempt = {
      number: current.number,
      firstLine: current.firstLine,
      lastLine: current.lastLine,
      events: current.events,
      droppedEvents: current.dropped,
      diagnosis: diagnoseAttempt(current.events, current.number, [...this.#secTags]),
    };
    if (attempt.diagnosis.status === 'failed') this.#failed++;
    if (this.#first.length < LIMITS.firstAttempts) this.#first.push(attempt);
    else {
      this.#recent.push(attempt);
      if (this.#recent.length > LIMITS.lastAttempts) {
        this.#recent.shift();
        this.#dropped++;
      }
    }
    this.#current = null;
    this.#cert = null;
    this.#hello = null;
  }

  #open(line: number): OpenAttempt {
    this.#close();
    const current: OpenAttempt = {
      number: ++this.#count,
      firstLine: line,
      lastLine: line,
      events: [],
      dropped: 0,
      ended: false,
      errorKeys: new Set(),
      terminalError: false,
      hasHello: false,
    };
    this.#current = current;
    return current;
  }

  #add(event: TimelineEvent): void {
    const attempt = this.#current ?? this.#open(event.line);
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
  #base<K extends TimelineEvent['kind']>(parsed: ParsedLine, raw: string, severity: Severity, kind: K) {
    const text = raw.length > LIMITS.textChars ? `${raw.slice(0, LIMITS.textChars)}…` : raw;
    const time = parsed.time;
    const line = this.line;
    const event: Mutable<EventOf<K>> = (
      time
        ? { line, text, time, source: parsed.source, severity, kind }
        : { line, text, source: parsed.source, severity, kind }
    ) as Mutable<EventOf<K>>;
    return event;
  }

  /** What line `this.line` (`raw`, taken apart as `parsed`) says: `fact`. */
  handle(fact: LineFact, parsed: ParsedLine, raw: string): void {
    if (fact.t === 'skip' || fact.t === 'none') return;
    const lineNo = this.line;
    const current = this.#current;
    if (fact.t !== 'cert-field' && fact.t !== 'cert-other') this.#cert = null;
    if (fact.t !== 'suite' && fact.t !== 'sni' && fact.t !== 'max-version' && fact.t !== 'write-client-hello')
      this.#hello = null;
    switch (fact.t) {
      case 'handshake-start':
        this.#open(lineNo);
        this.#add(this.#base(parsed, raw, 'info', 'handshake-start'));
        return;
      case 'handshake-done':
        this.#add(this.#base(parsed, raw, 'info', 'handshake-done'));
        if (this.#current) this.#current.ended = true;
        return;
      case 'write-client-hello':
      case 'suite':
      case 'sni':
      case 'max-version': {
        let hello = this.#hello;
        if (!hello) {
          if (current?.ended || current?.hasHello) this.#open(lineNo);
          hello = this.#base(parsed, raw, 'info', 'client-hello');
          hello.suites = [];
          hello.suitesDropped = 0;
          this.#hello = hello;
          this.#add(hello);
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
        const event = this.#base(parsed, raw, 'info', 'server-hello');
        event.suite = { id: fact.id ?? -1, name: fact.name };
        this.#add(event);
        return;
      }
      case 'cert-start': {
        const event = this.#base(parsed, raw, 'info', 'certificate');
        event.role = fact.role;
        event.index = fact.index;
        this.#cert = event;
        this.#add(event);
        return;
      }
      case 'cert-field':
        if (this.#cert) setCertField(this.#cert, fact.field, fact.value);
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
        const event = this.#base(parsed, raw, fact.flags.mask ? 'error' : 'info', 'verify');
        event.flags = fact.flags;
        this.#add(event);
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
        const event = this.#base(parsed, raw, a.level === 1 ? 'warn' : 'error', 'alert');
        event.alert = a;
        this.#add(event);
        if (a.level === 2 || a.description === 0) this.#current!.ended = true;
        return;
      }
      case 'note': {
        const event = this.#base(parsed, raw, fact.rule.severity, 'note');
        event.id = fact.rule.id;
        event.note = fact.rule.note;
        this.#add(event);
        return;
      }
      case 'error': {
        // Whether an error kept in this attempt shares a code with this one, and whether one was terminal.
        const repeat = current !== null && codeKeys(fact.codes).some((k) => current.errorKeys.has(k));
        const terminalBefore = current?.terminalError ?? false;
        // A second terminal error ("TLS handshake error") is the next attempt; other repeats add nothing.
        if (fact.terminal && terminalBefore) this.#open(lineNo);
        else if (repeat && !fact.terminal) return;
        const event = this.#base(parsed, raw, 'error', 'error');
        event.codes = fact.codes;
        event.terminal = fact.terminal;
        this.#add(event);
        if (fact.terminal && this.#current) this.#current.ended = true;
        return;
      }
      default:
        return;
    }
  }

  /** Closes the open attempt; `hasLines`: whether the log had any line (for the diagnosis of a log without attempts). */
  finish(hasLines: boolean): AttemptsPart {
    this.#close();
    const attempts = [...this.#first, ...this.#recent];
    return {
      attempts,
      droppedAttempts: this.#dropped,
      failedAttempts: this.#failed,
      diagnosis: diagnoseTimeline(attempts, hasLines),
      secTags: [...this.#secTags],
    };
  }
}
