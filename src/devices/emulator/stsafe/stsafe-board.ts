// Layer: emulated STSAFE-A110 board (an STM32 host running the KWSE firmware next to the chip), its UART. Bytes in ->
// lines (CR or LF ends one, empty lines are ignored, so CRLF and a terminal's Enter work; at most SE_MAX_LINE bytes: a
// longer line is discarded whole and answered `? ERR TOOLONG`) -> one command at a time -> one answer line with CRLF
// out. Power-up prints `* BOOT ...`. The lab's command faults (`beforeCommand`: reset, unplug, stall through the
// clock) are asked once per request line. Family faults (one-shot, queued by inject): the chip refuses the next SIGN,
// the next ZWRITE finds its zone full, the board resets in the middle of the next ZWRITE (half the bytes stored, no
// answer, boot line), the next answer is cut in the middle, the next command pulls the cable (the owner unplugs).
import { realClock, type EmulatorClock, type TimerId } from '../clock.ts';
import type { CommandFault } from '../faults.ts';
import { mulberry32, type Random } from '../rng.ts';
import { SE_MAX_LINE, SE_PROTOCOL_VERSION } from '../../protocols/se-constants.ts';
import { StsafeChip } from './stsafe-chip.ts';
import { runCommand, type CommandFaults } from './stsafe-commands.ts';
import type { StsafeFactory } from './stsafe-factory.ts';
import type { StsafeNvmImage } from './stsafe-nvm.ts';

/** Board output is ASCII; one byte per character. */
const latin1ToBytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

export type StsafeFault = 'sign-refused' | 'zone-full' | 'reset-mid-write' | 'truncated-line' | 'unplug';

export interface StsafeBoardOptions {
  readonly factory: StsafeFactory;
  /** Seeds the chip's key generation, so a lab run (and the protocol document's examples) can be replayed. */
  readonly seed?: number;
  /** Non-volatile memory an earlier session stored (the user key and zones); absent: factory state. */
  readonly nvm?: StsafeNvmImage | null;
  readonly log?: (message: string) => void;
  /** Times the lab's stall faults (default: the real clock). */
  readonly clock?: EmulatorClock;
}

export class StsafeBoard {
  /** Where the board's TX line goes (the cable). */
  onOutput: (bytes: Uint8Array) => void = () => {};
  /** Called when an unplug fault pulls the cable: the owner (lab, test stream, CLI) does the unplugging. */
  onUnplugFault: () => void = () => {};
  /** Asked once per request line (the lab's fault injector): reset, unplug, or stall before answering. */
  beforeCommand: (command: string) => CommandFault | null = () => null;
  /** After every change to the chip's non-volatile memory (the lab saves `chip.nvmImage()`). */
  onNvmChange: () => void = () => {};

  readonly factory: StsafeFactory;
  #chip: StsafeChip;
  readonly #random: Random;
  readonly #clock: EmulatorClock;
  readonly #log: (message: string) => void;
  readonly #faults: StsafeFault[] = [];
  /** Request lines received while an earlier one is stalled, oldest first. */
  readonly #pending: string[] = [];
  #stall: TimerId | null = null;
  #line = '';
  #overlong = false;
  #powered = false;

  constructor(options: StsafeBoardOptions) {
    this.factory = options.factory;
    this.#random = mulberry32(options.seed ?? 1);
    this.#clock = options.clock ?? realClock;
    this.#chip = this.#newChip(options.nvm);
    this.#log = options.log ?? (() => {});
  }

  get chip(): StsafeChip {
    return this.#chip;
  }

  /** Nothing stalled or waiting. */
  get idle(): boolean {
    return this.#stall === null && this.#pending.length === 0;
  }

  /** Slot 1 emptied and the read-write zones erased (the factory's slot 0 and zone 0 stay), then a reboot. */
  factoryReset(): void {
    this.#chip = this.#newChip(null);
    this.onNvmChange();
    if (this.#powered) this.reset();
  }

  #newChip(nvm: StsafeNvmImage | null | undefined): StsafeChip {
    const chip = new StsafeChip(this.factory, this.#random, nvm);
    chip.onNvmChange = () => this.onNvmChange();
    return chip;
  }

  get powered(): boolean {
    return this.#powered;
  }

  get queuedFaults(): readonly StsafeFault[] {
    return [...this.#faults];
  }

  inject(fault: StsafeFault): void {
    this.#faults.push(fault);
  }

  powerOn(): void {
    if (this.#powered) return;
    this.#powered = true;
    this.#emit(`* BOOT proto=${SE_PROTOCOL_VERSION} model=${this.factory.model}`);
  }

  powerOff(): void {
    this.#powered = false;
    this.#line = '';
    this.#overlong = false;
    this.#pending.length = 0;
    if (this.#stall !== null) this.#clock.clearTimeout(this.#stall);
    this.#stall = null;
  }

  /** A reboot: the chip keeps its keys and zones (they are non-volatile); the half-received line is lost. */
  reset(): void {
    this.#log(`${this.factory.id}: reset`);
    this.powerOff();
    this.powerOn();
  }

  /** Bytes on the board's RX line. Ignored while unpowered. */
  receive(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (!this.#powered) return;
      if (byte === 0x0a || byte === 0x0d) {
        const line = this.#line;
        const overlong = this.#overlong;
        this.#line = '';
        this.#overlong = false;
        if (overlong) this.#emit(`? ERR TOOLONG 00 line over ${SE_MAX_LINE} bytes`);
        else if (line.length > 0) {
          this.#pending.push(line);
          this.#drain();
        }
      } else if (!this.#overlong) {
        this.#line += String.fromCharCode(byte);
        if (this.#line.length > SE_MAX_LINE) {
          this.#line = '';
          this.#overlong = true;
        }
      }
    }
  }

  #take(kind: StsafeFault): boolean {
    const at = this.#faults.indexOf(kind);
    if (at < 0) return false;
    this.#faults.splice(at, 1);
    return true;
  }

  /** Answers waiting lines in order until one is stalled (it is answered when the stall ends) or none is left. */
  #drain(): void {
    while (this.#powered && this.#stall === null && this.#pending.length > 0) {
      const line = this.#pending.shift()!;
      const fault = this.beforeCommand(line);
      if (fault?.kind === 'reset') return this.reset();
      if (fault?.kind === 'unplug') return this.onUnplugFault();
      if (fault?.kind === 'answer') {
        this.#emit(`${line.split(' ')[0]} ${fault.text}`);
        continue;
      }
      if (fault?.kind === 'stall') {
        this.#stall = this.#clock.setTimeout(() => {
          this.#stall = null;
          this.#handle(line);
          this.#drain();
        }, fault.ms);
        return;
      }
      this.#handle(line);
    }
  }

  #handle(line: string): void {
    if (this.#take('unplug')) return this.onUnplugFault();
    const faults: CommandFaults = { take: (kind) => this.#take(kind) };
    const outcome = runCommand(this.chip, line, faults);
    if ('reset' in outcome) return this.reset();
    if (this.#take('truncated-line')) {
      const cut = outcome.answer.slice(0, Math.max(1, outcome.answer.length >> 1));
      return this.onOutput(latin1ToBytes(`${cut}\r\n`));
    }
    this.#emit(outcome.answer);
  }

  #emit(line: string): void {
    if (this.#powered) this.onOutput(latin1ToBytes(`${line}\r\n`));
  }
}
