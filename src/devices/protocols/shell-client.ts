// Layer: protocols (Zephyr shell), between the transport's ByteStream below and the Zephyr adapter above. The same
// contract as the AT client: one command at a time through one queue, a time limit and an AbortSignal per call, a
// Result for every answer, and lines nobody asked for go to listeners. What differs is how an answer ends: a Zephyr
// shell has no final result line, so an answer is complete when the prompt shows again after the echo of the
// command. Lines before the echo (a prompt reprinted around a log message, half-echoed text) and log lines
// (`[00:00:12.345,678] <inf> wifi_mgmt: ...`) anywhere are not answer lines: they go to the listeners.
// Abort rules (as AtClient): a queued command leaves the queue at once ('aborted', nothing sent); one already handed
// to the port is finished and its prompt consumed before the next command, and the caller gets 'aborted' with
// `onWire: true` ('report') or the real answer ('finish'). After a time-out, an empty line is sent and the next
// command waits for its prompt and a short quiet period, so a late answer is never taken for the next command's.
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions } from '../device.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import type { ByteStream } from '../transport/byte-stream.ts';
import { Listeners } from '../transport/listeners.ts';
import {
  DEFAULT_SHELL_BUFFER_SIZE,
  DEFAULT_SHELL_PROMPT,
  defaultShellTimeoutMs,
  parseLogLine,
  parseRefusal,
  REFUSAL_TEXT,
  type LogLine,
  type ShellRefusal,
} from './shell-grammar.ts';
import { ShellLineSplitter, type ScreenLine } from './shell-lines.ts';

export interface ShellResponse {
  readonly command: string;
  /** Answer lines in order, without echo, prompt, colour codes or log lines. */
  readonly lines: readonly string[];
  /** The answer lines the shell printed in its error colour (red): empty when the firmware has no VT100 colours. */
  readonly errorLines: readonly string[];
  readonly durationMs: number;
}

export interface ShellCommandOptions extends CallOptions {
  /** As AtCommandOptions.abortOnWire: 'report' (default) or 'finish' (commands that change the board). */
  readonly abortOnWire?: 'report' | 'finish';
  /** More answer lines than this is a 'protocol' error naming the limit (default 400). */
  readonly maxLines?: number;
  /** More answer characters than this is a 'protocol' error naming the limit (default 64 KiB). */
  readonly maxBytes?: number;
}

/** A shell error: the shell core's refusal, and the answer lines, when the board refused. */
export interface ShellError extends DeviceError {
  readonly refusal?: ShellRefusal;
  readonly lines?: readonly string[];
}

export interface ShellUnsolicited {
  readonly line: string;
  readonly t: number;
  /** The line in the log subsystem's format, parsed. */
  readonly log: LogLine | null;
  /** Arrived while draining after a time-out: probably the late answer of the timed-out command. */
  readonly stray: boolean;
}

export interface ShellClientOptions {
  /** The prompt as the board prints it without colour codes (default `uart:~$ `); `sync()` can learn it. */
  readonly prompt?: string;
  /** CONFIG_SHELL_CMD_BUFF_SIZE: a command must be at most this minus one characters (default 256). */
  readonly bufferSize?: number;
  /** Whether the shell echoes typed characters (default true, Zephyr's default). */
  readonly echo?: boolean;
  /** Line ending sent after a command; the shell accepts CR, LF and CRLF (default CR, as a terminal's Enter). */
  readonly terminator?: '\r' | '\n' | '\r\n';
  readonly now?: () => number;
}

export const DEFAULT_MAX_LINES = 400;
export const DEFAULT_MAX_BYTES = 64 * 1024;
/** While learning the prompt: the text after the last line break must stay unchanged this long. */
const PROMPT_QUIET_MS = 120;
const RESYNC_QUIET_MS = 150;
const RESYNC_LIMIT_MS = 3000;

interface Job {
  readonly command: string;
  readonly bytes: Uint8Array;
  readonly options: ShellCommandOptions;
  readonly resolve: (result: Result<ShellResponse, ShellError>) => void;
  readonly lines: string[];
  readonly errorLines: string[];
  /** Learn the prompt from this job's answer (sync() without a known prompt). */
  readonly learn: boolean;
  chars: number;
  echoed: boolean;
  echoSoFar: string;
  echoLines: string[];
  /** A line that is neither log nor echo came before the echo: if the prompt comes without echo, that is an error. */
  sawOther: boolean;
  refusal?: ShellRefusal;
  overflow?: ShellError;
  started: number;
  answered: boolean;
  timer?: ReturnType<typeof setTimeout>;
  quiet?: ReturnType<typeof setTimeout>;
  detachAbort?: () => void;
  written?: Promise<unknown>;
}

