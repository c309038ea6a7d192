// Layer: protocols (AT), between the transport's ByteStream below and the adapters above. One command at a time
// through one queue; each answer line goes to the command in flight (information lines), ends it (final result)
// or goes to listeners (unsolicited lines: a known notification prefix the command does not expect, or anything
// while no command is in flight). Every call has a time limit and an AbortSignal and returns a Result.
// Abort rules: a queued command leaves the queue at once ('aborted': nothing was sent). A command already handed to
// the port is finished writing and its final result is still consumed before the next command starts, so an answer
// is never attributed to the wrong command; the caller learns it reached the board. With `abortOnWire: 'report'`
// (the default) it is answered at once with 'aborted' and `onWire: true` (the board may still carry it out); with
// 'finish' (commands that change the board) the abort does not stop the wait: the caller gets the command's real
// final result, bounded by the command's own time limit, so a change that happened is never reported as cancelled.
// The 'finish' wait after an abort is bounded by a grace period (ABORT_GRACE_MS): a board that holds its answer longer
// gets 'aborted' with `onWire: true`, so a Cancel ends within seconds; the command still keeps the queue until its
// final result, its time limit or a restart. A line the family names as its boot banner (`restartLine`) while a command
// is on the wire ends that command at once with 'restarted' (`onWire`): the board restarted under it.
// After a time-out or a restart the next command is preceded by a resync (a bare AT, then a short quiet period) that
// drains a late answer (or the rest of the boot output) into the unsolicited listeners.
import { boardField } from '../../lib/board-text.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions } from '../device.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import type { ByteStream } from '../transport/byte-stream.ts';
import { Listeners } from '../transport/listeners.ts';
import { AT_MAX_ANSWER_BYTES, AT_MAX_ANSWER_LINES, defaultTimeoutMs, URC_PREFIXES } from './at-constants.ts';
import { ABORT_GRACE_MS, startAbortGrace } from './abort-grace.ts';
import { AtLineSplitter } from './at-lines.ts';
import { commandPrefix, damagedFinal, describeFinal, parseFinal, parseInfoLine, type AtFinal } from './at-result.ts';
import { aborted, checkCommand } from './at-command-check.ts';
import { Resync } from './at-resync.ts';
import { count, size } from './limit-text.ts';

export interface AtResponse {
  readonly command: string;
  /** Information lines, in order, without the final OK. */
  readonly lines: readonly string[];
  readonly durationMs: number;
}

export interface AtCommandOptions extends CallOptions {
  /** Answer prefixes that belong to this command although they are also notifications (e.g. `+CEREG`). The
   * command's own prefix is always expected. */
  readonly expect?: readonly string[];
  /** What an abort does once the command's bytes were handed to the port: 'report' (default) answers at once with
   * 'aborted' and `onWire: true`; 'finish' keeps waiting for the real final result (bounded by the time limit). */
  readonly abortOnWire?: 'report' | 'finish';
  /** More information lines than this is a 'protocol' error naming the limit (default AT_MAX_ANSWER_LINES). */
  readonly maxLines?: number;
  /** More answer characters (line breaks counted) than this is a 'protocol' error naming the limit (default
   * AT_MAX_ANSWER_BYTES); AT answers are ASCII, so characters are bytes. */
  readonly maxBytes?: number;
}

export interface UnsolicitedLine {
  readonly line: string;
  readonly t: number;
  /** A final result that arrived with no command in flight (a late answer after a time-out). */
  readonly stray: boolean;
}

export interface AtClientOptions {
  /** Command terminator. nRF91 firmware accepts CR, LF or CRLF; CR is the default there and here. */
  readonly terminator?: '\r' | '\n' | '\r\n';
  readonly now?: () => number;
  /** Hides secret content of a command in error texts (the family profile's console masks). Default: none to hide. */
  readonly maskLine?: (command: string) => string;
  /** The family's time limit for a command it knows to be slow (key generation); undefined: the generic default. */
  readonly timeLimitMs?: (command: string) => number | undefined;
  /** Whether a line is the board's boot banner (the family's, e.g. nRF91 `Ready` or `*** Booting nRF Connect SDK`):
   * seen while a command is on the wire, it ends that command with 'restarted'. Default: no line is. */
  readonly restartLine?: (line: string) => boolean;
  /** How long an abort of an `abortOnWire: 'finish'` command still waits for its final result (default
   * ABORT_GRACE_MS). */
  readonly abortGraceMs?: number;
}

