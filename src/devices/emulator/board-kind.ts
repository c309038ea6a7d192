// Layer: emulator contract for board families. What one emulated board family (a folder next to this file) gives
// the lab: its factory boards (ids, labels, USB ids, UART speed), the facts identify should find, its settings (name,
// default, range), and a factory that turns host bytes into board bytes given the clock, the flash, the fault hooks
// and the settings. The lab (lab.ts) and the serial-line tool (tools/emulator.ts) only use this contract, through the
// registry (registry.ts). README.md, "Adding a board family", is the prose version.
import type { EmulatorClock } from './clock.ts';
import type { CommandFault } from './faults.ts';
import type { FlashStore } from './flash-store.ts';
import type { EmulatedBoardFacts, EmulatedBoardKind } from './types.ts';

/** A board as it leaves the factory: the part of its factory data the lab reads. Families extend it with the rest. */
export interface EmulatedFactoryBoard {
  /** The family that builds it (its registry entry). */
  readonly kind: EmulatedBoardKind;
  /** Stable id: the board's port, its flash image (`keywire.emulator.flash.<id>`) and its settings entry. */
  readonly id: string;
  /** What a picker shows. */
  readonly label: string;
  readonly usbVendorId: number;
  readonly usbProductId: number;
  /** The board's UART speed; a host opening the port at another rate reads garbage, as with a real UART. */
  readonly uartBaud: number;
}

/** A number the user may change per board (Settings panel, lab control, `--flag` of the serial tool); persisted. */
export interface BoardSettingSpec {
  readonly name: string;
  readonly default: number;
  /** Why `value` is refused (plain language), or null when it is accepted. */
  problem(value: number): string | null;
}

/** A running board model: bytes from the host in, bytes to the host out, power and fault hooks. */
export interface EmulatedBoard {
  /** Where the board's TX line goes (the cable); the lab or the tool sets it. */
  onOutput: (bytes: Uint8Array) => void;
  /**
   * Asked once per complete command (or request) the board receives, with its text; the fault injector answers.
   * An `answer` fault is sent, framed as the family frames a final line, instead of running the command.
   */
  beforeCommand: (command: string) => CommandFault | null;
  /** Called when a fault pulls the cable: the owner (lab or tool) does the unplugging. */
  onUnplugFault: () => void;
  /** Bytes the host sent, as the board's UART receives them. */
  receive(bytes: Uint8Array): void;
  /** Power (plugged = powered): volatile state is lost at power off, flash is kept. */
  powerOn(): void;
  powerOff(): void;
  /** A reboot (reset pin, watchdog, reset fault): power cycle, flash kept. */
  reset(): void;
  /** Flash erased and the factory image loaded again. */
  factoryReset(): void;
  /** Nothing running or queued (the serial tool waits for it before exiting on end of input). */
  readonly idle: boolean;
  /** A setting's current value (only names the kind declares are asked). */
  setting(name: string): number;
  /** Applies a value the kind's spec accepted. */
  setSetting(name: string, value: number): void;
}

/** What the lab and the serial tool hand a family's factory when they build a board. */
export interface BoardEnvironment {
  readonly flash: FlashStore;
  readonly clock: EmulatorClock;
  readonly log: (message: string) => void;
  /** Every setting the kind declares, saved values over defaults. */
  readonly settings: Readonly<Record<string, number>>;
  /** Family options from the lab options (`boardOptions`) or the tool's command line; each kind reads its own. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** One registered board family. */
export interface EmulatedBoardKindSpec<F extends EmulatedFactoryBoard = EmulatedFactoryBoard> {
  readonly kind: EmulatedBoardKind;
  /** One line for tools' usage text, e.g. what firmware the board runs. */
  readonly description: string;
  /** The family's factory boards, in the order the lab shows them. */
  readonly factoryBoards: readonly F[];
  /** The settings every board of this kind has (may be empty). */
  readonly settings: readonly BoardSettingSpec[];
  /** What identify should find on this board. */
  facts(factory: F): EmulatedBoardFacts;
  /** The Settings panel's words for a board of this kind, from its facts: who it is in one line ("IMEI … · firmware ·
   * SIM inserted"), and what powering it up does ("the board booted with its radio off"). */
  words(facts: EmulatedBoardFacts): { readonly factsLine: string; readonly bootWords: string };
  /** A powered-off board model; the caller wires onOutput and the fault hooks, then powers it on. */
  createBoard(factory: F, environment: BoardEnvironment): EmulatedBoard;
}