const short = (command: string) => (command.length > 80 ? `${command.slice(0, 77)}...` : command);
const squash = (text: string) => text.replace(/\s+/g, '');

export class ShellClient {
  readonly #stream: ByteStream;
  readonly #terminator: string;
  readonly #now: () => number;
  readonly #echo: boolean;
  readonly #splitter = new ShellLineSplitter();
  readonly #unsolicited = new Listeners<ShellUnsolicited>();
  readonly #queue: Job[] = [];
  readonly #detach: (() => void)[];
  readonly maxCommandChars: number;
  #prompt: string | undefined;
  #current: Job | undefined;
  #settling = false;
  #needsResync = false;
  #resync: { quiet?: ReturnType<typeof setTimeout>; giveUp: ReturnType<typeof setTimeout>; done(): void } | undefined;
  #closed: DeviceError | undefined;

  constructor(stream: ByteStream, options: ShellClientOptions = {}) {
    this.#stream = stream;
    this.#terminator = options.terminator ?? '\r';
    this.#now = options.now ?? Date.now;
    this.#echo = options.echo ?? true;
    this.#prompt = options.prompt;
    this.maxCommandChars = (options.bufferSize ?? DEFAULT_SHELL_BUFFER_SIZE) - 1;
    this.#detach = [
      stream.onData((bytes) => this.#onData(bytes)),
      stream.onDisconnect((error) => this.#shutdown(error)),
    ];
  }

  /** The prompt answers end with (given, learnt by sync(), or Zephyr's default). */
  get prompt(): string {
    return this.#prompt ?? DEFAULT_SHELL_PROMPT;
  }

  get pending(): number {
    return this.#queue.length + (this.#current ? 1 : 0);
  }

  /** Log lines and anything else nobody asked for. Returns unsubscribe. */
  onUnsolicited(listener: (line: ShellUnsolicited) => void): () => void {
    return this.#unsolicited.add(listener);
  }

  /** Sends an empty line and waits for the prompt. Without a configured prompt it learns it: the text after the
   * last line break once the line has been quiet. A board that prints no prompt (an AT modem) times out. */
  async sync(options: CallOptions = {}): Promise<Result<{ prompt: string }, ShellError>> {
    const r = await this.#enqueue('', options, this.#prompt === undefined);
    return r.ok ? ok({ prompt: this.prompt }) : r;
  }

  /** Sends one command (one line, no terminator) and resolves with its answer lines once the prompt is back. */
  send(command: string, options: ShellCommandOptions = {}): Promise<Result<ShellResponse, ShellError>> {
    const invalid = this.#check(command);
    if (invalid) return Promise.resolve(err(invalid));
    return this.#enqueue(command.trim(), options, false);
  }

  #check(command: string): DeviceError | undefined {
    const text = command.trim();
    if (text.length === 0) return deviceError('invalid-input', 'The command is empty.');
    if (/[\u0000-\u001f\u007f]/.test(text))
      return deviceError(
        'invalid-input',
        'A shell command is one line of printable text: line breaks, tabs and control characters would be taken ' +
          'as key presses by the shell.',
      );
    if (text.length > this.maxCommandChars)
      return deviceError(
        'too-long',
        `The command is ${text.length} characters; this board's shell takes at most ${this.maxCommandChars} ` +
          `(CONFIG_SHELL_CMD_BUFF_SIZE=${this.maxCommandChars + 1}), and would cut it. Nothing was sent.`,
        { command: short(text) },
      );
    return undefined;
  }

