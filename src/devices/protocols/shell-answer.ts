// Layer: protocols (Zephyr shell). One command's answer as it arrives, line by line (log lines already taken out
// by the client): first the echo (lines that together spell the command, since a long echo wraps at the terminal
// width; the prompt stripped from the line that starts with it), then the answer lines, counted against the
// command's limits, with the shell core's refusal noted. Lines before the echo that are not part of it are noise
// (a half-typed line erased around a log message) and are handed back for the listeners. `result()` is what the
// caller gets once the prompt is back.
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions } from '../device.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import { parseRefusal, REFUSAL_TEXT, type ShellRefusal } from './shell-grammar.ts';
import type { ScreenLine } from './shell-lines.ts';

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
  /** The command restarts the board (`kernel reboot`): its boot banner is part of the answer, not a 'restarted' error. */
  readonly expectRestart?: boolean;
}

/** A shell error: the shell core's refusal, and the answer lines, when the board refused. */
export interface ShellError extends DeviceError {
  readonly refusal?: ShellRefusal;
  readonly lines?: readonly string[];
}

export const DEFAULT_MAX_LINES = 400;
export const DEFAULT_MAX_BYTES = 64 * 1024;

const count = (n: number) => n.toLocaleString('en-US');
const size = (chars: number) =>
  chars % 1024 === 0 && chars >= 1024 ? `${count(chars / 1024)} kB` : `${count(chars)} characters`;

/**
 * A command as errors, the console's summaries and the audit trail name it: the data of `cred buf <data>` (a chunk of
 * a credential: a certificate, or a PSK, never shown) as its size, the rest cut to 80 characters.
 */
export function shortCommand(command: string): string {
  const buffered = /^(\s*cred\s+buf\s+)(?!clear\s*$)(\S+)\s*$/.exec(command);
  if (buffered) return `${buffered[1]}<${count(buffered[2]!.length)} characters of credential data>`;
  return command.length > 80 ? `${command.slice(0, 77)}...` : command;
}
const squash = (text: string) => text.replace(/\s+/g, '');

export class ShellAnswer {
  readonly lines: string[] = [];
  readonly errorLines: string[] = [];
  #echoed: boolean;
  #echoSoFar = '';
  #echoLines: string[] = [];
  #sawOther = false;
  #chars = 0;
  #refusal: ShellRefusal | undefined;

  constructor(
    readonly command: string,
    readonly options: ShellCommandOptions,
    echo: boolean,
    private readonly stripPrompt: (text: string) => string,
  ) {
    this.#echoed = !echo || command === '';
  }

  get echoed(): boolean {
    return this.#echoed;
  }

  /** A line that was neither echo nor log arrived before the echo: a prompt now means the command went astray. */
  get sawOther(): boolean {
    return this.#sawOther;
  }

  /** Takes one screen line. Returns the lines that are noise (for the listeners) and, past a limit, the error. */
  take({ text, colour }: ScreenLine): { noise: string[]; overflow?: ShellError } {
    if (!this.#echoed) return { noise: this.#echo(text) };
    const body = this.stripPrompt(text);
    this.#chars += body.length + 1;
    const maxLines = this.options.maxLines ?? DEFAULT_MAX_LINES;
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (this.lines.length >= maxLines || this.#chars > maxBytes) {
      const over = this.lines.length >= maxLines ? `${count(maxLines)} lines` : size(maxBytes);
      const overflow = this.#overflow(over, `${count(maxLines)} lines / ${size(maxBytes)}`);
      // The caller has the first lines in the error; the rest is let go (memory stays bounded).
      this.lines.length = 0;
      this.errorLines.length = 0;
      this.#chars = 0;
      return { noise: [text], overflow };
    }
    this.#refusal ??= parseRefusal(body) ?? undefined;
    this.lines.push(body);
    if (colour === 'error') this.errorLines.push(body);
    return { noise: [] };
  }

  #echo(text: string): string[] {
    const body = squash(this.stripPrompt(text));
    const want = squash(this.command);
    const candidate = this.#echoSoFar + body;
    if (candidate === want) {
      this.#echoed = true;
      return [];
    }
    if (body.length > 0 && want.startsWith(candidate)) {
      this.#echoSoFar = candidate;
      this.#echoLines.push(text);
      return [];
    }
    // Not (the rest of) the echo: what was held is noise too; this line may start the echo afresh.
    const noise = this.#echoLines.splice(0);
    this.#echoSoFar = '';
    this.#sawOther = true;
    if (body.length > 0 && want.startsWith(body)) {
      if (body === want) this.#echoed = true;
      else {
        this.#echoSoFar = body;
        this.#echoLines.push(text);
      }
      return noise;
    }
    return [...noise, text];
  }

  /** Characters of answer lines held (bounded by the command's `maxBytes`). */
  get heldChars(): number {
    return this.#chars;
  }

  #overflow(over: string, limit: string): ShellError {
    return {
      ...deviceError(
        'protocol',
        `The board sent more than ${over} in answer to ${shortCommand(this.command)} (the limit is ${limit}), ` +
          'more than this command ever prints: the board is misbehaving (a runaway log or a stuck output loop). ' +
          'KeyWire stopped reading the answer; the board may have carried the command out. Read the console, then ' +
          'reset or reconnect the board.',
        { command: shortCommand(this.command), onWire: true },
      ),
      lines: this.lines.slice(0, 20),
    };
  }

  /** The caller's answer once the prompt is back. */
  result(durationMs: number): Result<ShellResponse, ShellError> {
    const command = shortCommand(this.command);
    if (!this.#echoed)
      return err(
        deviceError(
          'protocol',
          `The shell never echoed ${command} as sent: bytes were lost or changed on the line, so it may have run ` +
            'something else. Read the console, then try again.',
          { command },
        ),
      );
    if (this.#refusal)
      return err({
        ...deviceError(
          'device-rejected',
          `The board refused ${command}: ${REFUSAL_TEXT[this.#refusal]} ` +
            `(it answered "${this.lines.find((l) => parseRefusal(l)) ?? ''}").`,
          { command, final: { kind: 'error' } },
        ),
        refusal: this.#refusal,
        lines: this.lines,
      });
    return ok({ command: this.command, lines: this.lines, errorLines: this.errorLines, durationMs });
  }
}
