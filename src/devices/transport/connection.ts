// Layer: transport. One open serial port as a byte stream: open with settings, a read loop that pushes chunks to
// subscribers, serialised writes with progress, a close that releases locks in the right order and never throws,
// and a single disconnect notice. Every byte in and out is timestamped here and nowhere else (the byte tap).
// Above: protocols (AtClient) through the ByteStream interface, and the console through onTap. Below: a
// SerialPortLike (Web Serial, WebUSB polyfill, emulator). It knows nothing about commands.
import { err, ok, type Result } from '../../lib/result.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import type { ByteStream, TapEvent, WriteOptions } from './byte-stream.ts';
import { Listeners } from './listeners.ts';
import { errorName, mapSerialError, RECOVERABLE_READ_ERRORS } from './serial-errors.ts';
import { identityOf, type PortIdentity, type SerialPortLike } from './serial-port.ts';

export interface ConnectionOptions {
  /** Default 115200, what nRF91 at_client and Serial LTE Modem use. */
  readonly baudRate?: number;
  /** Default 'hardware' (RTS/CTS), as nRF91 DKs wire it. */
  readonly flowControl?: FlowControlType;
  readonly bufferSize?: number;
  /** Tap listener attached before the first byte moves, so the session log misses nothing. */
  readonly onTap?: (event: TapEvent) => void;
  /** Bytes per write() call on the port; progress and abort happen between chunks. */
  readonly writeChunkSize?: number;
  /** Clock for tap timestamps (ms since the epoch). */
  readonly now?: () => number;
  /** USB serial number or emulated board id, kept in `identity` for reconnect. */
  readonly serialNumber?: string;
}

export type ConnectionState = 'open' | 'closing' | 'closed' | 'disconnected';

/** Received bytes held until the first data subscriber arrives (bounded: a chatty board cannot fill memory). */
const EARLY_BUFFER_LIMIT = 64 * 1024;
/** No single step of close() may hang it for longer than this. */
const CLOSE_STEP_MS = 2000;

const settle = (work: Promise<unknown>, ms = CLOSE_STEP_MS): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    work.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });

export class SerialConnection implements ByteStream {
  readonly port: SerialPortLike;
  readonly identity: PortIdentity;
  readonly baudRate: number;
  readonly flowControl: FlowControlType;
  #state: ConnectionState = 'open';
  #now: () => number;
  #chunkSize: number;
  #data = new Listeners<Uint8Array>();
  #tap = new Listeners<TapEvent>();
  #disconnect = new Listeners<DeviceError>();
  #lineErrors = new Listeners<string>();
  #early: Uint8Array[] = [];
  #earlyBytes = 0;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #writeChain: Promise<unknown> = Promise.resolve();
  #readLoop: Promise<void> = Promise.resolve();
  #released: Promise<void> | undefined;
  #onPortDisconnect = () => this.#lost(deviceError('disconnected', 'The board was unplugged or reset.'));

  /** Opens the port and starts reading. Every failure is a DeviceError value (see serial-errors.ts). */
  static async open(
    port: SerialPortLike,
    options: ConnectionOptions = {},
  ): Promise<Result<SerialConnection, DeviceError>> {
    const baudRate = options.baudRate ?? 115200;
    const flowControl = options.flowControl ?? 'hardware';
    if (!Number.isInteger(baudRate) || baudRate <= 0)
      return err(deviceError('open-failed', `Baud rate must be a positive whole number, got ${baudRate}.`));
    try {
      await port.open({ baudRate, flowControl, ...(options.bufferSize ? { bufferSize: options.bufferSize } : {}) });
    } catch (e) {
      return err(mapSerialError(e, 'open'));
    }
    return ok(new SerialConnection(port, baudRate, flowControl, options));
  }

  private constructor(port: SerialPortLike, baudRate: number, flowControl: FlowControlType, o: ConnectionOptions) {
    this.port = port;
    this.identity = identityOf(port, o.serialNumber);
    this.baudRate = baudRate;
    this.flowControl = flowControl;
    this.#now = o.now ?? Date.now;
    this.#chunkSize = Math.max(1, o.writeChunkSize ?? 256);
    if (o.onTap) this.#tap.add(o.onTap);
    port.addEventListener?.('disconnect', this.#onPortDisconnect);
    this.#readLoop = this.#read();
  }

  get state(): ConnectionState {
    return this.#state;
  }
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    const off = this.#data.add(listener);
    const early = this.#early;
    this.#early = [];
    this.#earlyBytes = 0;
    for (const chunk of early) listener(chunk);
    return off;
  }
  onTap(listener: (event: TapEvent) => void): () => void {
    return this.#tap.add(listener);
  }
  onDisconnect(listener: (error: DeviceError) => void): () => void {
    return this.#disconnect.add(listener);
  }
  /** Framing, parity, break and overrun errors: the port stays open, some bytes were lost. */
  onLineError(listener: (name: string) => void): () => void {
    return this.#lineErrors.add(listener);
  }

