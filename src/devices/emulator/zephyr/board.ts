// Layer: emulated Zephyr board, its UART and shell. Bytes in -> the shell's line editor (echo of every character
// it keeps, a command longer than CONFIG_SHELL_CMD_BUFF_SIZE - 1 is cut: the extra characters are dropped and not
// echoed; CR, LF or CRLF runs the line) -> one command at a time -> answer lines (errors red, warnings yellow when
// colours are on), then the prompt. Bytes that arrive while a command runs wait, as in the UART ring buffer, so
// their echo follows the prompt. Log messages (`log()`) print as Zephyr's shell log backend does: the typed line is
// erased, the log line printed, the prompt and typed text printed again; while a command runs (immediate logging)
// they land between its answer lines. Power: volatile state (the `cred buf` buffer, RAM credentials, the typed
// line) is lost; the PSA keys and protected-storage credentials stay in flash.
import { realClock, sleep, type EmulatorClock } from '../clock.ts';
import type { EmulatedBoard } from '../board-kind.ts';
import type { CommandFault } from '../faults.ts';
import type { FlashStore } from '../flash-store.ts';
import { credCommands } from './cmd-cred.ts';
import { nrfCloudCommands } from './cmd-nrf-cloud.ts';
import { systemCommands } from './cmd-system.ts';
import type { CredentialBackend, ZephyrFactory } from './factory.ts';
import { dispatch, type CommandTable, type OutLine, type ShellContext } from './shell-core.ts';
import { ZephyrStores } from './store.ts';

export const DEFAULT_ZEPHYR_KEYGEN_MS = 800;

const GREEN = '\x1b[1;32m';
const RED = '\x1b[1;31m';
const YELLOW = '\x1b[1;33m';
const RESET = '\x1b[m';

export interface ZephyrBoardOptions {
  readonly factory: ZephyrFactory;
  readonly flash: FlashStore;
  readonly clock?: EmulatorClock;
  /** Overrides the factory's credential backend (the lab's "volatile or persistent" option). */
  readonly backend?: CredentialBackend;
  readonly keygenMs?: number;
  /** Print a log line in the middle of every answer of two lines or more (tests the host's log filtering). */
  readonly chatter?: boolean;
  readonly log?: (message: string) => void;
}

