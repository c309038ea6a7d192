// Layer: emulator core (family-neutral). A hostile-board mode any family can wear: the per-board setting `hostile`
// (0 = off, then one number per variant of HOSTILE_VARIANTS) wraps the family's board and, on the bytes alone,
//   - rewrites the lines that answer the family's identity commands: HTML and script, a 100 kB line, NUL bytes,
//     invalid UTF-8 or bidi overrides appended to what the board would say (so family detection still claims it);
//   - answers one of the family's commands with endless output (short lines at about the UART's pace, until the
//     host sends another command, the board loses power, or a minute passes), the command never reaching the board;
//   - precedes one of the family's commands with a flood of unsolicited lines (notifications, log lines, events).
// What is rewritten and which command triggers what is the family's (`HostileHooks`, `<family>/hostile.ts`); text is
// handled as Latin-1 strings of the wire's bytes, so invalid UTF-8 and NUL bytes go out exactly as given.
import type { BoardSettingSpec, EmulatedBoard } from './board-kind.ts';
import type { EmulatorClock, TimerId } from './clock.ts';

export const HOSTILE_VARIANTS = [
  'off',
  'html',
  'long-lines',
  'nul',
  'invalid-utf8',
  'bidi',
  'endless',
  'flood',
] as const;
export type HostileVariant = (typeof HOSTILE_VARIANTS)[number];

/** What the Settings panel and docs call each variant. */
export const HOSTILE_WORDS: Readonly<Record<HostileVariant, string>> = {
  off: 'off (a well-behaved board)',
  html: 'HTML and script in every identity string',
  'long-lines': '100 kB lines',
  nul: 'NUL bytes in identity strings',
  'invalid-utf8': 'invalid UTF-8 in identity strings',
  bidi: 'bidi overrides in identity strings',
  endless: 'endless output in answer to a command',
  flood: 'a flood of unsolicited lines',
};

export const HOSTILE_SETTING: BoardSettingSpec = {
  name: 'hostile',
  default: 0,
  problem: (value) =>
    Number.isInteger(value) && value >= 0 && value < HOSTILE_VARIANTS.length
      ? null
      : `the hostile mode is a number from 0 (off) to ${HOSTILE_VARIANTS.length - 1} ` +
        `(${HOSTILE_VARIANTS.map((v, i) => `${i} ${v}`).join(', ')}), got ${value}`,
};

export const hostileIndex = (variant: HostileVariant): number => HOSTILE_VARIANTS.indexOf(variant);

/** Script the e2e suite looks for: it sets `window.__keywireInjected` if it ever runs. */
export const HOSTILE_HTML =
  '<img src=x onerror="window.__keywireInjected=1"><script>window.__keywireInjected=1</script><b>bold</b>';
export const HOSTILE_LONG_LINE_BYTES = 100_000;

/** Text as its UTF-8 bytes, one Latin-1 character per byte (the form the boards' output takes). */
export function utf8Latin1(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}

/** What a hostile board appends to an identity string (Latin-1 bytes); '' for variants that do not rewrite. */
export function hostilePayload(variant: HostileVariant): string {
  switch (variant) {
    case 'html':
      return utf8Latin1(HOSTILE_HTML);
    case 'long-lines':
      return 'L'.repeat(HOSTILE_LONG_LINE_BYTES);
    case 'nul':
      return '\x00\x00NUL\x00';
    case 'invalid-utf8':
      return '\xff\xfe\xc3\x28\xed\xa0\x80';
    case 'bidi':
      return utf8Latin1('\u202Eexe.gpj\u202C\u2066\u200F\u061C');
    default:
      return '';
  }
}

/** A family's part: which lines are identity answers and which commands trigger endless output or a flood. */
export interface HostileHooks {
  /** A board output line (no line end) that answers the host command `command` (the last line the host sent), as
   * the hostile board says it for `variant` (Latin-1); null to leave it as it is. */
  rewrite(command: string, line: string, variant: HostileVariant): string | null;
  /** Whether `command` is answered with endless output instead of reaching the board; `count` is how many commands
   * equal to it (by the family's measure) arrived since power-on, this one included. */
  endlessOn(command: string, count: number): boolean;
  /** What the board sends before the endless lines (a shell's echo), and each endless line (without line end). */
  endlessStart(command: string): string;
  endlessLine(i: number): string;
  /** Whether a flood of unsolicited lines precedes `command`, and one flood line (without line end). */
  floodOn(command: string, count: number): boolean;
  floodLine(i: number): string;
  /** The line end the family's board sends. */
  readonly eol: string;
}

/** Lines of a flood (sent at once; the wire paces them). */
export const FLOOD_LINES = 600;
/** Endless output: this many lines every ENDLESS_TICK_MS (about a 115200-baud UART's pace), for at most a minute. */
const ENDLESS_LINES_PER_TICK = 10;
const ENDLESS_TICK_MS = 10;
const ENDLESS_LIMIT_MS = 60_000;

const latin1Bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** The family's board wearing the hostile mode: the setting `hostile` is the wrapper's, everything else the board's. */
export class HostileBoard implements EmulatedBoard {
  #out: (bytes: Uint8Array) => void = () => {};
  #variant: HostileVariant;
  #partial = '';
  #command = '';
  #counts = new Map<string, number>();
  #endless: { timer: TimerId; until: number; i: number } | null = null;

