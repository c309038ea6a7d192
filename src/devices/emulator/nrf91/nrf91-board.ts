// Layer: emulated nRF91 board, its UART. Bytes in -> AT lines -> one command at a time through the modem -> framed
// answers out. No echo. Commands that arrive while one runs (key generation) wait their turn, as with at_host.
// Power: `powerOff` loses everything volatile (CFUN back to 0, CMEE 0, subscriptions, the +CCLK time, half-received
// lines, a key generation in progress); flash survives. `powerOn` prints the firmware's boot banner.
import { parseAtCommand } from './at-command.ts';
import { AtLineAssembler, latin1ToBytes, NRF91_MAX_COMMAND_CHARS, type AssembledLine } from './at-line.ts';
import { errorReply, frameReply, frameUnsolicited, type Framing, type Reply } from './at-reply.ts';
import { realClock, sleep, type EmulatorClock } from '../clock.ts';
import type { CommandFault } from '../faults.ts';
import type { FlashStore } from '../flash-store.ts';
import type { EmulatedBoard } from '../board-kind.ts';
import { clockCommands } from './nrf91-cmd-clock.ts';
import { cmngCommands } from './nrf91-cmd-cmng.ts';
import { generalCommands } from './nrf91-cmd-general.ts';
import { keygenCommands } from './nrf91-cmd-keygen.ts';
import { CredentialFlash } from './nrf91-credentials.ts';
import type { Nrf91Factory } from './nrf91-factory.ts';
import { dispatch, type CommandTable, type Nrf91Modem } from './nrf91-modem.ts';
import { NetworkRegistration } from './nrf91-network.ts';
import { ModemRtc } from './nrf91-rtc.ts';

export const NRF91_COMMANDS: CommandTable = {
  ...generalCommands,
  ...clockCommands,
  ...cmngCommands,
  ...keygenCommands,
};

export const BOOT_BANNERS: Readonly<Record<Framing, string>> = {
  at_client: '*** Booting nRF Connect SDK ***\r\nThe AT host sample started\r\n',
  slm: '\r\nReady\r\n',
};

export const DEFAULT_KEYGEN_MS = 1500;

export interface Nrf91BoardOptions {
  readonly factory: Nrf91Factory;
  readonly flash: FlashStore;
  readonly clock?: EmulatorClock;
  readonly framing?: Framing;
  readonly keygenMs?: number;
  /** Time from "searching" to "registered" after AT+CFUN=1. */
  readonly registrationMs?: number;
  readonly maxCommandChars?: number;
  /** How far the emulated network's time is from this computer's date, ms (default 0). */
  readonly networkTimeOffsetMs?: number;
  readonly log?: (message: string) => void;
}

export class Nrf91Board implements EmulatedBoard {
  /** Where the board's TX line goes (the cable). */
  onOutput: (bytes: Uint8Array) => void = () => {};
  /** Asked once per complete command; the fault injector answers. */
  beforeCommand: (command: string) => CommandFault | null = () => null;
  /** Called when a fault pulls the cable: the owner (lab or CLI) does the unplugging. */
  onUnplugFault: () => void = () => {};
  framing: Framing;

  readonly factory: Nrf91Factory;
  readonly credentials: CredentialFlash;
  readonly #clock: EmulatorClock;
  readonly #network: NetworkRegistration;
  readonly #rtc: ModemRtc;
  readonly #lines: AtLineAssembler;
  readonly #log: (message: string) => void;
  readonly #modem: Nrf91Modem & { signal: AbortSignal };
  #queue: AssembledLine[] = [];
  #running = false;
  #power: AbortController | null = null;

