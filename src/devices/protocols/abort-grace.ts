// Layer: protocols, shared by the AT, shell and KWSE clients. After Cancel, a command that changes the board
// (`abortOnWire: 'finish'`) still waits for the board's real answer, but only this long: a board that holds its
// answer longer gets 'aborted' with `onWire` (whether it was carried out is unknown), so a Cancel ends within seconds.
import { deviceError, type DeviceError } from '../errors.ts';

/** How long an abort of a 'finish' command waits for its answer, ms. */
export const ABORT_GRACE_MS = 2000;

/**
 * Starts the grace period of an aborted 'finish' command (`what`: the command as errors name it). When it runs out
 * and the command is still in flight (`inFlight()`), `answer` gets the 'aborted' error. Returns the timer to clear
 * when the command ends.
 */
export function startAbortGrace(
  what: string,
  ms: number,
  inFlight: () => boolean,
  answer: (error: DeviceError) => void,
): ReturnType<typeof setTimeout> {
  return setTimeout(() => {
    if (!inFlight()) return;
    const s = Math.round(ms / 100) / 10;
    const message =
      `The board had already received ${what} and had not answered ${s} s after Cancel: it was left as it is, ` +
      'and whether the command was carried out is unknown.';
    answer(deviceError('aborted', message, { command: what, onWire: true }));
  }, ms);
}
