// Layer: transport. Turns what Web Serial, the WebUSB polyfill and the emulated port throw into DeviceError values.
// The same DOMException name means different things at different steps (NetworkError on open: another program
// holds the port; on read: the device is gone), so the mapping takes the step.
import { deviceError, type DeviceError } from '../errors.ts';

export type SerialStep = 'request' | 'getPorts' | 'open' | 'read' | 'write' | 'close';

/** Read errors after which Web Serial hands out a fresh `readable`: the port is still usable. */
export const RECOVERABLE_READ_ERRORS = new Set(['BufferOverrunError', 'BreakError', 'FramingError', 'ParityError']);

export function errorName(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string') return e.name;
  return 'Error';
}

export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}

export function mapSerialError(e: unknown, step: SerialStep): DeviceError {
  const name = errorName(e);
  const detail = errorMessage(e);
  const said = detail ? ` (the browser said: ${detail})` : '';
  if (name === 'AbortError') return deviceError('aborted', `The ${step} was cancelled.`);
  if ((name === 'SecurityError' || name === 'NotAllowedError') && /gesture/i.test(detail))
    return deviceError(
      'permission-denied',
      'The browser only shows the port picker in answer to a click or key press: use the Connect button.',
    );
  if (name === 'SecurityError' || name === 'NotAllowedError')
    return deviceError(
      'permission-denied',
      `The browser refused access to serial ports${said}. KeyWire must be served over https or from localhost, ` +
        'and the page must not be blocked from using serial ports by a permissions policy.',
    );
  switch (step) {
    case 'request':
      if (name === 'NotFoundError') return deviceError('no-port-chosen', 'No port was chosen.');
      if (name === 'TypeError') return deviceError('unsupported', `The port picker could not be shown${said}.`);
      return deviceError('unsupported', `The port picker failed${said}.`);
    case 'getPorts':
      return deviceError('unsupported', `The browser could not list granted ports${said}.`);
    case 'open':
      if (name === 'InvalidStateError')
        return deviceError('already-open', 'This port is already open in KeyWire (another tab or panel has it).');
      if (name === 'NetworkError')
        return deviceError(
          'port-busy',
          `The port could not be opened: another program holds it${said}. Close nRF Connect, terminals ` +
            '(screen, minicom, PuTTY), IDE serial monitors and J-Link tools, then try again.',
        );
      if (name === 'NotFoundError')
        return deviceError('disconnected', 'The board is no longer connected. Plug it in and choose it again.');
      if (name === 'TypeError')
        return deviceError('open-failed', `The port rejected the serial settings${said}. Check the baud rate.`);
      return deviceError('open-failed', `The port could not be opened${said}.`);
    case 'read':
    case 'write':
      if (name === 'InvalidStateError' || name === 'TypeError')
        return deviceError('not-open', `The port is not open for ${step === 'read' ? 'reading' : 'writing'}${said}.`);
      return deviceError('disconnected', `The board stopped answering on the port${said}. Was it unplugged or reset?`);
    case 'close':
      return deviceError('disconnected', `Closing the port failed${said}.`);
  }
}
