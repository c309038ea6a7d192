// Layer: emulator wire. Moves bytes across a UART at its baud rate: each byte takes 10 bit times (8N1), bytes travel
// in chunks the way a USB-UART bridge hands them over (up to 64 bytes, or what the line carries in ~4 ms when that
// is less), and a send resolves when its last byte has arrived. Unpaced (baud null) delivers at once, in order.
// Every delivery time comes from the EmulatorClock, so tests can assert on it. The line keeps its own schedule while
// bytes are queued: a host timer that fires late (a busy page, timer clamping) delivers what has crossed the line by
// then and the next chunk is timed from when the previous one arrived on the line, not from the late wake-up, so
// lateness never adds up over a long send (a real UART does not slow down because the host is busy).
import type { EmulatorClock, TimerId } from './clock.ts';

export const BITS_PER_BYTE = 10;
export const USB_PACKET_BYTES = 64;
const BRIDGE_FLUSH_MS = 4;

/** Milliseconds one byte occupies the line at `baud`. */
export const byteTimeMs = (baud: number): number => (BITS_PER_BYTE * 1000) / baud;

export const chunkBytesFor = (baud: number): number =>
  Math.max(1, Math.min(USB_PACKET_BYTES, Math.floor(BRIDGE_FLUSH_MS / byteTimeMs(baud))));

interface Pending {
  readonly bytes: Uint8Array;
  offset: number;
  /** Clock time the send was queued: its first byte cannot enter the line before. */
  readonly queuedAt: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

export interface PacerOptions {
  readonly clock: EmulatorClock;
  /** Null: no pacing. */
  baud: number | null;
  readonly deliver: (chunk: Uint8Array) => void;
  /** Called when a chunk is scheduled, with the clock time it will arrive (for tests and the byte tap). */
  readonly onScheduled?: (chunk: Uint8Array, arrivesAt: number) => void;
}

export class BytePacer {
  #queue: Pending[] = [];
  #timer: TimerId | null = null;
  #busyUntil = 0;
  #holdUntil = 0;

  constructor(private readonly options: PacerOptions) {}

  set baud(baud: number | null) {
    this.options.baud = baud;
  }

  get idle(): boolean {
    return this.#queue.length === 0;
  }

  send(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#queue.push({ bytes: bytes.slice(), offset: 0, queuedAt: this.options.clock.now(), resolve, reject });
      if (this.#timer === null) this.#schedule();
    });
  }

  /** Nothing moves until `ms` from now (a stalled bridge or a busy board). */
  stall(ms: number): void {
    this.#holdUntil = Math.max(this.#holdUntil, this.options.clock.now() + ms);
    if (this.#timer !== null) {
      this.options.clock.clearTimeout(this.#timer);
      this.#timer = null;
      this.#schedule(true);
    }
  }

  /** Drops everything not yet delivered; pending sends reject with `reason`. */
  cancel(reason: unknown): void {
    if (this.#timer !== null) this.options.clock.clearTimeout(this.#timer);
    this.#timer = null;
    const dropped = this.#queue;
    this.#queue = [];
    for (const p of dropped) p.reject(reason);
  }

  /** `continuing`: called right after a delivery with more queued, so the line is still busy from `#busyUntil`. */
  #schedule(resume = false, continuing = false): void {
    const head = this.#queue[0];
    if (!head) return;
    const { clock, baud } = this.options;
    const now = clock.now();
    const size = baud === null ? head.bytes.length - head.offset : chunkBytesFor(baud);
    const chunk = head.bytes.subarray(head.offset, head.offset + size);
    const start = Math.max(continuing ? head.queuedAt : now, this.#busyUntil, this.#holdUntil);
    const arrivesAt = start + (baud === null ? 0 : chunk.length * byteTimeMs(baud));
    this.#busyUntil = arrivesAt;
    this.options.onScheduled?.(chunk, arrivesAt);
    const fire = () => {
      this.#timer = null;
      head.offset += chunk.length;
      if (head.offset >= head.bytes.length) this.#queue.shift();
      this.options.deliver(chunk.slice());
      if (head.offset >= head.bytes.length) head.resolve();
      this.#schedule(false, true);
    };
    if (arrivesAt <= now && !resume) {
      // Unpaced: keep order without a timer hop per chunk.
      this.#timer = -1;
      queueMicrotask(() => {
        if (this.#timer === -1) fire();
      });
    } else {
      this.#timer = clock.setTimeout(fire, arrivesAt - now);
    }
  }
}