export { ABORT_GRACE_MS } from './abort-grace.ts';

interface Job {
  readonly command: string;
  readonly bytes: Uint8Array;
  readonly options: AtCommandOptions;
  readonly expect: ReadonlySet<string>;
  readonly lines: string[];
  /** Characters of `lines` (each plus its line break), counted against `maxBytes`. */
  chars: number;
  /** The answer went past a limit: the caller has the error, later lines are dropped until the final result. */
  overflowed: boolean;
  readonly resolve: (result: Result<AtResponse, DeviceError>) => void;
  started: number;
  /** The caller already has its answer (aborted or timed out); the job only waits for its final result. */
  answered: boolean;
  sawFirstLine: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** After an abort of a 'finish' command: when the caller stops waiting for its final result. */
  grace?: ReturnType<typeof setTimeout>;
  detachAbort?: () => void;
  /** Settles when the command's bytes have been handed to the port (progress has reached 1). */
  written?: Promise<unknown>;
}

/** A command as errors name it: key material masked (a typed PSK write), then cut to 80 characters. */
const shorten = (shown: string) => (shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);

export class AtClient {
  readonly #stream: ByteStream;
  readonly #terminator: string;
  readonly #now: () => number;
  readonly #splitter = new AtLineSplitter();
  readonly #urc = new Listeners<UnsolicitedLine>();
  readonly #queue: Job[] = [];
  #current: Job | undefined;
  /** A final result arrived but the command's last bytes are still being handed over: hold the queue. */
  #settling = false;
  /** Set by a time-out (the old command's answer may still come) or a start-up line (more may follow): the next
   * command waits for a resync. */
  #needsResync = false;
  #resync: Resync | undefined;
  #closed: DeviceError | undefined;
  readonly #detach: (() => void)[];

  readonly #mask: (command: string) => string;
  readonly #short = (command: string) => shorten(this.#mask(command));
  readonly #timeLimit: (command: string) => number | undefined;
  readonly #restartLine: (line: string) => boolean;
  readonly #abortGraceMs: number;

