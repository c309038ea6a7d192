// Layer: views, state for the "Log timeline" panel. Reads a pasted log or a dropped file in the crypto worker
// (CryptoClient.parseLog: the File goes to the worker unread, never parsed on the main thread), shows progress,
// cancels on request, keeps the timeline or a plain-language error.
import type { Timeline } from '../../diagnose/index.ts';
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import type { CallOptions } from '../../workers/crypto-client.ts';
import type { CryptoError, CryptoResult } from '../../pki/crypto-types.ts';

export type TimelineStatus = 'idle' | 'reading' | 'done' | 'failed';

export type ParseLog = (input: Blob | string, options?: CallOptions) => Promise<CryptoResult<Timeline>>;

const inCryptoWorker: ParseLog = (input, options) => cryptoClient().parseLog(input, options);

function errorText(e: CryptoError): string {
  switch (e.code) {
    case 'aborted':
      return 'Reading stopped. Nothing was changed.';
    case 'empty-input':
      return 'The log is empty. Paste the board output or drop a log file.';
    case 'too-large':
    case 'unrecognised-input':
      return e.message;
    case 'worker-crashed':
    case 'timeout':
      return `The log reader stopped (${e.message}). Try again; if it repeats, reload the page.`;
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

  constructor(parse: ParseLog = inCryptoWorker) {
    this.#parse = parse;
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
    this.#controller = null; // the cancelled read's late answer must not overwrite the reset
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
    const result = await this.#parse(input, {
      signal: controller.signal,
      onProgress: (done, total) => {
        // a late progress message of a cancelled or replaced read must not move this read's bar
        if (this.#controller === controller) this.progress = total ? done / total : 0;
      },
    });
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
