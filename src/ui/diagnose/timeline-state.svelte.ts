// Layer: views, state for the "Log timeline" panel. Reads a pasted log or a dropped file in the log worker (never on
// the main thread), shows progress, cancels on request, keeps the timeline or a plain-language error.
import { parseLogInWorker, type CreateLogWorker } from '../../diagnose/log/log-client.ts';
import type { LogError } from '../../diagnose/log/parse-log.ts';
import type { Timeline } from '../../diagnose/log/timeline.ts';

export type TimelineStatus = 'idle' | 'reading' | 'done' | 'failed';

export type ParseLog = typeof parseLogInWorker;

function errorText(e: LogError): string {
  switch (e.code) {
    case 'aborted':
      return 'Reading stopped. Nothing was changed.';
    case 'empty-input':
      return 'The log is empty. Paste the board output or drop a log file.';
    case 'too-large':
    case 'unrecognised-input':
      return e.message;
    default:
      return `The log could not be read: ${e.message} Try saving it as plain text.`;
  }
}

export class TimelineState {
  status = $state.raw<TimelineStatus>('idle');
  /** 0..1 while reading */
  progress = $state.raw(0);
  timeline = $state.raw<Timeline | null>(null);
  error = $state.raw('');
  source = $state.raw('');
  pasted = $state.raw('');

  #controller: AbortController | null = null;
  readonly #parse: ParseLog;
  readonly #createWorker: CreateLogWorker | undefined;

  constructor(parse: ParseLog = parseLogInWorker, createWorker?: CreateLogWorker) {
    this.#parse = parse;
    this.#createWorker = createWorker;
  }

  get reading(): boolean {
    return this.status === 'reading';
  }

  readPasted(): Promise<void> {
    return this.#read(this.pasted, 'pasted log');
  }

  readFile(file: File): Promise<void> {
    return this.#read(file, file.name);
  }

  cancel(): void {
    this.#controller?.abort();
  }

  reset(): void {
    this.cancel();
    this.status = 'idle';
    this.timeline = null;
    this.error = '';
    this.progress = 0;
  }

  async #read(input: Blob | string, source: string): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'reading';
    this.progress = 0;
    this.error = '';
    this.timeline = null;
    this.source = source;
    const result = await this.#parse(
      input,
      { signal: controller.signal, onProgress: (done, total) => (this.progress = total ? done / total : 0) },
      this.#createWorker,
    );
    if (this.#controller !== controller) return;
    this.#controller = null;
    if (result.ok) {
      this.timeline = result.value;
      this.status = 'done';
    } else {
      this.error = errorText(result.error);
      this.status = 'failed';
    }
  }
}
