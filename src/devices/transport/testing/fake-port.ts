// Test support for the device stack (not bundled: only tests import it). A SerialPort lookalike with real web
// streams that follows Web Serial's rules where the connection depends on them: open twice is InvalidStateError,
// close() with a locked stream is a TypeError, an unplug errors the readable with NetworkError, nulls it and fires
// 'disconnect'; a line error errors the readable and hands out a fresh one. Tests script the bytes the board sends.
import type { SerialPortLike } from '../serial-port.ts';

export class FakePort extends EventTarget implements SerialPortLike {
  readonly info: SerialPortInfo;
  /** Set to make the next open() throw a DOMException of this name (or the given error). */
  openError: string | Error | undefined;
  /** Every chunk written, in order. */
  readonly writes: Uint8Array[] = [];
  /** Called for each chunk written: the scripted board answers here. */
  onWrite: ((chunk: Uint8Array, port: FakePort) => void) | undefined;
  /** Make each write take this long (ms) to complete, like a slow UART. */
  writeDelayMs = 0;
  openCount = 0;
  closeCount = 0;
  lastOptions: SerialOptions | undefined;
  #open = false;
  #readable: ReadableStream<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(info: SerialPortInfo = { usbVendorId: 0x1366, usbProductId: 0x1015 }) {
    super();
    this.info = info;
  }

  get readable(): ReadableStream<Uint8Array> | null {
    return this.#readable;
  }
  get writable(): WritableStream<Uint8Array> | null {
    return this.#writable;
  }
  get isOpen(): boolean {
    return this.#open;
  }

  getInfo(): SerialPortInfo {
    return this.info;
  }

  async open(options: SerialOptions): Promise<void> {
    if (this.#open) throw new DOMException('The port is already open.', 'InvalidStateError');
    const failure = this.openError;
    this.openError = undefined;
    if (typeof failure === 'string') throw new DOMException('Failed to open serial port.', failure);
    if (failure) throw failure;
    this.lastOptions = options;
    this.openCount++;
    this.#open = true;
    this.#newReadable();
    this.#writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        if (this.writeDelayMs) await new Promise((r) => setTimeout(r, this.writeDelayMs));
        this.writes.push(chunk.slice());
        this.onWrite?.(chunk, this);
      },
    });
  }

  #newReadable(): void {
    this.#readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
    });
  }

  /** The board sends these bytes (a string is sent as Latin-1/ASCII). */
  send(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Uint8Array.from(data, (c) => c.charCodeAt(0)) : data;
    this.#controller?.enqueue(bytes);
  }

  /** Everything written so far as text. */
  get writtenText(): string {
    return this.writes.map((w) => String.fromCharCode(...w)).join('');
  }

  /** Pulls the cable. `fireEvent: false` errors the stream without the 'disconnect' event (a driver failure). */
  unplug({ fireEvent = true } = {}): void {
    this.#controller?.error(new DOMException('The device has been lost.', 'NetworkError'));
    this.#readable = null;
    this.#writable = null;
    this.#open = false;
    if (fireEvent) this.dispatchEvent(new Event('disconnect'));
  }

  /** A framing/parity/break/overrun error: the current readable errors, a fresh one replaces it. */
  lineError(name: 'FramingError' | 'ParityError' | 'BreakError' | 'BufferOverrunError'): void {
    this.#controller?.error(new DOMException('Line error.', name));
    this.#newReadable();
  }

  async close(): Promise<void> {
    if (!this.#open) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.#readable?.locked || this.#writable?.locked) throw new TypeError('Cannot cancel a locked stream');
    // As the spec does: cancel the readable, abort the writable (both resolve on an errored stream).
    await this.#readable?.cancel();
    await this.#writable?.abort();
    this.#readable = null;
    this.#writable = null;
    this.#open = false;
    this.closeCount++;
  }
}