/** `[hh:mm:ss.mmm,uuu]` from an uptime in ms, as Zephyr's log timestamps. */
export function logTimestamp(ms: number): string {
  const us = Math.floor(ms * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const s = Math.floor(us / 1e6);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(Math.floor(us / 1000) % 1000, 3)},${pad(us % 1000, 3)}`;
}

export class ZephyrBoard implements EmulatedBoard {
  onOutput: (bytes: Uint8Array) => void = () => {};
  beforeCommand: (command: string) => CommandFault | null = () => null;
  onUnplugFault: () => void = () => {};
  chatter: boolean;

  readonly factory: ZephyrFactory;
  readonly stores: ZephyrStores;
  readonly #clock: EmulatorClock;
  readonly #commands: CommandTable;
  readonly #log: (message: string) => void;
  readonly #ctx: ShellContext & { signal: AbortSignal };
  #line = '';
  #lastCr = false;
  #rx: number[] = [];
  #running = false;
  #power: AbortController | null = null;
  #bootedAt = 0;
  #rebootRequested = false;
  /** Echo collected while the line editor works through bytes that arrived together: sent as one write, as a UART
   * driver's TX buffer would, not one host-side chunk per character. */
  #echo: string | null = null;

  constructor(options: ZephyrBoardOptions) {
    this.factory = options.factory;
    this.#clock = options.clock ?? realClock;
    this.#log = options.log ?? (() => {});
    this.chatter = options.chatter ?? false;
    this.stores = new ZephyrStores(this.factory.id, options.backend ?? this.factory.backend, options.flash);
    this.#commands = {
      ...systemCommands,
      ...credCommands,
      ...(this.factory.keygenShell ? nrfCloudCommands(this.factory.pubkeyCommand) : {}),
    };
    this.#ctx = {
      factory: this.factory,
      stores: this.stores,
      clock: this.#clock,
      signal: AbortSignal.abort(),
      credBuf: '',
      keygenMs: options.keygenMs ?? DEFAULT_ZEPHYR_KEYGEN_MS,
      uptimeMs: () => this.#clock.now() - this.#bootedAt,
      reboot: () => (this.#rebootRequested = true),
    };
  }

  get powered(): boolean {
    return this.#power !== null;
  }

  get keygenMs(): number {
    return this.#ctx.keygenMs;
  }

  set keygenMs(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`key generation time must be >= 0 ms, got ${ms}`);
    this.#ctx.keygenMs = ms;
  }

  /** The lab's settings (board-kind.ts declares `keygenMs` only). */
  setting(name: string): number {
    if (name === 'keygenMs') return this.keygenMs;
    throw new RangeError(`an emulated Zephyr board has no setting "${name}"`);
  }

  setSetting(name: string, value: number): void {
    if (name !== 'keygenMs') throw new RangeError(`an emulated Zephyr board has no setting "${name}"`);
    this.keygenMs = value;
  }

  /** No command running or waiting, nothing half typed. */
  get idle(): boolean {
    return !this.#running && this.#rx.length === 0 && this.#line === '';
  }

  /** The `cred buf` contents (RAM): what a host has buffered but not yet added. */
  get credentialBuffer(): string {
    return this.#ctx.credBuf;
  }

  powerOn(): void {
    if (this.#power) return;
    this.#power = new AbortController();
    this.#ctx.signal = this.#power.signal;
    this.#bootedAt = this.#clock.now();
    this.stores.reload();
    const f = this.factory;
    this.#emit(`*** Booting nRF Connect SDK ${f.ncsVersion} ***\r\n*** Using Zephyr OS v${f.zephyrVersion} ***\r\n`);
    this.#emit(`${this.#logText('inf', 'main', `KeyWire emulated ${f.board}`)}\r\n`);
    this.#emit(this.#prompt());
  }

  powerOff(): void {
    if (!this.#power) return;
    this.#power.abort(new DOMException('The board lost power.', 'AbortError'));
    this.#power = null;
    this.stores.powerOff();
    this.#ctx.credBuf = '';
    this.#line = '';
    this.#rx = [];
    this.#lastCr = false;
  }

  reset(): void {
    this.#log(`${this.factory.id}: reset`);
    this.powerOff();
    this.powerOn();
  }

  factoryReset(): void {
    const wasPowered = this.powered;
    this.powerOff();
    this.stores.factoryReset();
    if (wasPowered) this.powerOn();
  }

  /** A log message from another thread, printed the way the shell's log backend prints it. */
  log(level: 'err' | 'wrn' | 'inf' | 'dbg', module: string, text: string): void {
    if (!this.#power) return;
    const line = this.#logText(level, module, text);
    if (this.#running) return this.#emit(`${line}\r\n`);
    const typed = this.factory.prompt.length + this.#line.length;
    this.#emit(`\x1b[${typed}D\x1b[J${line}\r\n${this.#prompt()}${this.#line}`);
  }

  receive(bytes: Uint8Array): void {
    if (!this.#power) return;
    this.#rx.push(...bytes);
    if (!this.#running) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#running = true;
    try {
      while (this.#power && this.#rx.length > 0) {
        this.#echo ??= '';
        const command = this.#edit(this.#rx.shift()!);
        if (command === null) continue;
        this.#flushEcho();
        await this.#run(command, this.#power.signal);
      }
    } finally {
      this.#flushEcho();
      this.#running = false;
    }
  }

  /** The line editor: returns a complete line, or null while typing. */
  #edit(b: number): string | null {
    const wasCr = this.#lastCr;
    this.#lastCr = b === 0x0d;
    if (b === 0x0d || b === 0x0a) {
      if (b === 0x0a && wasCr) return null;
      const line = this.#line;
      this.#line = '';
      this.#emit('\r\n');
      return line;
    }
    if (b === 0x08 || b === 0x7f) {
      if (this.#line.length > 0) {
        this.#line = this.#line.slice(0, -1);
        this.#emit('\x1b[1D\x1b[J');
      }
      return null;
    }
    if (b < 0x20 || b > 0x7e) return null;
    if (this.#line.length >= this.factory.bufferSize - 1) return null;
    this.#line += String.fromCharCode(b);
    this.#emit(String.fromCharCode(b));
    return null;
  }

  async #run(line: string, signal: AbortSignal): Promise<void> {
    if (line.trim() === '') return this.#emit(this.#prompt());
    const fault = this.beforeCommand(line);
    if (fault?.kind === 'reset') return this.reset();
    if (fault?.kind === 'unplug') return this.onUnplugFault();
    if (fault?.kind === 'answer')
      return this.#emit(this.#format({ text: fault.text, level: 'error' }) + this.#prompt());
    let out: OutLine[];
    try {
      if (fault?.kind === 'stall') await sleep(this.#clock, fault.ms, signal);
      out = await dispatch(this.#commands, line, this.#ctx);
    } catch (e) {
      if (signal.aborted) return;
      this.#log(`${this.factory.id}: command failed inside the emulator: ${String(e)}`);
      out = [{ text: `Command failed: ${String(e)}`, level: 'error' }];
    }
    if (signal.aborted) return;
    out.forEach((o, i) => {
      this.#emit(this.#format(o));
      if (this.chatter && i === 0 && out.length > 1)
        this.#emit(`${this.#logText('inf', 'wifi_mgmt', 'RSSI -52 dBm')}\r\n`);
    });
    if (this.#rebootRequested) {
      this.#rebootRequested = false;
      // sys_reboot never returns: no prompt from this session, the banner of the next one.
      return this.reset();
    }
    this.#emit(this.#prompt());
  }

  #format({ text, level }: OutLine): string {
    if (!this.factory.colours || level === 'normal') return `${text}\r\n`;
    return `${level === 'error' ? RED : YELLOW}${text}${RESET}\r\n`;
  }

  #prompt(): string {
    return this.factory.colours ? `${GREEN}${this.factory.prompt}${RESET}` : this.factory.prompt;
  }

  #logText(level: string, module: string, text: string): string {
    return `[${logTimestamp(this.#clock.now() - this.#bootedAt)}] <${level}> ${module}: ${text}`;
  }

  #flushEcho(): void {
    const echo = this.#echo;
    this.#echo = null;
    if (echo) this.#emit(echo);
  }

  #emit(text: string): void {
    if (this.#echo !== null) {
      this.#echo += text;
      return;
    }
    if (this.#power) this.onOutput(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
  }
}
