// Layer: Zephyr adapter, its shell helpers. The Zephyr shell prints no final result, and a command's failure is a
// sentence it prints (in red when colours are on), so every facet names the line that means success and anything
// else is the board's refusal, reported with the board's own words and, for the refusals KeyWire acts on, a
// `rejection` the flows can switch on.
import { err, ok, type Result } from '../../../lib/result.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import type { ShellClient, ShellCommandOptions, ShellResponse } from '../../protocols/shell-client.ts';

/** Refusals a flow reacts to; `other` is shown as the board's words. */
export type ZephyrRejection =
  | 'credential-exists'
  | 'no-credential'
  | 'key-exists'
  | 'no-key'
  | 'buffer-full'
  | 'store-full'
  | 'command-missing'
  | 'other';

export interface ZephyrError extends DeviceError {
  readonly rejection?: ZephyrRejection;
  /** The board's answer lines, for the console and reports. */
  readonly boardSaid?: readonly string[];
}

const KNOWN: readonly (readonly [RegExp, ZephyrRejection])[] = [
  [/^TLS credential with sectag \d+ and type \S+ already exists\./, 'credential-exists'],
  [/^There is no TLS credential/, 'no-credential'],
  [/Key already exists/i, 'key-exists'],
  [/^No (?:device )?key/i, 'no-key'],
  [/^Not enough room in credential buffer/, 'buffer-full'],
  [/^Failed to add TLS credential .*Error: -12/, 'store-full'],
];

export function classify(lines: readonly string[]): ZephyrRejection {
  for (const line of lines) for (const [pattern, kind] of KNOWN) if (pattern.test(line)) return kind;
  return 'other';
}

export async function run(
  shell: ShellClient,
  command: string,
  opts: ShellCommandOptions = {},
): Promise<Result<ShellResponse, ZephyrError>> {
  const r = await shell.send(command, opts);
  if (r.ok || r.error.code !== 'device-rejected') return r;
  return err({ ...r.error, rejection: r.error.refusal === 'command-not-found' ? 'command-missing' : 'other' });
}

/** Runs `command` and succeeds only when a line matches `success`; otherwise the board's words are the error. */
export async function expectLine(
  shell: ShellClient,
  command: string,
  success: RegExp,
  opts: ShellCommandOptions = {},
): Promise<Result<{ response: ShellResponse; line: string }, ZephyrError>> {
  const r = await run(shell, command, opts);
  if (!r.ok) return r;
  const line = r.value.lines.find((l) => success.test(l));
  if (line !== undefined) return ok({ response: r.value, line });
  return err(looksRefused(r.value) ? refused(command, r.value) : garbled(command, r.value));
}

/** Words a Zephyr command's failure message starts with (when the firmware prints no colours). */
const FAILURE_WORDS =
  /^(?:Failed|Failure|Error|Err\b|Cannot|Can't|Could not|Unable|Invalid|Unknown|No |Not |There is no|Usage|Key already|Wrong)/i;

/** Whether an answer without its success line is the board refusing: a line in the error colour, a refusal KeyWire
 * knows, or a failure sentence. Anything else (a success line with bytes lost or changed, nothing at all) is not. */
function looksRefused(response: ShellResponse): boolean {
  return (
    response.errorLines.length > 0 ||
    classify(response.lines) !== 'other' ||
    response.lines.some((l) => FAILURE_WORDS.test(l.trim()) || /\b(?:error|err)\s*[:=]?\s*-\d+/i.test(l))
  );
}

/** The answer is neither the success line nor a refusal: bytes were lost or changed on the line. The command may
 * have been carried out (onWire), so its outcome is unknown. */
export function garbled(command: string, response: ShellResponse): ZephyrError {
  const words = response.lines.length > 0 ? `"${response.lines.join(' ').slice(0, 240)}"` : 'nothing';
  return {
    ...deviceError(
      'protocol',
      `The board's answer to ${command.slice(0, 80)} was garbled: it said ${words}, neither the success line nor a ` +
        'refusal. Bytes were lost or changed on the line; whether the command was carried out is unknown.',
      { command: command.slice(0, 80), onWire: true },
    ),
    boardSaid: response.lines,
  };
}

export function refused(command: string, response: ShellResponse): ZephyrError {
  const said = response.errorLines.length > 0 ? response.errorLines : response.lines;
  const words = said.length > 0 ? said.join(' ').slice(0, 240) : '(nothing)';
  return {
    ...deviceError('device-rejected', `The board refused ${command.slice(0, 80)}: it said "${words}".`, {
      command: command.slice(0, 80),
      final: { kind: 'error' },
    }),
    rejection: classify(response.lines),
    boardSaid: response.lines,
  };
}

export function unexpected(command: string, what: string, response: ShellResponse): ZephyrError {
  const seen = response.lines.length ? `: ${response.lines.join(' | ').slice(0, 200)}` : ' (no answer lines)';
  return deviceError('protocol', `Unexpected answer to ${command.slice(0, 80)}, expected ${what}${seen}`, {
    command: command.slice(0, 80),
  });
}
