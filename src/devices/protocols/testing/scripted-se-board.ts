// Test support (not bundled): a KWSE board scripted per request line on a ByteStream. `answer(seq, request)` returns
// the text to send back (CRLF included) or undefined for silence; `send` pushes bytes unasked; `unplug` pulls the cable.
import { ok } from '../../../lib/result.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import type { ByteStream, TapEvent } from '../../transport/byte-stream.ts';
import { Listeners } from '../../transport/listeners.ts';

/** A board scripted per request line; `answer` returns the text to send back (with CRLF) or undefined for silence. */
export class ScriptedBoard implements ByteStream {
  isOpen = true;
  readonly written: string[] = [];
  readonly #data = new Listeners<Uint8Array>();
  readonly #gone = new Listeners<DeviceError>();
  constructor(private readonly answer: (seq: string, request: string) => string | undefined) {}
  async write(bytes: Uint8Array) {
    const text = new TextDecoder().decode(bytes);
    this.written.push(text);
    const [seq = '', ...rest] = text.trimEnd().split(' ');
    const reply = this.answer(seq, rest.join(' '));
    if (reply !== undefined) queueMicrotask(() => this.send(reply));
    return ok(undefined);
  }
  send(text: string): void {
    this.#data.emit(new TextEncoder().encode(text));
  }
  onData(l: (b: Uint8Array) => void) {
    return this.#data.add(l);
  }
  onTap(_l: (e: TapEvent) => void) {
    return () => {};
  }
  onDisconnect(l: (e: DeviceError) => void) {
    return this.#gone.add(l);
  }
  async close(): Promise<void> {
    this.isOpen = false;
  }
  unplug(): void {
    this.isOpen = false;
    this.#gone.emit(deviceError('disconnected', 'unplugged'));
  }
}
