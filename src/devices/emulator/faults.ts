// Layer: emulator wire. The seeded fault injector between a board and its host. Byte faults (drop, corrupt, stall)
// hit the board's output; command faults (stall, reset, unplug) hit the next complete command the board receives.
// Random faults draw from mulberry32(seed) in a fixed order, so the same seed, rates and traffic give the same run.
// Explicitly injected faults (the contract's `inject`) come first, in the order they were queued. An explicit fault
// with `when` waits for the first command whose text contains it: command faults (reset, unplug, answer) hit that
// command, byte faults (drop, corrupt, stall) are armed by it and hit its answer.
import { mulberry32, type Random } from './rng.ts';
import type { EmulatorFault, EmulatorFaultRates } from './types.ts';

export type FaultRates = EmulatorFaultRates;

/** What a fault layer may do to the next command a board receives instead of (or before) answering it. */
export type CommandFault =
  | { readonly kind: 'reset' }
  | { readonly kind: 'unplug' }
  | { readonly kind: 'stall'; readonly ms: number }
  /** Answer with this final line (the family frames it) instead of running the command. */
  | { readonly kind: 'answer'; readonly text: string };

type ByteFault = Extract<EmulatorFault, { kind: 'drop-byte' | 'corrupt-byte' | 'stall' }>;
type QueuedCommandFault = Extract<EmulatorFault, { kind: 'reset' | 'unplug' | 'answer' }>;
const isCommandFault = (fault: EmulatorFault): fault is QueuedCommandFault =>
  fault.kind === 'reset' || fault.kind === 'unplug' || fault.kind === 'answer';

export const NO_FAULTS: FaultRates = { dropByte: 0, corruptByte: 0, stall: 0, reset: 0, unplug: 0, stallMs: 2000 };

export interface FilteredOutput {
  readonly bytes: Uint8Array;
  /** Hold the line this long before sending `bytes`. */
  readonly stallMs: number;
}

export class FaultInjector {
  #random: Random;
  #rates: FaultRates;
  #byteQueue: ByteFault[] = [];
  /** Byte faults waiting for the command named by their `when`. */
  #byteWaiting: ByteFault[] = [];
  #commandQueue: QueuedCommandFault[] = [];

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
    return [...this.#byteQueue, ...this.#byteWaiting, ...this.#commandQueue];
  }

  inject(fault: EmulatorFault): void {
    if (fault.when !== undefined && (typeof fault.when !== 'string' || fault.when === ''))
      throw new RangeError(`a fault's "when" must be the text of a command, got ${JSON.stringify(fault.when)}`);
    if (fault.kind === 'answer' && (typeof fault.text !== 'string' || /[\r\n]/.test(fault.text)))
      throw new RangeError(`an answer fault needs one line of text, got ${JSON.stringify(fault.text)}`);
    if (fault.kind === 'stall' && !(fault.ms >= 0)) throw new RangeError(`stall needs ms >= 0, got ${fault.ms}`);
    if (isCommandFault(fault)) this.#commandQueue.push(fault);
    else if (fault.when !== undefined) this.#byteWaiting.push(fault);
    else this.#byteQueue.push(fault);
  }

  clearQueued(): void {
    this.#byteQueue = [];
    this.#byteWaiting = [];
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

  /**
   * The fault, if any, that hits the command just received (`command`: its text as the board read it). Byte faults
   * waiting for this command are armed: they hit its answer.
   */
  commandFault(command = ''): CommandFault | null {
    const matches = (fault: EmulatorFault) => fault.when === undefined || command.includes(fault.when);
    const armed = this.#byteWaiting.filter(matches);
    if (armed.length > 0) {
      this.#byteWaiting = this.#byteWaiting.filter((fault) => !armed.includes(fault));
      this.#byteQueue.push(...armed);
    }
    const at = this.#commandQueue.findIndex(matches);
    if (at >= 0) {
      const [queued] = this.#commandQueue.splice(at, 1);
      this.onFault(queued!);
      return queued!.kind === 'answer' ? { kind: 'answer', text: queued!.text } : { kind: queued!.kind };
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