  #enqueue(command: string, options: ShellCommandOptions, learn: boolean) {
    if (this.#closed) return Promise.resolve(err(this.#closed));
    if (!this.#stream.isOpen) return Promise.resolve(err(deviceError('not-open', 'The port is not open.')));
    if (options.signal?.aborted) return Promise.resolve(err(aborted(command)));
    return new Promise<Result<ShellResponse, ShellError>>((resolve) => {
      const job: Job = {
        command,
        bytes: new TextEncoder().encode(command + this.#terminator),
        options,
        resolve,
        lines: [],
        errorLines: [],
        learn,
        chars: 0,
        echoed: !this.#echo || command === '',
        echoSoFar: '',
        echoLines: [],
        sawOther: false,
        started: 0,
        answered: false,
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

  #answer(job: Job, result: Result<ShellResponse, ShellError>): void {
    if (job.answered) return;
    job.answered = true;
    job.detachAbort?.();
    job.resolve(result);
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      return this.#answer(job, err(aborted(job.command)));
    }
    if (job.options.abortOnWire === 'finish') return job.detachAbort?.();
    this.#answer(job, err(aborted(job.command, true)));
  }

  #pump(): void {
    if (this.#current || this.#settling || this.#resync || this.#closed) return;
    if (this.#needsResync && this.#queue.length > 0) return this.#startResync();
    const job = this.#queue.shift();
    if (!job) return;
    this.#current = job;
    job.started = this.#now();
    const timeoutMs = job.options.timeoutMs ?? defaultShellTimeoutMs(job.command);
    job.timer = setTimeout(() => this.#timeout(job, timeoutMs), timeoutMs);
    const onProgress = job.options.onProgress;
    job.written = this.#stream.write(job.bytes, onProgress ? { onProgress } : {}).then((written) => {
      if (!written.ok && this.#current === job)
        this.#finish(job, err({ ...written.error, command: short(job.command) }));
    });
  }

  #startResync(): void {
    this.#needsResync = false;
    const sync = {
      quiet: undefined as ReturnType<typeof setTimeout> | undefined,
      giveUp: setTimeout(() => sync.done(), RESYNC_LIMIT_MS),
      done: () => {
        clearTimeout(sync.quiet);
        clearTimeout(sync.giveUp);
        if (this.#resync !== sync) return;
        this.#resync = undefined;
        this.#pump();
      },
    };
    this.#resync = sync;
    void this.#stream.write(new TextEncoder().encode(this.#terminator));
  }

  #timeout(job: Job, ms: number): void {
    if (this.#current !== job) return;
    this.#needsResync = true;
    const what = job.command === '' ? 'an empty line' : short(job.command);
    const message = `No prompt after ${what} within ${Math.round(ms / 100) / 10} s: the board did not finish answering.`;
    this.#finish(job, err(deviceError('timeout', message, { command: short(job.command) })));
  }

  #finish(job: Job, result: Result<ShellResponse, ShellError>): void {
    clearTimeout(job.timer);
    clearTimeout(job.quiet);
    if (this.#current === job) this.#current = undefined;
    this.#answer(job, result);
    this.#pump();
  }

  #settle(job: Job, result: Result<ShellResponse, ShellError>): void {
    clearTimeout(job.timer);
    clearTimeout(job.quiet);
    this.#current = undefined;
    this.#settling = true;
    void (job.written ?? Promise.resolve()).then(() => {
      this.#settling = false;
      this.#finish(job, result);
    });
  }

  #onData(bytes: Uint8Array): void {
    for (const line of this.#splitter.push(bytes)) this.#onLine(line);
    this.#checkPrompt();
  }

  #emit(line: string, stray = false): void {
    this.#unsolicited.emit({ line, t: this.#now(), log: parseLogLine(line), stray });
  }

  #onLine({ text, colour }: ScreenLine): void {
    const job = this.#current;
    if (this.#resync || !job) return this.#emit(text, this.#resync !== undefined);
    if (parseLogLine(text)) return this.#emit(text);
    if (!job.echoed) return this.#onEcho(job, text);
    // The caller stopped waiting (abort, overflow): the rest of the answer is only shown, until the prompt.
    if (job.answered) return this.#emit(text);
    const body = this.#stripPrompt(text);
    job.chars += body.length + 1;
    const maxLines = job.options.maxLines ?? DEFAULT_MAX_LINES;
    const maxBytes = job.options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (job.lines.length >= maxLines || job.chars > maxBytes) return this.#overflow(job, maxLines, maxBytes);
    job.refusal ??= parseRefusal(body) ?? undefined;
    job.lines.push(body);
    if (colour === 'error') job.errorLines.push(body);
  }

  /** Before the echo: lines that together spell the command (a long echo wraps at the terminal width) are the
   * echo; anything else is noise (a half line erased around a log message) and goes to the listeners. */
  #onEcho(job: Job, text: string): void {
    const body = this.#stripPrompt(text);
    const candidate = job.echoSoFar + squash(body);
    const want = squash(job.command);
    if (candidate === want) {
      job.echoed = true;
      return;
    }
    if (candidate.length > 0 && want.startsWith(candidate)) {
      job.echoSoFar = candidate;
      job.echoLines.push(text);
      return;
    }
    for (const held of job.echoLines.splice(0)) this.#emit(held);
    job.echoSoFar = '';
    job.sawOther = true;
    if (want.startsWith(squash(body)) && body.length > 0) {
      job.echoSoFar = squash(body);
      job.echoLines.push(text);
      return;
    }
    this.#emit(text);
  }

  #stripPrompt(text: string): string {
    const prompt = this.prompt.trimEnd();
    return text.startsWith(prompt) ? text.slice(prompt.length).trimStart() : text;
  }

  #overflow(job: Job, maxLines: number, maxBytes: number): void {
    const over = job.lines.length >= maxLines ? `${maxLines} lines` : `${maxBytes} characters`;
    job.overflow ??= {
      ...deviceError(
        'protocol',
        `The answer to ${short(job.command)} went past ${over}, more than this command ever prints: the board is ` +
          'misbehaving (a runaway log or a stuck output loop). Read the console, then reconnect or reset the board.',
        { command: short(job.command) },
      ),
      lines: job.lines.slice(0, 20),
    };
    // The caller gets the error now; the job keeps the queue until its prompt (or time limit) as with an abort.
    this.#answer(job, err(job.overflow));
  }

