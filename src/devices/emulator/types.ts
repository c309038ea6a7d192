// Layer: emulator contract. What the rest of KeyWire (transport's emulated port source, Settings, tests, the Node
// serial-line tool) may rely on. The emulated port itself is a Web Serial `SerialPort` lookalike: same members,
// same exceptions for the same misuse, so the transport cannot tell it from a real one.

/**
 * One entry per registered board family, mapping its kind id to the facts its boards show. Each family folder adds
 * itself by module augmentation (`declare module '../types.ts' { interface EmulatedBoardKinds { <kind>: <Facts> } }`),
 * so this core file never names a family. See README.md, "Adding a board family".
 */
export interface EmulatedBoardKinds {}

export type EmulatedBoardKind = keyof EmulatedBoardKinds;

/** What identify should find on a board, as its factory data says (the family's own facts type). */
export type EmulatedBoardFacts = EmulatedBoardKinds[EmulatedBoardKind];

export interface EmulatedBoardInfo {
  /** Stable id, also the key of the board's flash (e.g. `<family board>-a`). */
  readonly id: string;
  readonly kind: EmulatedBoardKind;
  /** What a picker shows, e.g. "Emulated nRF9160 DK (A)". */
  readonly label: string;
  readonly usbVendorId: number;
  readonly usbProductId: number;
}

/**
 * One-shot faults, chosen by the seeded injector or requested explicitly. `when` (explicit faults only) makes the
 * fault wait for the first command the board receives whose text contains it (e.g. `'AT%CMNG=0'`, `'cred add'`,
 * `'ZWRITE'`): reset, unplug and answer then hit that command; drop, corrupt and stall hit its answer. Without
 * `when` a fault takes the next opportunity (next byte out, next command).
 */
export type EmulatorFault =
  | { readonly kind: 'drop-byte'; readonly when?: string }
  | { readonly kind: 'corrupt-byte'; readonly when?: string }
  | { readonly kind: 'stall'; readonly ms: number; readonly when?: string }
  | { readonly kind: 'reset'; readonly when?: string }
  | { readonly kind: 'unplug'; readonly when?: string }
  /**
   * The board answers the command with `text` instead of running it (nothing is changed on the board): an error
   * answer its firmware can give, framed as the family frames a final line (nRF91 `+CME ERROR: 515`, a Zephyr
   * shell error line then the prompt, an STSAFE `ERR CHIP 6A …` after the request's sequence number).
   */
  | { readonly kind: 'answer'; readonly text: string; readonly when?: string };

export type EmulatorFaultKind = EmulatorFault['kind'];

export interface EmulatedBoardControl {
  readonly info: EmulatedBoardInfo;
  readonly plugged: boolean;
  /** Pulls the cable: the open port's streams error, the port fires 'disconnect'. */
  unplug(): void;
  /** Plugs it back in: the lab fires 'connect' with the same SerialPort object. */
  replug(): void;
  /** Queues a fault that happens on the next matching opportunity (next byte out, next command ...). */
  inject(fault: EmulatorFault): void;
  /**
   * Simulated duration of the board's on-board key generation, in ms: the `keygenMs` setting of its kind (0 and
   * RangeError on set for a kind without that setting).
   */
  keygenMs: number;
  /** Back to the factory state (flash erased and preloaded again). */
  factoryReset(): Promise<void>;

  // Additions beyond the lead's first contract (all implementations are the emulator's own).
  /** Who the board is, as its factory data says: what identify should find (its family's facts type). */
  readonly facts: EmulatedBoardFacts;
  /**
   * The facts typed as family `kind`'s (`control(id).factsOf(kind)`); RangeError when the board is of
   * another family. Code that handles several families switches on `info.kind` first.
   */
  factsOf<K extends EmulatedBoardKind>(kind: K): EmulatedBoardKinds[K];
  /** Whether a page has the board's port open right now. */
  readonly portOpen: boolean;
  /** Another program holds the port: open() fails with NetworkError, as when a terminal has a real port. */
  busy: boolean;
  /** Injected faults still waiting for their opportunity, oldest first. */
  readonly queuedFaults: readonly EmulatorFault[];
  /** Random fault probabilities (seeded); all 0 by default. */
  faultRates: EmulatorFaultRates;
  /**
   * How far the emulated network's time is from this computer's date, in ms (positive: ahead; default 0): the
   * `networkTimeOffsetMs` setting of its kind (the family decides its range; RangeError beyond it, 0 and RangeError
   * on set for a kind without it). The setting persists like keygenMs.
   */
  networkTimeOffsetMs: number;
  /** The names of the settings the board's kind declares (e.g. keygenMs), in its order. */
  readonly settingNames: readonly string[];
  /** A setting's current value; RangeError for a name the kind does not declare. */
  setting(name: string): number;
  /** Sets and persists a setting; RangeError for an unknown name or a value the kind refuses (its message says why). */
  setSetting(name: string, value: number): void;
  /** Reboots the board now: volatile state lost, flash kept, boot output printed (as the family defines it). */
  reset(): void;
  /** Called after any change the panel shows (plugged, busy, settings, faults, port open); returns unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface EmulatorFaultRates {
  /** Probability per byte the board sends. */
  readonly dropByte: number;
  readonly corruptByte: number;
  /** Probability per command the board receives. */
  readonly stall: number;
  readonly reset: number;
  readonly unplug: number;
  /** How long a random stall lasts, ms. */
  readonly stallMs: number;
}

export interface EmulatorLab {
  boards(): readonly EmulatedBoardInfo[];
  /** The board's SerialPort; the same object every time for the same id, like a granted Web Serial port. */
  port(boardId: string): SerialPort;
  control(boardId: string): EmulatedBoardControl;
  /** 'connect' / 'disconnect' as navigator.serial fires them, carrying the port. */
  addEventListener(type: 'connect' | 'disconnect', listener: (port: SerialPort) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (port: SerialPort) => void): void;
}
