// Layer: transport (the byte tap's memory). Keeps the tapped chunks of a session, bounded by size (oldest dropped
// first, with a count), turns them into console lines, searches them, and renders the session as downloadable text.
// Lines carry no key material: the content of private key and PSK writes and reads is masked by the families' rules
// (secret-mask.ts, `secretLines`) before a line is kept; the byte counts and the raw chunks (events) stay exact.
// Fed by SerialConnection.onTap; read by the console panel's state class (subscribe) and by diagnostics.
import type { TapEvent } from './byte-stream.ts';
import { LineAssembler, type ConsoleLine, type LineDirection } from './console-lines.ts';
import type { SecretLineRule } from '../family-profile.ts';
import { SecretMask } from './secret-mask.ts';

export interface SessionLogOptions {
  /** Bytes of tapped data kept; older chunks and their lines are dropped. Default 5 MB. */
  readonly maxBytes?: number;
  readonly now?: () => number;
  /** What to mask in console lines: the board families' rules (the adapters' `SECRET_LINES`). Default none. */
  readonly secretLines?: readonly SecretLineRule[];
}

interface Stored {
  readonly seq: number;
  readonly event: TapEvent;
}
interface StoredLine {
  readonly line: ConsoleLine;
  /** Sequence number of the last chunk that contributed, to drop the line with its bytes. */
  readonly lastSeq: number;
}

export interface SearchOptions {
  readonly dir?: LineDirection;
  readonly caseSensitive?: boolean;
  /** Most matches returned (default 1000), newest last. */
  readonly limit?: number;
}

const iso = (t: number) => new Date(t).toISOString();

export class SessionLog {
  readonly maxBytes: number;
  readonly startedAt: number;
  #now: () => number;
  #events: Stored[] = [];
  #eventsHead = 0;
  #lines: StoredLine[] = [];
  #linesHead = 0;
  #bytes = 0;
  #seq = 0;
  #lineId = 0;
  #dropped = { chunks: 0, bytes: 0, lines: 0 };
  #totals = { rx: 0, tx: 0 };
  #assemblers = { rx: new LineAssembler(), tx: new LineAssembler() };
  #masks: { rx: SecretMask; tx: SecretMask };
  #listeners = new Set<(line: ConsoleLine) => void>();

  constructor({ maxBytes = 5 * 1024 * 1024, now = Date.now, secretLines = [] }: SessionLogOptions = {}) {
    this.#masks = { rx: new SecretMask(secretLines), tx: new SecretMask(secretLines) };
    this.maxBytes = maxBytes;
    this.#now = now;
    this.startedAt = now();
  }

