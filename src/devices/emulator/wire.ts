// Layer: emulator wire. The cable between one board and one host session, used by the emulated SerialPort and by
// the Node serial-line tool alike:
//   host -> (line-settings garble) -> pacer -> board.receive
//   board.onOutput -> fault injector -> (garble) -> pacer -> host
// A host whose line settings differ from the board's UART (another baud rate, 7 data bits, parity) reads and sends
// garbage, as it would on a real UART.
import type { EmulatorClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import { BytePacer } from './pacing.ts';

export interface WireOptions {
  readonly clock: EmulatorClock;
  readonly faults: FaultInjector;
  /** Where the board's bytes end up (the port's readable, stdout). */
  readonly toHost: (bytes: Uint8Array) => void;
  /** Where the host's bytes end up (the board's RX). */
  readonly toBoard: (bytes: Uint8Array) => void;
  /** Pace at this rate; null = as fast as possible. */
  readonly baud: number | null;
  /** True when the host's line settings do not match the board's UART. */
  readonly mismatched: boolean;
  readonly onScheduled?: (direction: 'to-host' | 'to-board', chunk: Uint8Array, arrivesAt: number) => void;
}

/** What a receiver makes of bytes sent at the wrong line settings: deterministic junk. */
export const garble = (bytes: Uint8Array): Uint8Array => bytes.map((b) => (b * 0x1d + 0x3b) & 0xff);

export class BoardWire {
  readonly #down: BytePacer;
  readonly #up: BytePacer;

  constructor(private readonly options: WireOptions) {
    const { clock, baud, onScheduled } = options;
    this.#down = new BytePacer({
      clock,
      baud,
      deliver: options.toBoard,
      onScheduled: (chunk, at) => onScheduled?.('to-board', chunk, at),
    });
    this.#up = new BytePacer({
      clock,
      baud,
      deliver: options.toHost,
      onScheduled: (chunk, at) => onScheduled?.('to-host', chunk, at),
    });
  }

  /** Nothing in flight in either direction. */
  get idle(): boolean {
    return this.#down.idle && this.#up.idle;
  }

  /** Host -> board; resolves once the board's UART has taken the last byte. */
  send(bytes: Uint8Array): Promise<void> {
    return this.#down.send(this.options.mismatched ? garble(bytes) : bytes);
  }

  /** Board -> host, through the fault injector. */
  fromBoard(bytes: Uint8Array): void {
    const { bytes: out, stallMs } = this.options.faults.filterOutput(bytes);
    if (stallMs > 0) this.#up.stall(stallMs);
    // Output nobody waits for: a board's TX does not fail when the host stops listening.
    this.#up.send(this.options.mismatched ? garble(out) : out).catch(() => {});
  }

  /** The cable is gone or the session closed: everything in flight is lost. */
  cancel(reason: unknown): void {
    this.#down.cancel(reason);
    this.#up.cancel(reason);
  }

  /** Drops what is still travelling toward the host (Chrome flushes the receive side on close). */
  flushToHost(reason: unknown): void {
    this.#up.cancel(reason);
  }

  /** Drops what the host wrote but the board has not taken yet. */
  flushToBoard(reason: unknown): void {
    this.#down.cancel(reason);
  }
}
