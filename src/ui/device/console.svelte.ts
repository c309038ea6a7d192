// Layer: views (device), the console's state. Mirrors the session log's lines (batched, so a chatty board does not
// re-render per byte), searches them with a match count and next/previous, keeps typed-command history (up/down),
// sends typed commands through the session (its line terminal, whatever the family), annotates received lines with the diagnostics decoder,
// and hands the log out as a text file with anything secret redacted. Page-wide (owned by the DeviceSession) so it
// survives section changes.
import type { SessionLog, ConsoleLine } from '../../devices/transport/index.ts';
import type { Annotation } from '../../diagnose/types.ts';
import type { Result } from '../../lib/result.ts';
import type { TypedCommandDone, TypedCommandError } from '../../app/typed-command.ts';
import { auditErrorText, deviceErrorText } from './error-text.ts';
import { findMatches } from './console-search.ts';
import { redactSecrets } from './log-redact.ts';

export type SendTyped = (command: string, signal?: AbortSignal) => Promise<Result<TypedCommandDone, TypedCommandError>>;

export interface ConsoleOptions {
  readonly send: SendTyped;
  /** Hides secret content of a typed command (the board families' console masks, handed down by the app). */
  readonly maskLine: (command: string) => string;
  /** The diagnostics decoder for received lines; absent: no annotations. */
  readonly annotate?: (line: string) => Annotation[];
  /** How often the view catches up with the log while bytes stream (ms). */
  readonly batchMs?: number;
}

const HISTORY_LIMIT = 100;
const ANNOTATION_CACHE = 5000;

export class ConsoleState {
  lines = $state.raw<ConsoleLine[]>([]);
  /** Lines dropped from the front of the log (it keeps the last 5 MB). */
  dropped = $state.raw(0);
  open = $state.raw(false);
  query = $state.raw('');
  /** Position in `matches` of the highlighted match, or -1. */
  matchIndex = $state.raw(-1);
  draft = $state.raw('');
  sending = $state.raw(false);
  /** Outcome of the last typed command, for the status line. */
  status = $state.raw<{ readonly ok: boolean; readonly text: string } | null>(null);
  history = $state.raw<string[]>([]);
  readonly matches = $derived(findMatches(this.lines, this.query));
  readonly #options: ConsoleOptions;
  #annotate: ((line: string) => Annotation[]) | null;
  /** Bumped when the decoder arrives, so rows already shown are annotated too. */
  annotator = $state.raw(0);
  #log: SessionLog | null = null;
  #unsubscribe: (() => void) | null = null;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #historyCursor = -1;
  #annotations = new Map<number, Annotation[]>();
  #abort: AbortController | null = null;

  constructor(options: ConsoleOptions) {
    this.#options = options;
    this.#annotate = options.annotate ?? null;
  }

  /** Sets (or replaces) the decoder for received lines. */
  setAnnotator(annotate: (line: string) => Annotation[]): void {
    this.#annotate = annotate;
    this.#annotations.clear();
    this.annotator++;
  }

  get log(): SessionLog | null {
    return this.#log;
  }

  /** Follows a new session log (a fresh connection); the old one is let go. */
  attach(log: SessionLog): void {
    this.#unsubscribe?.();
    this.#log = log;
    this.#annotations.clear();
    this.#unsubscribe = log.subscribe(() => this.#schedule());
    this.#flush();
  }

  #schedule(): void {
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#options.batchMs ?? 100);
  }

  #flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (!this.#log) return;
    this.lines = this.#log.lines();
    this.dropped = this.#log.dropped.lines;
    if (this.matchIndex >= this.matches.length) this.matchIndex = this.matches.length - 1;
  }

  toggle(): void {
    this.open = !this.open;
  }

  /** Annotations for a received line (cached by line id); none for sent lines and notes. */
  annotations(line: ConsoleLine): Annotation[] {
    void this.annotator; // re-read by views when the decoder arrives
    const annotate = this.#annotate;
    if (!annotate || line.dir !== 'rx') return [];
    let found = this.#annotations.get(line.id);
    if (!found) {
      found = annotate(line.text);
      if (this.#annotations.size >= ANNOTATION_CACHE) this.#annotations.clear();
      this.#annotations.set(line.id, found);
    }
    return found;
  }

  setQuery(query: string): void {
    this.query = query;
    this.matchIndex = this.matches.length > 0 ? this.matches.length - 1 : -1;
  }

  /** The index in `lines` of the highlighted match, or null. */
  get currentMatch(): number | null {
    return this.matches[this.matchIndex] ?? null;
  }

  nextMatch(): void {
    const n = this.matches.length;
    if (n > 0) this.matchIndex = (this.matchIndex + 1) % n;
  }

  previousMatch(): void {
    const n = this.matches.length;
    if (n > 0) this.matchIndex = (this.matchIndex - 1 + n) % n;
  }

  historyUp(): void {
    if (this.history.length === 0) return;
    this.#historyCursor = this.#historyCursor < 0 ? this.history.length - 1 : Math.max(0, this.#historyCursor - 1);
    this.draft = this.history[this.#historyCursor]!;
  }

  historyDown(): void {
    if (this.#historyCursor < 0) return;
    this.#historyCursor++;
    if (this.#historyCursor >= this.history.length) {
      this.#historyCursor = -1;
      this.draft = '';
    } else this.draft = this.history[this.#historyCursor]!;
  }

  async submit(): Promise<void> {
    const command = this.draft.trim();
    if (command === '' || this.sending) return;
    // A command carrying key material is not kept for Up to bring back on screen.
    if (this.#options.maskLine(command) === command)
      this.history = [...this.history.filter((h) => h !== command), command].slice(-HISTORY_LIMIT);
    this.#historyCursor = -1;
    this.draft = '';
    this.sending = true;
    this.status = null;
    const abort = new AbortController();
    this.#abort = abort;
    const r = await this.#options.send(command, abort.signal);
    // The status line shows the command back, with any key material in it masked like the log does.
    const shown = this.#options.maskLine(command);
    if (this.#abort === abort) this.#abort = null;
    this.sending = false;
    this.#flush();
    if (r.ok) {
      const { response, audited, outcomeError } = r.value;
      const note = outcomeError
        ? ' Its outcome could not be recorded in the audit trail.'
        : audited
          ? ' Recorded in the audit trail.'
          : '';
      this.status = { ok: true, text: `${shown}: OK after ${response.durationMs} ms.${note}` };
      return;
    }
    const e = r.error;
    if (e.source === 'refused') {
      this.status = { ok: false, text: `${shown}: not sent. ${e.message}` };
      return;
    }
    if (e.source === 'device' && e.error.code === 'aborted' && e.error.onWire) {
      this.status = {
        ok: false,
        text: `${shown}: stopped waiting. The board had already received it, so it may have been carried out; its answer will show in the log.`,
      };
      return;
    }
    const words = e.source === 'audit' ? auditErrorText(e.error) : deviceErrorText(e.error);
    const sent = e.source === 'audit' ? ' Nothing was sent.' : '';
    this.status = { ok: false, text: `${shown}: ${words.title}. ${e.error.message}${sent} ${words.next}` };
  }

  /** Stops waiting for a typed command (its answer is still consumed by the AT queue). */
  cancelSend(): void {
    this.#abort?.abort();
  }

  /** The session log as a text file (anything the secret scanner finds redacted), or null when there is none yet. */
  download(): { readonly name: string; readonly text: string; readonly redacted: number } | null {
    if (!this.#log) return null;
    const { text, count } = redactSecrets(this.#log.toText());
    return { name: this.#log.fileName(), text, redacted: count };
  }
}
