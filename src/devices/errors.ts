// Layer: device stack, shared by transport, protocols and adapters. The one list of device error codes.
// Each code says who raises it and what the UI should do; the UI maps codes to text in one switch.
import type { CodedError } from '../lib/result.ts';

export type DeviceErrorCode =
  /** transport: the user closed the port picker without choosing. Not an error dialog: just stay where we were. */
  | 'no-port-chosen'
  /** transport: the browser refused access (not a secure context, permissions policy). Explain https/localhost. */
  | 'permission-denied'
  /** transport: open() failed with NetworkError: another program (terminal, IDE, nRF Connect) holds the port. */
  | 'port-busy'
  /** transport: open() on a port this page already opened (InvalidStateError). */
  | 'already-open'
  /** transport: open() failed for another reason (driver, device not ready, bad settings). Troubleshooting panel. */
  | 'open-failed'
  /** transport/protocols: an operation needs an open port and there is none. */
  | 'not-open'
  /** transport: the cable was pulled or the board reset mid-operation. Offer reconnect. */
  | 'disconnected'
  /** protocols: no final result within the command's time limit. */
  | 'timeout'
  /** protocols: the board printed its boot banner while a command was on the wire: it restarted under the command
   * (reset button, watchdog, power dip). Always `onWire`: the command may be half done, and the board's volatile
   * state (functional mode, error reporting) is back to its boot defaults. Stop, and check the board again. */
  | 'restarted'
  /** any layer: the caller's AbortSignal fired. Not shown as an error. With `onWire` the command had already reached
   * the board: it may have been carried out (record the outcome as unknown, never as cancelled). */
  | 'aborted'
  /** protocols/adapters: the board answered with bytes we cannot parse. Show the console. */
  | 'protocol'
  /** adapters: the board answered ERROR / +CME ERROR / +CMS ERROR or a shell refusal. See `final`. */
  | 'device-rejected'
  /** adapters: the command would exceed the board's limits (nRF91: 4096 characters per AT command). */
  | 'too-long'
  /** adapters/protocols: the caller's input cannot be sent as given (a quote inside a PEM, a sec_tag out of range,
   * a kind the board does not store). Nothing was sent: fix the input. */
  | 'invalid-input'
  /** any layer: the browser or board lacks the feature (no navigator.serial, capability absent). */
  | 'unsupported';

/** What the board said when it refused, as the wire carried it. */
export type FinalResult = { kind: 'error' } | { kind: 'cme'; code: number } | { kind: 'cms'; code: number };

export interface DeviceError extends CodedError<DeviceErrorCode> {
  /** Present when code is 'device-rejected'. */
  readonly final?: FinalResult;
  /** The command (or its first 80 characters) that failed, for the console and audit. */
  readonly command?: string;
  /** The command had been handed to the port when the caller stopped waiting (abort, close): the board may have
   * carried it out. Absent: nothing reached the board, or its answer is what `code` says. */
  readonly onWire?: boolean;
}

export const deviceError = (code: DeviceErrorCode, message: string, extra: Partial<DeviceError> = {}): DeviceError => ({
  code,
  message,
  ...extra,
});
