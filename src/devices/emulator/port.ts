// Layer: emulated port. `EmulatedSerialPort` behaves like Chrome's Web Serial `SerialPort` (same members, same
// exceptions for the same misuse, same stream lifecycle): readable/writable are null until open and are created on
// first access; close() cancels the readable and aborts the writable and fails while either is locked; an unplug
// errors both streams with NetworkError "The device has been lost.", closes the port and fires 'disconnect'.
// Below it: a BoardWire to the emulated board (pacing at the baud rate passed to open(), faults).
import type { EmulatorClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import {
  checkOpenOptions,
  chunkBytes,
  deviceLost,
  invalidState,
  networkError,
  PORT_MESSAGES as M,
} from './port-errors.ts';
import type { EmulatedBoardInfo } from './types.ts';
import { BoardWire } from './wire.ts';

/** What the port needs from the board at the other end of the cable (the lab provides it). */
export interface PortBoardLink {
  readonly info: EmulatedBoardInfo;
  readonly clock: EmulatorClock;
  readonly faults: FaultInjector;
  /** The board's UART line settings. */
  readonly uartBaud: number;
  /** Whether bytes are paced at the baud rate (off in unit tests). */
  readonly pacing: boolean;
  /** Another program holds the port: open() fails with NetworkError. */
  readonly busy: boolean;
  receive(bytes: Uint8Array): void;
  /** The port listens to the board's TX while open; null detaches. */
  attach(sink: ((bytes: Uint8Array) => void) | null): void;
  onScheduled?(direction: 'to-host' | 'to-board', chunk: Uint8Array, arrivesAt: number): void;
}

type PortState = 'closed' | 'opening' | 'open' | 'closing';

/** Bytes kept while no readable exists (the OS buffer of a real port); beyond this they are lost. */
const RX_HOLD_BYTES = 4096;

export class EmulatedSerialPort extends EventTarget implements SerialPort {
  onconnect: ((this: SerialPort, ev: Event) => void) | null = null;
  ondisconnect: ((this: SerialPort, ev: Event) => void) | null = null;

  #plugged = true;
  #state: PortState = 'closed';
  #wire: BoardWire | null = null;
  #bufferSize = 255;
  #readable: ReadableStream<Uint8Array> | null = null;
  #readController: ReadableByteStreamController | null = null;
  #held: Uint8Array<ArrayBuffer>[] = [];
  #writable: WritableStream<Uint8Array> | null = null;
  #writeController: WritableStreamDefaultController | null = null;
  #closeDone: (() => void) | null = null;
  #signals = { dataTerminalReady: false, requestToSend: false, break: false };

  constructor(private readonly link: PortBoardLink) {
    super();
  }

  get connected(): boolean {
    return this.#plugged;
  }

  /** Lab-facing: whether the page has this port open. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  getInfo(): SerialPortInfo {
    return { usbVendorId: this.link.info.usbVendorId, usbProductId: this.link.info.usbProductId };
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (this.#readable) return this.#readable;
    if (this.#state !== 'open') return null;
    const stream = new ReadableStream(
      {
        type: 'bytes',
        start: (controller) => {
          this.#readController = controller;
          for (const chunk of this.#held.splice(0)) controller.enqueue(chunk);
        },
        cancel: () => {
          this.#readable = null;
          this.#readController = null;
          this.#wire?.flushToHost(invalidState(M.portClosed));
          this.#maybeFinishClose();
        },
      },
      { highWaterMark: this.#bufferSize },
    );
    this.#readable = stream as ReadableStream<Uint8Array>;
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (this.#writable) return this.#writable;
    if (this.#state !== 'open') return null;
    const detach = () => {
      this.#writable = null;
      this.#writeController = null;
      this.#maybeFinishClose();
    };
    this.#writable = new WritableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#writeController = controller;
        },
        write: async (chunk) => {
          const bytes = chunkBytes(chunk);
          const wire = this.#wire;
          if (!wire) throw deviceLost();
          await wire.send(bytes);
        },
        close: detach,
        abort: (reason) => {
          this.#wire?.flushToBoard(reason);
          detach();
        },
      },
      new CountQueuingStrategy({ highWaterMark: 1 }),
    );
    return this.#writable;
  }

  async open(options: SerialOptions): Promise<void> {
    if (this.#state === 'opening') throw invalidState(M.openInProgress);
    if (this.#state !== 'closed') throw invalidState(M.alreadyOpen);
    const checked = checkOpenOptions(options);
    if (!this.#plugged || this.link.busy) throw networkError(M.openFailed);
    this.#state = 'opening';
    await new Promise<void>((resolve) => this.link.clock.setTimeout(resolve, 0));
    if (this.#state !== 'opening' || !this.#plugged) {
      this.#state = 'closed';
      throw networkError(M.openFailed);
    }
    this.#bufferSize = checked.bufferSize;
    this.#held = [];
    this.#wire = new BoardWire({
      clock: this.link.clock,
      faults: this.link.faults,
      baud: this.link.pacing ? checked.baudRate : null,
      mismatched: checked.baudRate !== this.link.uartBaud || checked.dataBits !== 8 || checked.parity !== 'none',
      toBoard: (bytes) => this.link.receive(bytes),
      toHost: (bytes) => this.#deliver(bytes),
      onScheduled: (direction, chunk, at) => this.link.onScheduled?.(direction, chunk, at),
    });
    const wire = this.#wire;
    this.link.attach((bytes) => wire.fromBoard(bytes));
    this.#state = 'open';
  }

  close(): Promise<void> {
    if (this.#state === 'closing') return Promise.reject(invalidState(M.closeInProgress));
    if (this.#state !== 'open') return Promise.reject(invalidState(M.alreadyClosed));
    if (this.#readable?.locked) return Promise.reject(new TypeError(M.cancelLocked));
    const done = new Promise<void>((resolve) => (this.#closeDone = resolve));
    this.#state = 'closing';
    void this.#readable?.cancel().catch(() => {});
    if (this.#writable?.locked) {
      // Chrome has already cancelled the readable at this point; the port stays open.
      this.#state = 'open';
      this.#closeDone = null;
      return Promise.reject(new TypeError(M.abortLocked));
    }
    void this.#writable?.abort(invalidState(M.portClosed)).catch(() => {});
    this.#maybeFinishClose();
    return done;
  }

  async forget(): Promise<void> {
    // Emulated boards are always granted: the lab hands the same port out again.
  }

  async getSignals(): Promise<SerialInputSignals> {
    if (this.#state !== 'open' && this.#state !== 'closing') throw invalidState(M.portClosed);
    return { dataCarrierDetect: false, clearToSend: true, ringIndicator: false, dataSetReady: true };
  }

  async setSignals(signals: SerialOutputSignals): Promise<void> {
    if (this.#state !== 'open' && this.#state !== 'closing') throw invalidState(M.portClosed);
    const given = (['dataTerminalReady', 'requestToSend', 'break'] as const).filter((k) => signals?.[k] !== undefined);
    if (given.length === 0) throw new TypeError(M.noSignals);
    for (const key of given) this.#signals[key] = Boolean(signals[key]);
  }

  /** Lab-facing: the cable was pulled. */
  cableUnplugged(): void {
    if (!this.#plugged) return;
    this.#plugged = false;
    this.#lose();
    this.#fire('disconnect');
  }

  /** Lab-facing: the cable is back. */
  cablePlugged(): void {
    if (this.#plugged) return;
    this.#plugged = true;
    this.#fire('connect');
  }

  #deliver(bytes: Uint8Array): void {
    if (this.#state !== 'open' || bytes.length === 0) return;
    if (this.#readController) {
      this.#readController.enqueue(new Uint8Array(bytes));
      return;
    }
    this.#held.push(new Uint8Array(bytes));
    let total = this.#held.reduce((n, c) => n + c.length, 0);
    while (total > RX_HOLD_BYTES && this.#held.length) total -= this.#held.shift()!.length;
  }

  #lose(): void {
    const lost = deviceLost();
    this.#wire?.cancel(lost);
    this.#wire = null;
    this.link.attach(null);
    this.#readController?.error(lost);
    this.#writeController?.error(lost);
    this.#readable = null;
    this.#readController = null;
    this.#writable = null;
    this.#writeController = null;
    this.#held = [];
    const wasClosing = this.#state === 'closing';
    this.#state = 'closed';
    if (wasClosing) this.#resolveClose();
  }

  #maybeFinishClose(): void {
    if (this.#state !== 'closing' || this.#readable || this.#writable) return;
    this.#wire?.cancel(invalidState(M.portClosed));
    this.#wire = null;
    this.link.attach(null);
    this.#held = [];
    this.#state = 'closed';
    this.#resolveClose();
  }

  #resolveClose(): void {
    const done = this.#closeDone;
    this.#closeDone = null;
    done?.();
  }

  #fire(type: 'connect' | 'disconnect'): void {
    const event = new Event(type, { bubbles: true });
    this.dispatchEvent(event);
    const handler = type === 'connect' ? this.onconnect : this.ondisconnect;
    handler?.call(this, event);
  }
}
