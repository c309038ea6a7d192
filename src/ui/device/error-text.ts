// Layer: views (device). The one place device, audit and crypto error codes become words a technician reads: what
// happened, in plain language, and what to do next. The error's own message is kept as the detail line.
import { cmeCodeInfo } from '../../app/wiring.ts';
import type { DeviceError } from '../../devices/errors.ts';
import type { AuditError } from '../../audit/types.ts';
import type { CryptoError } from '../../pki/crypto-types.ts';

export interface ErrorText {
  readonly title: string;
  /** What to do next. */
  readonly next: string;
}

export function deviceErrorText(error: DeviceError): ErrorText {
  switch (error.code) {
    case 'no-port-chosen':
      return { title: 'No port was chosen', next: 'Choose your board in the dialog, or pick an emulated board.' };
    case 'permission-denied':
      return {
        title: 'The browser refused access to the port',
        next: 'Open KeyWire over https or from localhost, and allow serial access for this site.',
      };
    case 'port-busy':
      return {
        title: 'Another program is using this port',
        next: 'Close the other program (terminal, nRF Connect, IDE serial monitor), then try again.',
      };
    case 'already-open':
      return { title: 'This port is already open in KeyWire', next: 'Disconnect first, or reload the page.' };
    case 'open-failed':
      return { title: 'The port could not be opened', next: 'Check the cable and the driver, then try again.' };
    case 'not-open':
      return { title: 'No board is connected', next: 'Connect a board first.' };
    case 'disconnected':
      return {
        title: 'The board was disconnected',
        next: 'Check the cable and power. KeyWire reconnects when the board comes back.',
      };
    case 'timeout':
      return {
        title: 'The board did not answer in time',
        next: 'Check the baud rate and that the board runs AT firmware, then try again.',
      };
    case 'aborted':
      return { title: 'Cancelled', next: 'Nothing else happened.' };
    case 'restarted':
      return {
        title: 'The board restarted during the command',
        next: 'The command may be half done. Check the board again (Continue) before anything else.',
      };
    case 'protocol':
      return {
        title: 'The board answered something KeyWire cannot read',
        next: 'Look at the console for what it sent.',
      };
    case 'device-rejected':
      return rejectedText(error);
    case 'too-long':
      return {
        title: 'Too long for this board',
        next: 'Shorten the content or the chain; the board has a size limit.',
      };
    case 'invalid-input':
      return { title: 'This cannot be sent as given', next: 'Fix the input; nothing was sent to the board.' };
    case 'unsupported':
      return { title: 'Not supported here', next: 'Use a board or browser that supports this.' };
  }
}

function rejectedText(error: DeviceError): ErrorText {
  const final = error.final;
  if (final?.kind === 'cme') {
    const info = cmeCodeInfo(final.code);
    return {
      title: `The board refused: +CME ERROR ${final.code}${info ? ` (${info.name})` : ''}`,
      next: info?.hint ?? 'Look up this code for your modem firmware.',
    };
  }
  if (final?.kind === 'cms') return { title: `The board refused: +CMS ERROR ${final.code}`, next: 'See the console.' };
  return {
    title: 'The board answered ERROR',
    next: 'Check the command; with error codes on (AT+CMEE=1) the modem says why.',
  };
}

export function auditErrorText(error: AuditError): ErrorText {
  switch (error.code) {
    case 'operator-missing':
      return {
        title: 'Enter your name first',
        next: 'Every change to a board is recorded with who made it: fill in Settings → Operator and site.',
      };
    case 'quota-exceeded':
      return { title: "The audit trail's storage is full", next: 'Export the trail in Audit, then free space.' };
    case 'storage-unavailable':
      return {
        title: 'This browser will not store the audit trail',
        next: 'Leave private browsing or allow site storage: KeyWire changes no board it cannot record.',
      };
    case 'blocked':
      return { title: 'Another KeyWire tab holds the audit trail', next: 'Close the other KeyWire tabs and retry.' };
    case 'version-too-new':
      return { title: 'The audit trail was written by a newer KeyWire', next: 'Reload the page.' };
    case 'secret-detected':
    case 'invalid-entry':
      return { title: 'The audit record was refused', next: 'Report this to the KeyWire maintainers.' };
    default:
      return { title: 'The audit trail could not record this', next: 'Try again; if it repeats, reload the page.' };
  }
}

export function cryptoErrorText(error: CryptoError): ErrorText {
  switch (error.code) {
    case 'unrecognised-input':
    case 'empty-input':
      return { title: 'No certificate found in the content', next: 'The content is shown as the board stores it.' };
    case 'malformed':
      return { title: 'The content is damaged', next: 'Read it again; if it repeats, the stored bytes are broken.' };
    case 'aborted':
      return { title: 'Cancelled', next: 'Nothing else happened.' };
    default:
      return { title: 'The certificate could not be checked', next: 'Try again; the content itself is shown.' };
  }
}
