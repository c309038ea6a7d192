// Layer: protocols (Zephyr shell), between the transport's ByteStream below and the Zephyr adapter above. The same
// contract as the AT client: one command at a time through one queue, a time limit and an AbortSignal per call, a
// Result for every answer, and lines nobody asked for go to listeners. What differs is how an answer ends: a Zephyr
// shell has no final result line, so an answer is complete when the prompt shows again after the echo of the
// command. Lines before the echo (a prompt reprinted around a log message, half-echoed text) and log lines
// (`[00:00:12.345,678] <inf> wifi_mgmt: ...`) anywhere are not answer lines: they go to the listeners.
// Abort rules (as AtClient): a queued command leaves the queue at once ('aborted', nothing sent); one already handed
// to the port is finished and its prompt consumed before the next command, and the caller gets 'aborted' with
// `onWire: true` ('report') or the real answer ('finish', for at most ABORT_GRACE_MS after the abort, so a Cancel ends
// within seconds however long the board holds its answer). After a time-out, an empty line is sent and the next
// command waits for its prompt and a short quiet period, so a late answer is never taken for the next command's.
// The boot banner (`*** Booting nRF Connect SDK ...`) while a command is on the wire ends it at once with 'restarted'
// (onWire: it may be half done), unless the command restarts the board itself (`expectRestart`); the next command
// then waits for the prompt as after a time-out.
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions } from '../device.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import { ABORT_GRACE_MS, startAbortGrace } from './abort-grace.ts';
import type { ByteStream } from '../transport/byte-stream.ts';
import { Listeners } from '../transport/listeners.ts';
import {
  shortCommand as short,
  ShellAnswer,
  type ShellCommandOptions,
  type ShellError,
  type ShellResponse,
} from './shell-answer.ts';
import {
  DEFAULT_SHELL_BUFFER_SIZE,
  DEFAULT_SHELL_PROMPT,
  defaultShellTimeoutMs,
  isBootBanner,
  parseLogLine,
  type LogLine,
} from './shell-grammar.ts';
import { ShellLineSplitter, type ScreenLine } from './shell-lines.ts';

export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LINES,
  type ShellCommandOptions,
  type ShellError,
  type ShellResponse,
} from './shell-answer.ts';

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
  /** How long an abort of an `abortOnWire: 'finish'` command still waits for its answer (default ABORT_GRACE_MS). */
  readonly abortGraceMs?: number;
}

/** While learning the prompt: the text after the last line break must stay unchanged this long. */
const PROMPT_QUIET_MS = 120;
const RESYNC_QUIET_MS = 150;
const RESYNC_LIMIT_MS = 3000;

interface Job {
  readonly command: string;
  readonly bytes: Uint8Array;
  readonly options: ShellCommandOptions;
  readonly resolve: (result: Result<ShellResponse, ShellError>) => void;
  readonly answer: ShellAnswer;
  /** Learn the prompt from this job's answer (sync() without a known prompt). */
  readonly learn: boolean;
  started: number;
  answered: boolean;
  timer?: ReturnType<typeof setTimeout>;
  quiet?: ReturnType<typeof setTimeout>;
  grace?: ReturnType<typeof setTimeout>;
  detachAbort?: () => void;
  written?: Promise<unknown>;
}

export class ShellClient {
  readonly #stream: ByteStream;
  readonly #terminator: string;
  readonly #now: () => number;
  readonly #echo: boolean;
  readonly #abortGraceMs: number;
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
    this.#abortGraceMs = options.abortGraceMs ?? ABORT_GRACE_MS;
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

  /** Characters of answer lines held for the command in flight (bounded by its `maxBytes`). */
  get heldChars(): number {
    return this.#current?.answer.heldChars ?? 0;
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
        answer: new ShellAnswer(command, options, this.#echo, (text) => this.#stripPrompt(text)),
        learn,
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
    if (job.options.abortOnWire === 'finish') {
      // The board's real answer is what the caller gets, if it comes within the grace period; the command keeps the
      // queue until its prompt, its time limit or a restart either way.
      job.detachAbort?.();
      job.grace = startAbortGrace(
        short(job.command),
        this.#abortGraceMs,
        () => this.#current === job,
        (e) => this.#answer(job, err(e)),
      );
      return;
    }
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
    clearTimeout(job.grace);
    if (this.#current === job) this.#current = undefined;
    this.#answer(job, result);
    this.#pump();
  }

  #settle(job: Job, result: Result<ShellResponse, ShellError>): void {
    clearTimeout(job.timer);
    clearTimeout(job.quiet);
    clearTimeout(job.grace);
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

  #onLine(line: ScreenLine): void {
    const job = this.#current;
    if (this.#resync || !job) return this.#emit(line.text, this.#resync !== undefined);
    if (parseLogLine(line.text)) return this.#emit(line.text);
    if (isBootBanner(line.text) && !job.options.expectRestart) return this.#restarted(job, line.text);
    // The caller stopped waiting (abort, overflow): the rest of the answer is only shown, until the prompt.
    if (job.answer.echoed && job.answered) return this.#emit(line.text);
    const { noise, overflow } = job.answer.take(line);
    for (const text of noise) this.#emit(text);
    // Past a limit the caller gets the error now; the job keeps the queue until its prompt, as with an abort.
    if (overflow) this.#answer(job, err(overflow));
  }

  /** The board restarted under `job`: its answer will never come. The boot output goes to the listeners and the
   * next command waits for the new session's prompt. */
  #restarted(job: Job, line: string): void {
    this.#emit(line);
    this.#needsResync = true;
    const command = job.command === '' ? 'the prompt check' : short(job.command);
    const message =
      `The board restarted during ${command}: it printed its boot banner instead of an answer. ` +
      'The command may or may not have been carried out.';
    this.#finish(job, err(deviceError('restarted', message, { command: short(job.command), onWire: true })));
  }

  #stripPrompt(text: string): string {
    const prompt = this.prompt.trimEnd();
    return text.startsWith(prompt) ? text.slice(prompt.length).trimStart() : text;
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
    // A prompt reprinted around a log message before the shell took the command: keep waiting. A prompt after
    // other lines but no echo means the command did not arrive as sent (the answer says so).
    if (!job.answer.echoed && !job.answer.sawOther) return;
    this.#settle(job, job.answer.result(this.#now() - job.started));
  }

  #learnPrompt(job: Job, pending: string): void {
    clearTimeout(job.quiet);
    if (pending.trim().length === 0) return;
    job.quiet = setTimeout(() => {
      if (this.#current !== job || this.#splitter.pending !== pending) return;
      this.#prompt = pending;
      this.#splitter.clearPending();
      this.#settle(job, job.answer.result(this.#now() - job.started));
    }, PROMPT_QUIET_MS);
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
      clearTimeout(current.grace);
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
