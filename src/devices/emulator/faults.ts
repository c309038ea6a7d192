// Layer: emulator wire. The seeded fault injector between a board and its host. Byte faults (drop, corrupt, stall)
// hit the board's output; command faults (stall, reset, unplug) hit the next complete command the board receives.
// Random faults draw from mulberry32(seed) in a fixed order, so the same seed, rates and traffic give the same run.
// Explicitly injected faults (the contract's `inject`) come first, in the order they were queued.
import { mulberry32, type Random } from './rng.ts';
import type { EmulatorFault, EmulatorFaultRates } from './types.ts';

export type FaultRates = EmulatorFaultRates;

/** What a fault layer may do to the next command a board receives instead of (or before) answering it. */
export type CommandFault =
  { readonly kind: 'reset' } | { readonly kind: 'unplug' } | { readonly kind: 'stall'; readonly ms: number };

export const NO_FAULTS: FaultRates = { dropByte: 0, corruptByte: 0, stall: 0, reset: 0, unplug: 0, stallMs: 2000 };

export interface FilteredOutput {
  readonly bytes: Uint8Array;
  /** Hold the line this long before sending `bytes`. */
  readonly stallMs: number;
}

export class FaultInjector {
  #random: Random;
  #rates: FaultRates;
  #byteQueue: Exclude<EmulatorFault, { kind: 'reset' | 'unplug' }>[] = [];
  #commandQueue: EmulatorFault[] = [];

  constructor(
    readonly seed = 1,
    rates: Partial<FaultRates> = {},
    private readonly onFault: (fault: EmulatorFault) => void = () => {},
  ) {
    this.#random = mulberry32(seed);
    this.#rates = { ...NO_FAULTS, ...rates };
  }

  get rates(): FaultRates {
    return this.#rates;
  }

  set rates(rates: Partial<FaultRates>) {
    for (const [name, value] of Object.entries(rates)) {
      if (typeof value !== 'number' || !(value >= 0) || (name !== 'stallMs' && value > 1)) {
        throw new RangeError(`fault rate ${name} must be a probability 0..1 (stallMs: >= 0), got ${String(value)}`);
      }
    }
    this.#rates = { ...this.#rates, ...rates };
  }

  /** Faults waiting for their opportunity. */
  get queued(): readonly EmulatorFault[] {
    return [...this.#byteQueue, ...this.#commandQueue];
  }

  inject(fault: EmulatorFault): void {
    if (fault.kind === 'reset' || fault.kind === 'unplug') this.#commandQueue.push(fault);
    else if (fault.kind === 'stall' && !(fault.ms >= 0)) throw new RangeError(`stall needs ms >= 0, got ${fault.ms}`);
    else this.#byteQueue.push(fault);
  }

  clearQueued(): void {
    this.#byteQueue = [];
    this.#commandQueue = [];
  }

  /** Applies byte faults to what the board sends. A queued stall holds the line before this output. */
  filterOutput(bytes: Uint8Array): FilteredOutput {
    let stallMs = 0;
    while (this.#byteQueue[0]?.kind === 'stall') {
      const stall = this.#byteQueue.shift()!;
      this.onFault(stall);
      if (stall.kind === 'stall') stallMs += stall.ms;
    }
    const out: number[] = [];
    const { dropByte, corruptByte } = this.#rates;
    for (const byte of bytes) {
      const kind = this.#takeQueuedByteFault() ?? this.#drawByteFault(dropByte, corruptByte);
      if (kind === 'drop-byte') {
        this.onFault({ kind });
      } else if (kind === 'corrupt-byte') {
        this.onFault({ kind });
        out.push(byte ^ (1 + Math.floor(this.#random() * 255)));
      } else {
        out.push(byte);
      }
    }
    return { bytes: Uint8Array.from(out), stallMs };
  }

  /** The fault, if any, that hits the command just received. */
  commandFault(): CommandFault | null {
    const queued = this.#commandQueue.shift();
    if (queued?.kind === 'reset' || queued?.kind === 'unplug') {
      this.onFault(queued);
      return { kind: queued.kind };
    }
    const { unplug, reset, stall, stallMs } = this.#rates;
    if (unplug + reset + stall === 0) return null;
    const r = this.#random();
    const fault: CommandFault | null =
      r < unplug
        ? { kind: 'unplug' }
        : r < unplug + reset
          ? { kind: 'reset' }
          : r < unplug + reset + stall
            ? { kind: 'stall', ms: stallMs }
            : null;
    if (fault) this.onFault(fault);
    return fault;
  }

  /** A queued drop/corrupt for this byte; a queued stall waits for the next output. */
  #takeQueuedByteFault(): 'drop-byte' | 'corrupt-byte' | null {
    const next = this.#byteQueue[0];
    if (!next || next.kind === 'stall') return null;
    this.#byteQueue.shift();
    return next.kind;
  }

  #drawByteFault(drop: number, corrupt: number): 'drop-byte' | 'corrupt-byte' | null {
    if (drop + corrupt === 0) return null;
    const r = this.#random();
    return r < drop ? 'drop-byte' : r < drop + corrupt ? 'corrupt-byte' : null;
  }
}