  constructor(
    /** The family's own board (what `lab.model(id)` returns). */
    readonly inner: EmulatedBoard,
    private readonly hooks: HostileHooks,
    private readonly clock: EmulatorClock,
    initial = 0,
  ) {
    this.#variant = HOSTILE_VARIANTS[initial] ?? 'off';
    inner.onOutput = (bytes) => this.#fromBoard(bytes);
  }

  get variant(): HostileVariant {
    return this.#variant;
  }

  get onOutput(): (bytes: Uint8Array) => void {
    return this.#out;
  }
  set onOutput(fn: (bytes: Uint8Array) => void) {
    this.#out = fn;
  }
  get beforeCommand() {
    return this.inner.beforeCommand;
  }
  set beforeCommand(fn) {
    this.inner.beforeCommand = fn;
  }
  get onUnplugFault() {
    return this.inner.onUnplugFault;
  }
  set onUnplugFault(fn) {
    this.inner.onUnplugFault = fn;
  }
  get idle(): boolean {
    return this.inner.idle && this.#endless === null;
  }

  setting(name: string): number {
    return name === HOSTILE_SETTING.name ? hostileIndex(this.#variant) : this.inner.setting(name);
  }

  setSetting(name: string, value: number): void {
    if (name !== HOSTILE_SETTING.name) return this.inner.setSetting(name, value);
    const problem = HOSTILE_SETTING.problem(value);
    if (problem) throw new RangeError(problem);
    this.#variant = HOSTILE_VARIANTS[value]!;
  }

  powerOn(): void {
    this.#reset();
    this.inner.powerOn();
  }
  powerOff(): void {
    this.#reset();
    this.inner.powerOff();
  }
  reset(): void {
    this.#reset();
    this.inner.reset();
  }
  factoryReset(): void {
    this.#reset();
    this.inner.factoryReset();
  }

  receive(bytes: Uint8Array): void {
    if (this.#variant !== 'off') for (const b of bytes) this.#hostByte(b);
    this.inner.receive(bytes);
  }

  /** Follows the host's command lines: the last one names what the board's next lines answer. */
  #hostByte(b: number): void {
    if (b !== 0x0d && b !== 0x0a) {
      if (this.#partial.length < 8192) this.#partial += String.fromCharCode(b);
      return;
    }
    const command = this.#partial.trim();
    this.#partial = '';
    if (!command) return;
    this.#stopEndless();
    this.#command = command;
    const key = command.replace(/^\d+ /, '');
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    if (this.#variant === 'endless' && this.hooks.endlessOn(command, count)) this.#startEndless(command);
    else if (this.#variant === 'flood' && this.hooks.floodOn(command, count)) {
      let flood = '';
      for (let n = 0; n < FLOOD_LINES; n++) flood += this.hooks.floodLine(n) + this.hooks.eol;
      this.#send(flood);
    }
  }

  #fromBoard(bytes: Uint8Array): void {
    // While endless output runs, the board's own answer to that command is never sent (the answer never ends).
    if (this.#endless) return;
    if (this.#variant === 'off' || this.#variant === 'endless' || this.#variant === 'flood') return this.#out(bytes);
    // Rewrite whole lines (the boards send whole answers per chunk); what follows the last line end (a prompt) goes
    // out as it is, at once: the host waits for it.
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    const eol = this.hooks.eol;
    const lines = text.split(eol);
    const rest = lines.pop() ?? '';
    const rewritten = lines.map((line) => (this.hooks.rewrite(this.#command, line, this.#variant) ?? line) + eol);
    this.#send(rewritten.join('') + rest);
  }

  #send(text: string): void {
    if (text) this.#out(latin1Bytes(text));
  }

  #startEndless(command: string): void {
    this.#send(this.hooks.endlessStart(command));
    const run = { timer: 0 as TimerId, until: this.clock.now() + ENDLESS_LIMIT_MS, i: 0 };
    const tick = () => {
      if (this.#endless !== run) return;
      let chunk = '';
      for (let n = 0; n < ENDLESS_LINES_PER_TICK; n++) chunk += this.hooks.endlessLine(run.i++) + this.hooks.eol;
      this.#send(chunk);
      if (this.clock.now() >= run.until) this.#endless = null;
      else run.timer = this.clock.setTimeout(tick, ENDLESS_TICK_MS);
    };
    this.#endless = run;
    run.timer = this.clock.setTimeout(tick, 0);
  }

  #stopEndless(): void {
    if (this.#endless) this.clock.clearTimeout(this.#endless.timer);
    this.#endless = null;
  }

  #reset(): void {
    this.#stopEndless();
    this.#partial = '';
    this.#command = '';
    this.#counts.clear();
  }
}

/** The family's board in the hostile-mode wrapper, starting in the variant the saved setting names (default off). */
export const withHostileMode = (
  board: EmulatedBoard,
  hooks: HostileHooks,
  clock: EmulatorClock,
  setting: number | undefined,
): HostileBoard => new HostileBoard(board, hooks, clock, setting ?? 0);