  /** The tap listener: `connection.onTap((e) => log.add(e))`. */
  add(event: TapEvent): void {
    const seq = ++this.#seq;
    this.#events.push({ seq, event });
    this.#bytes += event.bytes.length;
    this.#totals[event.dir] += event.bytes.length;
    for (const l of this.#assemblers[event.dir].push(event.t, event.bytes))
      for (const shown of this.#masks[event.dir].push(l)) this.#append(event.dir, shown.t, shown.text, seq);
    this.#trim();
  }

  /** A line of KeyWire's own (connected, disconnected, settings) between the wire lines. */
  note(text: string): void {
    // Kept as long as the chunk that comes after it.
    this.#append('note', this.#now(), text, this.#seq + 1);
  }

  #append(dir: LineDirection, t: number, text: string, lastSeq: number): void {
    const line: ConsoleLine = { id: ++this.#lineId, t, dir, text };
    this.#lines.push({ line, lastSeq });
    for (const listener of [...this.#listeners]) {
      try {
        listener(line);
      } catch (e) {
        console.error('KeyWire: a session-log listener threw', e);
      }
    }
  }

  #trim(): void {
    while (this.#bytes > this.maxBytes && this.#eventsHead < this.#events.length - 1) {
      const { event } = this.#events[this.#eventsHead++]!;
      this.#bytes -= event.bytes.length;
      this.#dropped.chunks++;
      this.#dropped.bytes += event.bytes.length;
    }
    const oldestSeq = this.#events[this.#eventsHead]!.seq;
    while (this.#linesHead < this.#lines.length && this.#lines[this.#linesHead]!.lastSeq < oldestSeq) {
      this.#linesHead++;
      this.#dropped.lines++;
    }
    if (this.#eventsHead > 1024 && this.#eventsHead * 2 > this.#events.length) {
      this.#events = this.#events.slice(this.#eventsHead);
      this.#eventsHead = 0;
    }
    if (this.#linesHead > 1024 && this.#linesHead * 2 > this.#lines.length) {
      this.#lines = this.#lines.slice(this.#linesHead);
      this.#linesHead = 0;
    }
  }

  /** Every completed line as it is made. Returns unsubscribe. */
  subscribe(listener: (line: ConsoleLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The kept lines, oldest first (a copy). */
  lines(): ConsoleLine[] {
    return this.#lines.slice(this.#linesHead).map((s) => s.line);
  }

  /** Text still waiting for its line end, per direction (a prompt, a line mid-arrival). */
  pending(): { rx: string | null; tx: string | null } {
    return {
      rx: this.#masks.rx.pending(this.#assemblers.rx.pending?.text ?? null),
      tx: this.#masks.tx.pending(this.#assemblers.tx.pending?.text ?? null),
    };
  }

  /** The kept chunks, oldest first (a copy), for diagnostics and raw export. */
  events(): TapEvent[] {
    return this.#events.slice(this.#eventsHead).map((s) => s.event);
  }

  get dropped(): { readonly chunks: number; readonly bytes: number; readonly lines: number } {
    return { ...this.#dropped };
  }

  /** Bytes moved since the log started, dropped ones included. */
  get totals(): { readonly rx: number; readonly tx: number } {
    return { ...this.#totals };
  }

  search(query: string | RegExp, { dir, caseSensitive = false, limit = 1000 }: SearchOptions = {}): ConsoleLine[] {
    const needle = typeof query === 'string' && !caseSensitive ? query.toLowerCase() : query;
    const matches = (text: string) =>
      typeof needle === 'string'
        ? (caseSensitive ? text : text.toLowerCase()).includes(needle)
        : new RegExp(needle.source, needle.flags.replace('g', '')).test(text);
    const out: ConsoleLine[] = [];
    for (let i = this.#lines.length - 1; i >= this.#linesHead && out.length < limit; i--) {
      const { line } = this.#lines[i]!;
      if ((dir === undefined || line.dir === dir) && matches(line.text)) out.push(line);
    }
    return out.reverse();
  }

  /** The session as plain text for download: a header, then `time  dir  text` per line. */
  toText(): string {
    const { rx, tx } = this.#totals;
    const head = [
      'KeyWire session log',
      `started ${iso(this.startedAt)}, saved ${iso(this.#now())}`,
      `${rx} bytes received, ${tx} bytes sent (rx: from the board, tx: to the board; non-printable bytes as \\xNN)`,
    ];
    if (this.#dropped.bytes > 0)
      head.push(
        `${this.#dropped.bytes} earlier bytes (${this.#dropped.lines} lines) were dropped: the log keeps the last ${this.maxBytes} bytes`,
      );
    const body = this.lines().map((l) => `${iso(l.t)}  ${l.dir.padEnd(4)}  ${l.text}`);
    const pending = this.pending();
    for (const dir of ['rx', 'tx'] as const)
      if (pending[dir] !== null) body.push(`${iso(this.#now())}  ${dir.padEnd(4)}  ${pending[dir]} (no line end yet)`);
    return [...head, '', ...body, ''].join('\n');
  }

  /** Suggested download name, e.g. keywire-session-2026-11-21T08-30-00Z.txt. */
  fileName(): string {
    return `keywire-session-${iso(this.startedAt)
      .replace(/:/g, '-')
      .replace(/\.\d+Z$/, 'Z')}.txt`;
  }
}