  constructor(options: Nrf91BoardOptions) {
    this.factory = options.factory;
    this.#clock = options.clock ?? realClock;
    this.#log = options.log ?? (() => {});
    this.framing = options.framing ?? 'at_client';
    this.#lines = new AtLineAssembler(options.maxCommandChars ?? NRF91_MAX_COMMAND_CHARS);
    this.credentials = new CredentialFlash(this.factory, options.flash, this.#log);
    this.#network = new NetworkRegistration(
      this.#clock,
      this.factory.iccid !== null,
      (line) => this.#emit(frameUnsolicited(line, this.framing)),
      options.registrationMs,
    );
    this.#rtc = new ModemRtc(this.#clock);
    this.#rtc.networkTimeOffsetMs = options.networkTimeOffsetMs ?? 0;
    this.#network.onRegistered = () => this.#rtc.networkTime();
    this.#modem = {
      factory: this.factory,
      clock: this.#clock,
      credentials: this.credentials,
      network: this.#network,
      rtc: this.#rtc,
      signal: AbortSignal.abort(),
      cmee: 0,
      keygenMs: options.keygenMs ?? DEFAULT_KEYGEN_MS,
    };
  }

  get powered(): boolean {
    return this.#power !== null;
  }

  get keygenMs(): number {
    return this.#modem.keygenMs;
  }

  set keygenMs(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`key generation time must be >= 0 ms, got ${ms}`);
    this.#modem.keygenMs = ms;
  }

  /** The lab's settings (see board-kind.ts in this folder): keygenMs and networkTimeOffsetMs. */
  setting(name: string): number {
    if (name === 'keygenMs') return this.keygenMs;
    if (name === 'networkTimeOffsetMs') return this.networkTimeOffsetMs;
    throw new RangeError(`an emulated nRF91 has no setting "${name}"`);
  }

  setSetting(name: string, value: number): void {
    if (name === 'keygenMs') this.keygenMs = value;
    else if (name === 'networkTimeOffsetMs') this.networkTimeOffsetMs = value;
    else throw new RangeError(`an emulated nRF91 has no setting "${name}"`);
  }

  get networkTimeOffsetMs(): number {
    return this.#rtc.networkTimeOffsetMs;
  }

  /**
   * Throws RangeError beyond ±30 years or for a fraction of a millisecond. A registered board gets the network's
   * new time at once (as when the network sends EMM information); otherwise it gets it when it next registers.
   */
  set networkTimeOffsetMs(ms: number) {
    this.#rtc.networkTimeOffsetMs = ms;
    if (this.powered && this.#network.registered) this.#rtc.networkTime();
  }

  /** Volatile state for status displays and tests (`clock`: what AT+CCLK? would answer, null for ERROR). */
  get status(): {
    readonly cfun: number;
    readonly cmee: number;
    readonly cereg: number;
    readonly busy: boolean;
    readonly clock: string | null;
  } {
    const { mode: cfun, stat: cereg } = this.#network;
    return { cfun, cmee: this.#modem.cmee, cereg, busy: this.#running, clock: this.#rtc.read() };
  }

  /** No command running or waiting. */
  get idle(): boolean {
    return !this.#running && this.#queue.length === 0;
  }

  powerOn(): void {
    if (this.#power) return;
    this.#power = new AbortController();
    this.#modem.signal = this.#power.signal;
    this.#modem.cmee = 0;
    this.credentials.reload();
    this.#emit(BOOT_BANNERS[this.framing]);
  }

  powerOff(): void {
    if (!this.#power) return;
    this.#power.abort(new DOMException('The board lost power.', 'AbortError'));
    this.#power = null;
    this.#network.powerOff();
    this.#rtc.lose();
    this.#lines.reset();
    this.#queue = [];
  }

  /** A reboot (reset pin, watchdog): power cycle, flash kept. */
  reset(): void {
    this.#log(`${this.factory.id}: reset`);
    this.powerOff();
    this.powerOn();
  }

  /** Erases flash back to the factory image and reboots. */
  factoryReset(): void {
    const wasPowered = this.powered;
    this.powerOff();
    this.credentials.factoryReset();
    if (wasPowered) this.powerOn();
  }

  /** Bytes arriving on the board's RX line. Ignored while unpowered. */
  receive(bytes: Uint8Array): void {
    if (!this.#power) return;
    this.#queue.push(...this.#lines.push(bytes));
    if (!this.#running) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#running = true;
    try {
      for (let line = this.#queue.shift(); line && this.#power; line = this.#queue.shift()) {
        await this.#handle(line, this.#power.signal);
      }
    } finally {
      this.#running = false;
    }
  }

  async #handle(line: AssembledLine, signal: AbortSignal): Promise<void> {
    const fault = this.beforeCommand(line.kind === 'command' ? line.text : '');
    if (fault?.kind === 'reset') return this.reset();
    if (fault?.kind === 'unplug') return this.onUnplugFault();
    if (fault?.kind === 'answer') return this.#emit(frameUnsolicited(fault.text, this.framing));
    let reply: Reply;
    try {
      if (fault?.kind === 'stall') await sleep(this.#clock, fault.ms, signal);
      const command = line.kind === 'command' ? parseAtCommand(line.text) : null;
      if (line.kind === 'overlong') this.#log(`${this.factory.id}: command of ${line.length} characters refused`);
      reply = command ? await dispatch(NRF91_COMMANDS, command, this.#modem) : errorReply();
    } catch (e) {
      if (signal.aborted) return;
      this.#log(`${this.factory.id}: command failed inside the emulator: ${String(e)}`);
      reply = errorReply();
    }
    if (!signal.aborted) this.#emit(frameReply(reply, this.#modem.cmee, this.framing));
  }

  #emit(text: string): void {
    if (this.#power) this.onOutput(latin1ToBytes(text));
  }
}
