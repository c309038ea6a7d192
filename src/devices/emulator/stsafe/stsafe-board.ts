// Layer: emulated STSAFE-A110 board (an STM32 host running the KWSE firmware next to the chip), its UART. Bytes in ->
// lines (CR or LF ends one, empty lines are ignored, so CRLF and a terminal's Enter work; at most SE_MAX_LINE bytes: a
// longer line is discarded whole and answered `? ERR TOOLONG`) -> one command at a time -> one answer line with CRLF out. Power-up prints `* BOOT ...`.
// Faults (one-shot, queued by inject): the chip refuses the next SIGN, the next ZWRITE finds its zone full, the
// board resets in the middle of the next ZWRITE (half the bytes stored, no answer, boot line), the next answer is
// cut in the middle, the next command pulls the cable (the owner unplugs).
import { mulberry32 } from '../rng.ts';
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
}

export class StsafeBoard {
  /** Where the board's TX line goes (the cable). */
  onOutput: (bytes: Uint8Array) => void = () => {};
  /** Called when an unplug fault pulls the cable: the owner (lab, test stream, CLI) does the unplugging. */
  onUnplugFault: () => void = () => {};

  readonly factory: StsafeFactory;
  readonly chip: StsafeChip;
  readonly #log: (message: string) => void;
  readonly #faults: StsafeFault[] = [];
  #line = '';
  #overlong = false;
  #powered = false;

  constructor(options: StsafeBoardOptions) {
    this.factory = options.factory;
    this.chip = new StsafeChip(options.factory, mulberry32(options.seed ?? 1), options.nvm);
    this.#log = options.log ?? (() => {});
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
        else if (line.length > 0) this.#handle(line);
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
