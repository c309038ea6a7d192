// Layer: protocols (AT). What the AT client refuses before sending (a command that is not one AT line) and the error
// a cancelled command gets, with the command shown as errors name it (`short`: key material masked, cut short).
import { deviceError, type DeviceError } from '../errors.ts';

/** The error of a cancelled command: `onWire` when the board had already received it. */
export function aborted(command: string, onWire: boolean, short: (c: string) => string): DeviceError {
  return onWire
    ? deviceError('aborted', `Stopped waiting for ${short(command)}, which the board had already received.`, {
        command: short(command),
        onWire: true,
      })
    : deviceError('aborted', `${short(command)} was cancelled before it was sent.`, { command: short(command) });
}

/** A command must start with AT and be one line: CR/LF are only allowed inside quotes (PEM content). */
export function checkCommand(command: string, short: (c: string) => string): DeviceError | undefined {
  if (!/^AT/i.test(command))
    return deviceError('invalid-input', `AT commands start with "AT"; got "${short(command)}".`);
  let quoted = false;
  for (const ch of command) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\r' || ch === '\n'))
      return deviceError('invalid-input', 'An AT command is one line: line breaks are only allowed inside quotes.');
  }
  if (quoted) return deviceError('invalid-input', `Unbalanced quotes in ${short(command)}.`);
  return undefined;
}