  #checkPrompt(): void {
    const pending = this.#splitter.pending;
    const job = this.#current;
    if (this.#resync) {
      if (pending === this.prompt) {
        this.#splitter.clearPending();
        clearTimeout(this.#resync.quiet);
        const sync = this.#resync;
        sync.quiet = setTimeout(() => sync.done(), RESYNC_QUIET_MS);
      }
      return;
    }
    if (job?.learn) return this.#learnPrompt(job, pending);
    if (pending !== this.prompt) return;
    this.#splitter.clearPending();
    if (!job) return;
    if (!job.echoed) {
      // A prompt reprinted around a log message before the shell took the command: keep waiting. A prompt after
      // other lines but no echo means the command did not arrive as sent.
      if (!job.sawOther) return;
      return this.#settle(
        job,
        err(
          deviceError(
            'protocol',
            `The shell never echoed ${short(job.command)} as sent: bytes were lost or changed on the line, so it may ` +
              'have run something else. Read the console, then try again.',
            { command: short(job.command) },
          ),
        ),
      );
    }
    this.#settle(job, this.#result(job));
  }

  #learnPrompt(job: Job, pending: string): void {
    clearTimeout(job.quiet);
    if (pending.trim().length === 0) return;
    job.quiet = setTimeout(() => {
      if (this.#current !== job || this.#splitter.pending !== pending) return;
      this.#prompt = pending;
      this.#splitter.clearPending();
      this.#settle(job, this.#result(job));
    }, PROMPT_QUIET_MS);
  }

  #result(job: Job): Result<ShellResponse, ShellError> {
    if (job.refusal)
      return err({
        ...deviceError(
          'device-rejected',
          `The board refused ${short(job.command)}: ${REFUSAL_TEXT[job.refusal]} ` +
            `(it answered "${job.lines.find((l) => parseRefusal(l)) ?? ''}").`,
          { command: short(job.command), final: { kind: 'error' } },
        ),
        refusal: job.refusal,
        lines: job.lines,
      });
    return ok({
      command: job.command,
      lines: job.lines,
      errorLines: job.errorLines,
      durationMs: this.#now() - job.started,
    });
  }

  #shutdown(error: DeviceError): void {
    if (this.#closed) return;
    this.#closed = error;
    if (this.#resync) {
      clearTimeout(this.#resync.quiet);
      clearTimeout(this.#resync.giveUp);
      this.#resync = undefined;
    }
    const current = this.#current;
    if (current) {
      clearTimeout(current.timer);
      clearTimeout(current.quiet);
      const onWire = error.code === 'disconnected' ? {} : { onWire: true };
      this.#answer(current, err({ ...error, command: short(current.command), ...onWire }));
    }
    this.#current = undefined;
    for (const job of this.#queue.splice(0)) this.#answer(job, err({ ...error, command: short(job.command) }));
  }

  /** Stops listening to the stream and fails everything pending with 'not-open'. The stream stays open. */
  dispose(): void {
    for (const detach of this.#detach) detach();
    this.#shutdown(deviceError('not-open', 'The shell client was closed.'));
  }
}

function aborted(command: string, onWire = false): DeviceError {
  const what = command === '' ? 'the prompt check' : short(command);
  return onWire
    ? deviceError('aborted', `Stopped waiting for ${what}, which the board had already received.`, {
        command: short(command),
        onWire: true,
      })
    : deviceError('aborted', `${what} was cancelled before it was sent.`, { command: short(command) });
}
