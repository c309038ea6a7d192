// Layer: emulator test support (imported by tests and tools only). Talks AT to a board model or to a port the way
// a host would, collecting raw answer text so tests can assert on exact bytes.
import { bytesToLatin1, latin1ToBytes } from './at-line.ts';
import { MemoryFlashStore, type FlashStore } from '../flash-store.ts';
import { Nrf91Board, type Nrf91BoardOptions } from './nrf91-board.ts';
import { NRF91_FACTORY_BOARDS } from './nrf91-factory.ts';

/** A final result line at the end of `text`, in either framing. */
export const FINAL_AT_END = /(?:^|\n)(OK|ERROR|\+CME ERROR: \d+|\+CMS ERROR: \d+)\r\n$/;

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A powered board model with its output captured as text. */
export class BoardHarness {
  readonly board: Nrf91Board;
  readonly flash: FlashStore;
  output = '';

  constructor(options: Partial<Nrf91BoardOptions> = {}) {
    this.flash = options.flash ?? new MemoryFlashStore();
    this.board = new Nrf91Board({ factory: NRF91_FACTORY_BOARDS[0]!, keygenMs: 0, ...options, flash: this.flash });
    this.board.onOutput = (bytes) => (this.output += bytesToLatin1(bytes));
    this.board.powerOn();
    this.output = '';
  }

  send(text: string): void {
    this.board.receive(latin1ToBytes(text));
  }

  /** Sends `command` + CR and returns everything the board answered up to and including the final result. */
  async at(command: string, timeoutMs = 5000): Promise<string> {
    const start = this.output.length;
    this.send(`${command}\r`);
    return until(
      () => {
        const text = this.output.slice(start);
        return FINAL_AT_END.test(text) ? text : undefined;
      },
      timeoutMs,
      `an answer to ${command.slice(0, 40)}`,
    );
  }
}

/** An open port with a read loop; `at()` writes a command and waits for its final result. */
export class PortSession {
  received = '';
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  #loop: Promise<unknown> | null = null;
  readError: unknown = null;

  constructor(readonly port: SerialPort) {}

  async open(baudRate = 115200): Promise<this> {
    await this.port.open({ baudRate });
    this.#reader = this.port.readable!.getReader();
    this.#writer = this.port.writable!.getWriter();
    this.#loop = (async () => {
      try {
        for (;;) {
          const { value, done } = await this.#reader!.read();
          if (done) return;
          this.received += bytesToLatin1(value);
        }
      } catch (e) {
        this.readError = e;
      }
    })();
    return this;
  }

  write(text: string): Promise<void> {
    return this.#writer!.write(latin1ToBytes(text));
  }

  async at(command: string, timeoutMs = 5000): Promise<string> {
    const start = this.received.length;
    await this.write(`${command}\r`);
    return until(
      () => {
        const text = this.received.slice(start);
        return FINAL_AT_END.test(text) ? text : undefined;
      },
      timeoutMs,
      `an answer to ${command.slice(0, 40)}`,
    );
  }

  waitFor(pattern: RegExp, timeoutMs = 5000): Promise<RegExpExecArray> {
    return until(() => pattern.exec(this.received) ?? undefined, timeoutMs, String(pattern));
  }

  /** Releases both locks (cancelling the read loop) and closes the port. */
  async close(): Promise<void> {
    await this.#reader?.cancel().catch(() => {});
    this.#reader?.releaseLock();
    this.#writer?.releaseLock();
    await this.#loop;
    await this.port.close();
  }
}