  write(bytes: Uint8Array, options: WriteOptions = {}): Promise<Result<void, DeviceError>> {
    const run = this.#writeChain.then(() => this.#writeNow(bytes, options));
    this.#writeChain = run;
    return run;
  }

  async #writeNow(bytes: Uint8Array, { signal, onProgress }: WriteOptions): Promise<Result<void, DeviceError>> {
    if (signal?.aborted) return err(deviceError('aborted', 'The write was cancelled before it started.'));
    if (this.#state !== 'open') return err(this.#notOpen());
    const writable = this.port.writable;
    if (!writable) return err(deviceError('not-open', 'The port has no writable stream.'));
    let writer: WritableStreamDefaultWriter<Uint8Array>;
    try {
      writer = writable.getWriter();
    } catch (e) {
      return err(mapSerialError(e, 'write'));
    }
    this.#writer = writer;
    try {
      for (let at = 0; at < bytes.length; at += this.#chunkSize) {
        if (signal?.aborted)
          return err(deviceError('aborted', `The write was cancelled after ${at} of ${bytes.length} bytes.`));
        // Copy: the caller may reuse its buffer, and the tap must show what was actually sent.
        const chunk = bytes.slice(at, at + this.#chunkSize);
        this.#tap.emit({ t: this.#now(), dir: 'tx', bytes: chunk });
        await writer.write(chunk);
        onProgress?.(Math.min(1, (at + chunk.length) / bytes.length));
      }
      if (bytes.length === 0) onProgress?.(1);
      return ok(undefined);
    } catch (e) {
      if (this.#state !== 'open') return err(this.#notOpen());
      const error = mapSerialError(e, 'write');
      if (error.code === 'disconnected') this.#lost(error);
      return err(error);
    } finally {
      this.#writer = undefined;
      try {
        writer.releaseLock();
      } catch {
        // Already released by an abort during close.
      }
    }
  }

  #notOpen(): DeviceError {
    return this.#state === 'disconnected'
      ? deviceError('disconnected', 'The board is disconnected.')
      : deviceError('not-open', 'The port is closed.');
  }

  #receive(bytes: Uint8Array): void {
    this.#tap.emit({ t: this.#now(), dir: 'rx', bytes });
    if (this.#data.size > 0) {
      this.#data.emit(bytes);
    } else if (this.#earlyBytes + bytes.length <= EARLY_BUFFER_LIMIT) {
      this.#early.push(bytes);
      this.#earlyBytes += bytes.length;
    }
  }

  async #read(): Promise<void> {
    while (this.#state === 'open') {
      const readable = this.port.readable;
      if (!readable) return this.#lost(deviceError('disconnected', 'The port stopped delivering data.'));
      let reader: ReadableStreamDefaultReader<Uint8Array>;
      try {
        reader = readable.getReader();
      } catch (e) {
        return this.#lost(mapSerialError(e, 'read'));
      }
      this.#reader = reader;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value && value.length > 0) this.#receive(value);
        }
        if (this.#state === 'open') this.#lost(deviceError('disconnected', 'The port closed its input stream.'));
      } catch (e) {
        if (this.#state !== 'open') break;
        const name = errorName(e);
        if (RECOVERABLE_READ_ERRORS.has(name)) this.#lineErrors.emit(name);
        else this.#lost(mapSerialError(e, 'read'));
      } finally {
        this.#reader = undefined;
        try {
          reader.releaseLock();
        } catch {
          // A pending read on a cancelled reader; the lock goes with the stream.
        }
      }
    }
  }

  /** The port went away: report once, then release everything as close() would. */
  #lost(error: DeviceError): void {
    if (this.#state !== 'open') return;
    this.#state = 'disconnected';
    const notice = error.code === 'disconnected' ? error : deviceError('disconnected', error.message);
    this.#disconnect.emit(notice);
    void this.#release();
  }

  /** Cancels the reader, aborts a pending write, closes the port. Never throws, never hangs. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#state === 'open') this.#state = 'closing';
    await this.#release();
    if (this.#state === 'closing') this.#state = 'closed';
  }

  #release(): Promise<void> {
    this.#released ??= (async () => {
      this.port.removeEventListener?.('disconnect', this.#onPortDisconnect);
      // Order matters: a locked stream makes port.close() fail, so readers and writers go first.
      if (this.#reader) await settle(this.#reader.cancel());
      await settle(this.#readLoop);
      if (this.#writer) await settle(this.#writer.abort());
      await settle(this.#writeChain);
      await settle(this.port.close());
    })();
    return this.#released;
  }
}