  constructor(
    stream: ByteStream,
    {
      terminator = '\r',
      now = Date.now,
      maskLine = (c) => c,
      timeLimitMs = () => undefined,
      restartLine = () => false,
      abortGraceMs = ABORT_GRACE_MS,
    }: AtClientOptions = {},
  ) {
    this.#mask = maskLine;
    this.#timeLimit = timeLimitMs;
    this.#restartLine = restartLine;
    this.#abortGraceMs = abortGraceMs;
    this.#stream = stream;
    this.#terminator = terminator;
    this.#now = now;
    this.#detach = [
      stream.onData((bytes) => {
        for (const line of this.#splitter.push(bytes)) this.#onLine(line);
      }),
      stream.onDisconnect((error) => this.#shutdown(error)),
    ];
  }

  /** Lines nobody asked for (+CEREG, %XPOFWARN, late answers). Returns unsubscribe. */
  onUnsolicited(listener: (line: UnsolicitedLine) => void): () => void {
    return this.#urc.add(listener);
  }

  /** Characters of answer lines held for the command in flight (bounded by its `maxBytes`). */
  get heldChars(): number {
    return this.#current?.chars ?? 0;
  }

  /** Commands waiting, the one in flight included. */
  get pending(): number {
    return this.#queue.length + (this.#current ? 1 : 0);
  }

  /** Sends one command (without terminator) and resolves with its information lines or a DeviceError. */
  send(command: string, options: AtCommandOptions = {}): Promise<Result<AtResponse, DeviceError>> {
    const invalid = checkCommand(command, this.#short);
    if (invalid) return Promise.resolve(err(invalid));
    if (this.#closed) return Promise.resolve(err(this.#closed));
    if (!this.#stream.isOpen) return Promise.resolve(err(deviceError('not-open', 'The port is not open.')));
    if (options.signal?.aborted) return Promise.resolve(err(aborted(command, false, this.#short)));
    const own = commandPrefix(command);
    return new Promise((resolve) => {
      const job: Job = {
        command,
        bytes: new TextEncoder().encode(command + this.#terminator),
        options,
        expect: new Set([...(own ? [own] : []), ...(options.expect ?? []).map((p) => p.toUpperCase())]),
        lines: [],
        chars: 0,
        overflowed: false,
        resolve,
        started: 0,
        answered: false,
        sawFirstLine: false,
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

  #answer(job: Job, result: Result<AtResponse, DeviceError>): void {
    if (job.answered) return;
    job.answered = true;
    job.detachAbort?.();
    job.resolve(result);
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      return this.#answer(job, err(aborted(job.command, false, this.#short)));
    }
    // On the wire: the board has (or is getting) the command. Its final result is consumed either way.
    if (job.options.abortOnWire === 'finish') {
      // The real final result is what the caller gets, if the board gives it within the grace period.
      job.detachAbort?.();
      job.grace = startAbortGrace(
        this.#short(job.command),
        this.#abortGraceMs,
        () => this.#current === job,
        (e) => this.#answer(job, err(e)),
      );
      return;
    }
    this.#answer(job, err(aborted(job.command, true, this.#short)));
  }

  #pump(): void {
    if (this.#current || this.#settling || this.#resync || this.#closed) return;
    if (this.#needsResync && this.#queue.length > 0) return this.#startResync();
    const job = this.#queue.shift();
    if (!job) return;
    this.#current = job;
    job.started = this.#now();
    const timeoutMs = job.options.timeoutMs ?? this.#timeLimit(job.command) ?? defaultTimeoutMs(job.command);
    job.timer = setTimeout(() => this.#timeout(job, timeoutMs), timeoutMs);
    const onProgress = job.options.onProgress;
    job.written = this.#stream.write(job.bytes, onProgress ? { onProgress } : {}).then((written) => {
      if (!written.ok && this.#current === job)
        this.#finish(job, err({ ...written.error, command: this.#short(job.command) }));
    });
  }

  /** Sends a bare AT; lines pass to listeners until the line is quiet again (at-resync.ts). */
  #startResync(): void {
    this.#needsResync = false;
    const sync = new Resync(() => {
      if (this.#resync !== sync) return;
      this.#resync = undefined;
      this.#pump();
    });
    this.#resync = sync;
    void this.#stream.write(new TextEncoder().encode(`AT${this.#terminator}`));
  }

  #timeout(job: Job, ms: number): void {
    if (this.#current !== job) return;
    this.#needsResync = true;
    const message = `No final result for ${this.#short(job.command)} within ${Math.round(ms / 100) / 10} s.`;
    this.#finish(job, err(deviceError('timeout', message, { command: this.#short(job.command) })));
  }

  #finish(job: Job, result: Result<AtResponse, DeviceError>): void {
    clearTimeout(job.timer);
    clearTimeout(job.grace);
    if (this.#current === job) this.#current = undefined;
    this.#answer(job, result);
    this.#pump();
  }

  /** A final result can overtake the promise of the write that caused it: answer once the write has settled. */
  #settle(job: Job, result: Result<AtResponse, DeviceError>): void {
    clearTimeout(job.timer);
    clearTimeout(job.grace);
    this.#current = undefined;
    this.#settling = true;
    void (job.written ?? Promise.resolve()).then(() => {
      this.#settling = false;
      this.#finish(job, result);
    });
  }

  #onLine(line: string): void {
    const job = this.#current;
    const final = parseFinal(line);
    const sync = this.#resync;
    if (sync) {
      this.#urc.emit({ line, t: this.#now(), stray: final !== null });
      return sync.seen(final !== null);
    }
    if (!job) {
      // A board that restarts prints more than one start-up line: the next command waits for a resync, so a banner
      // line still to come is drained instead of taken for a restart under that command.
      if (this.#restartLine(line)) this.#needsResync = true;
      return this.#urc.emit({ line, t: this.#now(), stray: final !== null });
    }
    if (final) return this.#settle(job, this.#result(job, final));
    if (this.#restartLine(line)) return this.#restarted(job, line);
    const damaged = damagedFinal(line);
    if (damaged) return this.#damaged(job, line, damaged);
    const firstLine = !job.sawFirstLine;
    job.sawFirstLine = true;
    // With echo on (ATE1, some Serial LTE Modem builds) the command comes back first: it is not an answer.
    if (firstLine && line.trim() === job.command.trim()) return;
    const prefix = parseInfoLine(line)?.prefix;
    if (prefix && !job.expect.has(prefix) && URC_PREFIXES.includes(prefix))
      return this.#urc.emit({ line, t: this.#now(), stray: false });
    if (job.overflowed) return;
    const maxLines = job.options.maxLines ?? AT_MAX_ANSWER_LINES;
    const maxBytes = job.options.maxBytes ?? AT_MAX_ANSWER_BYTES;
    if (job.lines.length >= maxLines || job.chars + line.length + 1 > maxBytes) return this.#overflow(job);
    job.lines.push(line);
    job.chars += line.length + 1;
  }

  /** The board printed its boot banner while `job` was on the wire: the command ends now (its answer will never
   * come); the rest of the boot output is drained by a resync before the next command. */
  #restarted(job: Job, line: string): void {
    this.#urc.emit({ line, t: this.#now(), stray: false });
    this.#needsResync = true;
    const command = this.#short(job.command);
    const message =
      `The board restarted during ${command}: it printed its start-up banner instead of an answer. ` +
      'The command may or may not have been carried out.';
    this.#finish(job, err(deviceError('restarted', message, { command, onWire: true })));
  }

  /** A final result with a byte lost or changed (`K` for OK): the answer came and will not come again, so the command
   * ends now rather than at its time limit. Whether the board carried it out cannot be told (`onWire`). */
  #damaged(job: Job, line: string, meant: 'OK' | 'ERROR'): void {
    this.#urc.emit({ line, t: this.#now(), stray: true });
    this.#needsResync = true;
    const command = this.#short(job.command);
    const message =
      `The board's answer to ${command} arrived damaged: "${boardField(line.trim(), 20)}" where ${meant} was due, so ` +
      'a byte was lost or changed on the line. The command may or may not have been carried out. Check the cable ' +
      'and the baud rate.';
    this.#settle(job, err(deviceError('protocol', message, { command, onWire: true })));
  }

  /** Past a limit: the caller gets the error now and the lines held so far are let go; the command keeps the queue
   * until its final result or its time limit (a later command must not take the rest of this answer for its own). */
  #overflow(job: Job): void {
    job.overflowed = true;
    const maxLines = job.options.maxLines ?? AT_MAX_ANSWER_LINES;
    const maxBytes = job.options.maxBytes ?? AT_MAX_ANSWER_BYTES;
    const over = job.lines.length >= maxLines ? `${count(maxLines)} lines` : size(maxBytes, 'bytes');
    job.lines.length = 0;
    job.chars = 0;
    const message =
      `The board sent more than ${over} in answer to ${this.#short(job.command)} (the limit is ${count(maxLines)} ` +
      `lines / ${size(maxBytes, 'bytes')}), more than this command ever prints: the board is misbehaving. KeyWire stopped ` +
      'reading the answer; the board may have carried the command out. Read the console, then reset or reconnect ' +
      'the board.';
    this.#answer(job, err(deviceError('protocol', message, { command: this.#short(job.command), onWire: true })));
  }

  #result(job: Job, final: AtFinal): Result<AtResponse, DeviceError> {
    if (final.kind === 'ok')
      return ok({ command: job.command, lines: job.lines, durationMs: this.#now() - job.started });
    return err(
      deviceError('device-rejected', `The board answered ${describeFinal(final)} to ${this.#short(job.command)}.`, {
        final,
        command: this.#short(job.command),
      }),
    );
  }

  #shutdown(error: DeviceError): void {
    if (this.#closed) return;
    this.#closed = error;
    this.#resync?.cancel();
    this.#resync = undefined;
    const current = this.#current;
    if (current) {
      clearTimeout(current.timer);
      clearTimeout(current.grace);
      // The board got this one: whether it carried it out is unknown (a pulled cable is reported as such).
      const onWire = error.code === 'disconnected' ? {} : { onWire: true };
      this.#answer(current, err({ ...error, command: this.#short(current.command), ...onWire }));
    }
    this.#current = undefined;
    for (const job of this.#queue.splice(0)) this.#answer(job, err({ ...error, command: this.#short(job.command) }));
  }

  /** Stops listening to the stream and fails everything pending with 'not-open'. The stream stays open. */
  dispose(): void {
    for (const detach of this.#detach) detach();
    this.#shutdown(deviceError('not-open', 'The AT client was closed.'));
  }
}
