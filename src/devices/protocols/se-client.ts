// Layer: protocols (KWSE), between the transport's ByteStream and the secure-element adapter. Mirrors the AT
// client's contract: one request at a time through one queue, a time limit per verb, AbortSignal with the onWire
// rules, Result errors, answers bounded in size. Every request carries a sequence number the board echoes, so a
// late answer to a timed-out request is recognised by its number and goes to the listeners as stray: no resync.
// Abort: a queued request leaves the queue ('aborted', nothing sent). A request handed to the port is never reported
// as not sent: 'report' (default) answers 'aborted' with onWire at once; 'finish' (KEYGEN, ZWRITE, ZERASE) keeps
// waiting for the real answer, for at most ABORT_GRACE_MS after the abort (then 'aborted' with onWire). Either way the next request waits for its answer (or its
// time limit): the firmware does one thing at a time. A `* BOOT` event while a request is out means the board
// restarted under it: the request fails 'restarted' with onWire (it may be half done).
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions } from '../device.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import { ABORT_GRACE_MS, startAbortGrace } from './abort-grace.ts';
import type { ByteStream } from '../transport/byte-stream.ts';
import { Listeners } from '../transport/listeners.ts';
import {
  SE_MAX_LINE,
  SE_MAX_NOISE_CHARS,
  SE_MAX_NOISE_LINES,
  SE_MAX_SEQ,
  SE_TIMEOUT_MS,
  STSAFE_STATUS,
  type SeVerb,
} from './se-constants.ts';
import { parseSeLine, SeLineSplitter, type SeFields } from './se-lines.ts';

export interface SeAnswer {
  readonly verb: SeVerb;
  readonly fields: SeFields;
  /** The answer line as received, for the console. */
  readonly line: string;
  readonly durationMs: number;
}

/** What the board said when it refused: its error code and the chip status it passed through. */
export interface SeRejection {
  readonly code: string;
  readonly status: number;
  readonly text: string;
}

/** A DeviceError from this client; `se` is present when the board answered ERR. */
export interface SeDeviceError extends DeviceError {
  readonly se?: SeRejection;
}

export interface SeRequestOptions extends CallOptions {
  readonly abortOnWire?: 'report' | 'finish';
}

/** A line the client did not ask for: `* EVENT` lines, noise, answers whose request timed out (stray). */
export interface SeUnsolicited {
  readonly line: string;
  readonly t: number;
  readonly stray: boolean;
}

interface Job {
  readonly verb: SeVerb;
  readonly text: string;
  readonly options: SeRequestOptions;
  readonly resolve: (r: Result<SeAnswer, SeDeviceError>) => void;
  seq: number;
  started: number;
  answered: boolean;
  /** Lines and characters that arrived while waiting and were not the answer, counted against the noise limits. */
  noiseLines: number;
  noiseChars: number;
  timer?: ReturnType<typeof setTimeout>;
  grace?: ReturnType<typeof setTimeout>;
  detachAbort?: () => void;
}

const TOKEN = /^[\x21-\x7e]+$/;
/** A request as messages name it: hex data (a zone piece, a digest) by its size, `ZWRITE 2 0 <256 bytes>`; cut to 80. */
const short = (text: string) => {
  const named = text.replace(/\b[0-9A-Fa-f]{32,}\b/g, (hex) => `<${Math.ceil(hex.length / 2)} bytes>`);
  return named.length > 80 ? `${named.slice(0, 77)}...` : named;
};

export class SeClient {
  readonly #stream: ByteStream;
  readonly #now: () => number;
  readonly #splitter = new SeLineSplitter();
  readonly #unsolicited = new Listeners<SeUnsolicited>();
  readonly #queue: Job[] = [];
  readonly #detach: (() => void)[];
  #current: Job | undefined;
  #seq = 0;
  #closed: DeviceError | undefined;

  readonly #abortGraceMs: number;

  /** `abortGraceMs`: how long an abort of a 'finish' request still waits for its answer (default ABORT_GRACE_MS). */
  constructor(
    stream: ByteStream,
    { now = Date.now, abortGraceMs = ABORT_GRACE_MS }: { now?: () => number; abortGraceMs?: number } = {},
  ) {
    this.#abortGraceMs = abortGraceMs;
    this.#stream = stream;
    this.#now = now;
    this.#detach = [
      stream.onData((bytes) => {
        for (const line of this.#splitter.push(bytes)) {
          if (line.kind === 'overlong') this.#onOverlong();
          else this.#onLine(line.text);
        }
      }),
      stream.onDisconnect((error) => this.#shutdown(error)),
    ];
  }

