// Layer: emulated STSAFE-A110, an in-process cable: a transport ByteStream straight into a board, unpaced, for unit
// tests and the protocol document's replay (phase 2 puts the board behind the lab's EmulatedSerialPort instead).
// Writes reach the board on a later microtask, as bytes leave a real port after write() is called.
import { ok } from '../../../lib/result.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import type { ByteStream, TapEvent } from '../../transport/byte-stream.ts';
import { Listeners } from '../../transport/listeners.ts';
import type { StsafeBoard } from './stsafe-board.ts';

export class StsafeStream implements ByteStream {
  #open = true;
  readonly #data = new Listeners<Uint8Array>();
  readonly #tap = new Listeners<TapEvent>();
  readonly #gone = new Listeners<DeviceError>();

  constructor(readonly board: StsafeBoard) {
    board.onOutput = (bytes) => {
      if (!this.#open) return;
      this.#tap.emit({ t: Date.now(), dir: 'rx', bytes });
      this.#data.emit(bytes);
    };
    board.onUnplugFault = () => this.unplug();
    board.powerOn();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async write(bytes: Uint8Array): ReturnType<ByteStream['write']> {
    if (!this.#open) return { ok: false, error: deviceError('not-open', 'The port is not open.') };
    this.#tap.emit({ t: Date.now(), dir: 'tx', bytes });
    await Promise.resolve();
    if (this.#open) this.board.receive(bytes);
    return ok(undefined);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onTap(listener: (event: TapEvent) => void): () => void {
    return this.#tap.add(listener);
  }

  onDisconnect(listener: (error: DeviceError) => void): () => void {
    return this.#gone.add(listener);
  }

  /** The host closes the port; the board stays powered. */
  async close(): Promise<void> {
    this.#open = false;
  }

  /** Pulls the cable: the board loses power, the host sees one disconnect notice. */
  unplug(): void {
    if (!this.#open) return;
    this.#open = false;
    this.board.powerOff();
    this.#gone.emit(deviceError('disconnected', 'The board was unplugged.'));
  }
}
