// Layer: emulated port. The exceptions Chrome's SerialPort raises, with Chrome's messages (third_party/blink/
// renderer/modules/serial/serial_port.cc), so code above handles the emulator exactly as a real port.

export const PORT_MESSAGES = {
  openInProgress: 'A call to open() is already in progress.',
  alreadyOpen: 'The port is already open.',
  alreadyClosed: 'The port is already closed.',
  closeInProgress: 'A call to close() is already in progress.',
  portClosed: 'The port is closed.',
  openFailed: 'Failed to open serial port.',
  deviceLost: 'The device has been lost.',
  noSignals: 'Signals dictionary must contain at least one member.',
  cancelLocked: "Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream",
  abortLocked: "Failed to execute 'close' on 'SerialPort': Cannot abort a locked stream",
} as const;

export const invalidState = (message: string): DOMException => new DOMException(message, 'InvalidStateError');
export const networkError = (message: string): DOMException => new DOMException(message, 'NetworkError');
export const deviceLost = (): DOMException => networkError(PORT_MESSAGES.deviceLost);

const MAX_BUFFER_SIZE = 16 * 1024 * 1024;

export interface CheckedOptions {
  readonly baudRate: number;
  readonly dataBits: 7 | 8;
  readonly stopBits: 1 | 2;
  readonly parity: ParityType;
  readonly bufferSize: number;
  readonly flowControl: FlowControlType;
}

/** SerialOptions as WebIDL and Chrome check them; throws the TypeError Chrome would. */
export function checkOpenOptions(options: SerialOptions | undefined): CheckedOptions {
  const fail = (why: string) => new TypeError(`Failed to execute 'open' on 'SerialPort': ${why}`);
  if (!options || typeof options !== 'object') throw fail('1 argument required, but only 0 present.');
  const baudRate = Number(options.baudRate);
  if (options.baudRate === undefined) {
    throw fail("Failed to read the 'baudRate' property from 'SerialOptions': Required member is undefined.");
  }
  if (!Number.isFinite(baudRate) || baudRate <= 0) throw fail('Requested baud rate must be greater than zero.');
  const dataBits = options.dataBits ?? 8;
  if (dataBits !== 7 && dataBits !== 8) throw fail('Requested number of data bits must be 7 or 8.');
  const stopBits = options.stopBits ?? 1;
  if (stopBits !== 1 && stopBits !== 2) throw fail('Requested number of stop bits must be 1 or 2.');
  const parity = options.parity ?? 'none';
  if (!['none', 'even', 'odd'].includes(parity)) {
    throw fail(`The provided value '${String(parity)}' is not a valid enum value of type ParityType.`);
  }
  const flowControl = options.flowControl ?? 'none';
  if (!['none', 'hardware'].includes(flowControl)) {
    throw fail(`The provided value '${String(flowControl)}' is not a valid enum value of type FlowControlType.`);
  }
  const bufferSize = options.bufferSize ?? 255;
  if (bufferSize <= 0) throw fail(`Requested buffer size (${bufferSize} bytes) must be greater than zero.`);
  if (bufferSize > MAX_BUFFER_SIZE) {
    throw fail(
      `Requested buffer size (${bufferSize} bytes) is greater than the maximum allowed (${MAX_BUFFER_SIZE} bytes).`,
    );
  }
  return { baudRate: Math.floor(baudRate), dataBits, stopBits, parity, bufferSize, flowControl };
}

/** A write chunk as Chrome's sink takes it: any BufferSource; anything else is a TypeError. */
export function chunkBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk.slice(0));
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  throw new TypeError("Failed to execute 'write': the chunk is not an ArrayBuffer or ArrayBufferView.");
}