  onUnsolicited(listener: (line: SeUnsolicited) => void): () => void {
    return this.#unsolicited.add(listener);
  }

  get pending(): number {
    return this.#queue.length + (this.#current ? 1 : 0);
  }

  /** Sends `<seq> <verb> <args...>` and resolves with the answer's fields or an error. */
  request(
    verb: SeVerb,
    args: readonly string[] = [],
    options: SeRequestOptions = {},
  ): Promise<Result<SeAnswer, SeDeviceError>> {
    const text = [verb, ...args].join(' ');
    if (!args.every((a) => TOKEN.test(a)))
      return Promise.resolve(
        err(deviceError('invalid-input', `Arguments must be printable tokens without spaces: ${short(text)}.`)),
      );
    if (`${SE_MAX_SEQ} ${text}`.length > SE_MAX_LINE)
      return Promise.resolve(
        err(deviceError('too-long', `${short(text)} is longer than ${SE_MAX_LINE} bytes.`, { command: short(text) })),
      );
    if (this.#closed) return Promise.resolve(err(this.#closed));
    if (!this.#stream.isOpen) return Promise.resolve(err(deviceError('not-open', 'The port is not open.')));
    if (options.signal?.aborted) return Promise.resolve(err(aborted(text)));
    return new Promise((resolve) => {
      const job: Job = {
        verb,
        text,
        options,
        resolve,
        seq: 0,
        started: 0,
        answered: false,
        noiseLines: 0,
        noiseChars: 0,
      };
      const signal = options.signal;
      if (signal) {
        const onAbort = () => this.#abort(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  #answer(job: Job, result: Result<SeAnswer, SeDeviceError>): void {
    if (job.answered) return;
    job.answered = true;
    job.detachAbort?.();
    job.resolve(result);
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      return this.#answer(job, err(aborted(job.text)));
    }
    if (job.options.abortOnWire === 'finish') {
      // The board's real answer is what the caller gets, if it comes within the grace period; the request keeps the
      // queue until its answer or its time limit either way.
      job.detachAbort?.();
      job.grace = startAbortGrace(
        short(job.text),
        this.#abortGraceMs,
        () => this.#current === job,
        (e) => this.#answer(job, err(e)),
      );
      return;
    }
    this.#answer(job, err(aborted(job.text, true)));
  }

  #pump(): void {
    if (this.#current || this.#closed) return;
    const job = this.#queue.shift();
    if (!job) return;
    this.#current = job;
    this.#seq = (this.#seq % SE_MAX_SEQ) + 1;
    job.seq = this.#seq;
    job.started = this.#now();
    const limit = job.options.timeoutMs ?? SE_TIMEOUT_MS[job.verb];
    job.timer = setTimeout(() => {
      const message = `No answer to ${short(job.text)} within ${Math.round(limit / 100) / 10} s.`;
      this.#finish(job, err(deviceError('timeout', message, { command: short(job.text) })));
    }, limit);
    const bytes = new TextEncoder().encode(`${job.seq} ${job.text}\n`);
    const onProgress = job.options.onProgress;
    void this.#stream.write(bytes, onProgress ? { onProgress } : {}).then((written) => {
      if (!written.ok && this.#current === job) this.#finish(job, err({ ...written.error, command: short(job.text) }));
    });
  }

  #finish(job: Job, result: Result<SeAnswer, SeDeviceError>): void {
    clearTimeout(job.timer);
    clearTimeout(job.grace);
    if (this.#current === job) this.#current = undefined;
    this.#answer(job, result);
    this.#pump();
  }

  #onOverlong(): void {
    const job = this.#current;
    const message = 'The board sent a line longer than the protocol allows.';
    if (job) this.#finish(job, err(deviceError('protocol', message, { command: short(job.text) })));
    else this.#unsolicited.emit({ line: '<overlong line dropped>', t: this.#now(), stray: false });
  }

  #onLine(line: string): void {
    const job = this.#current;
    const parsed = parseSeLine(line);
    if (parsed?.kind === 'event' && parsed.event === 'BOOT' && job) {
      const message = `The board restarted while carrying out ${short(job.text)}; it may be half done.`;
      this.#unsolicited.emit({ line, t: this.#now(), stray: false });
      return this.#finish(job, err(deviceError('restarted', message, { command: short(job.text), onWire: true })));
    }
    const mine = job && parsed && parsed.kind !== 'event' && (parsed.seq === job.seq || parsed.seq === null);
    if (!job || !parsed || !mine) {
      const stray = parsed !== null && parsed.kind !== 'event';
      if (job && !parsed && /^\d{1,4} /.test(line) && line.startsWith(`${job.seq} `))
        return this.#finish(
          job,
          err(deviceError('protocol', `Cannot read the answer "${short(line)}".`, { command: short(job.text) })),
        );
      if (job && !stray && this.#noise(job, line)) return;
      return this.#unsolicited.emit({ line, t: this.#now(), stray });
    }
    if (parsed.kind === 'ok')
      return this.#finish(
        job,
        ok({ verb: job.verb, fields: parsed.fields, line, durationMs: this.#now() - job.started }),
      );
    if (parsed.kind !== 'err') return;
    const chip = STSAFE_STATUS[parsed.status];
    const said = `${parsed.code}${parsed.status ? ` (chip status 0x${parsed.status.toString(16).padStart(2, '0')}${chip ? ` ${chip}` : ''})` : ''}`;
    const message = `The board refused ${short(job.text)}: ${said}${parsed.text ? ` — ${parsed.text}` : ''}.`;
    const se: SeRejection = { code: parsed.code, status: parsed.status, text: parsed.text };
    this.#finish(job, err({ ...deviceError('device-rejected', message, { command: short(job.text) }), se }));
  }

  /** Counts a line that is not the answer against the request's noise limits. Past them the caller gets the error
   * at once; the request keeps the queue until its answer or its time limit, and further noise is dropped (true). */
  #noise(job: Job, line: string): boolean {
    if (job.answered) return job.noiseLines > SE_MAX_NOISE_LINES || job.noiseChars > SE_MAX_NOISE_CHARS;
    job.noiseLines += 1;
    job.noiseChars += line.length + 1;
    if (job.noiseLines <= SE_MAX_NOISE_LINES && job.noiseChars <= SE_MAX_NOISE_CHARS) return false;
    const over =
      job.noiseLines > SE_MAX_NOISE_LINES ? `${SE_MAX_NOISE_LINES} lines` : `${SE_MAX_NOISE_CHARS / 1024} kB`;
    const message =
      `The board sent more than ${over} of other output while KeyWire waited for its answer to ${short(job.text)} ` +
      `(the limit is ${SE_MAX_NOISE_LINES} lines / ${SE_MAX_NOISE_CHARS / 1024} kB; a KWSE answer is one line): ` +
      'the board is misbehaving. KeyWire stopped reading that output; the board may have carried the request ' +
      'out. Read the console, then reset or reconnect the board.';
    this.#answer(job, err(deviceError('protocol', message, { command: short(job.text), onWire: true })));
    return true;
  }

  #shutdown(error: DeviceError): void {
    if (this.#closed) return;
    this.#closed = error;
    const current = this.#current;
    if (current) {
      clearTimeout(current.timer);
      clearTimeout(current.grace);
      const onWire = error.code === 'disconnected' ? {} : { onWire: true };
      this.#answer(current, err({ ...error, command: short(current.text), ...onWire }));
    }
    this.#current = undefined;
    for (const job of this.#queue.splice(0)) this.#answer(job, err({ ...error, command: short(job.text) }));
  }

  /** Stops listening and fails everything pending with 'not-open'. The stream stays open. */
  dispose(): void {
    for (const detach of this.#detach) detach();
    this.#shutdown(deviceError('not-open', 'The secure-element client was closed.'));
  }
}

function aborted(text: string, onWire = false): DeviceError {
  return onWire
    ? deviceError('aborted', `Stopped waiting for ${short(text)}, which the board had already received.`, {
        command: short(text),
        onWire: true,
      })
    : deviceError('aborted', `${short(text)} was cancelled before it was sent.`, { command: short(text) });
}
