// Layer: emulator contract. What the rest of KeyWire (transport's emulated port source, Settings, tests, the Node
// serial-line tool) may rely on. The emulated port itself is a Web Serial `SerialPort` lookalike: same members,
// same exceptions for the same misuse, so the transport cannot tell it from a real one.

export type EmulatedBoardKind = 'nrf91';

export interface EmulatedBoardInfo {
  /** Stable id, also the key of the board's flash (e.g. `nrf9160-a`). */
  readonly id: string;
  readonly kind: EmulatedBoardKind;
  /** What a picker shows, e.g. "Emulated nRF9160 DK (A)". */
  readonly label: string;
  readonly usbVendorId: number;
  readonly usbProductId: number;
}

/** One-shot faults, chosen by the seeded injector or requested explicitly. */
export type EmulatorFault =
  | { readonly kind: 'drop-byte' }
  | { readonly kind: 'corrupt-byte' }
  | { readonly kind: 'stall'; readonly ms: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'unplug' };

export interface EmulatedBoardControl {
  readonly info: EmulatedBoardInfo;
  readonly plugged: boolean;
  /** Pulls the cable: the open port's streams error, the port fires 'disconnect'. */
  unplug(): void;
  /** Plugs it back in: the lab fires 'connect' with the same SerialPort object. */
  replug(): void;
  /** Queues a fault that happens on the next matching opportunity (next byte out, next command ...). */
  inject(fault: EmulatorFault): void;
  /** Simulated duration of %KEYGEN's key generation, in ms. */
  keygenMs: number;
  /** Back to the factory state (flash erased and preloaded again). */
  factoryReset(): Promise<void>;

  // Additions beyond the lead's first contract (all implementations are the emulator's own).
  /** Who the board is, as its factory data says: what identify should find. */
  readonly facts: EmulatedBoardFacts;
  /** Whether a page has the board's port open right now. */
  readonly portOpen: boolean;
  /** Another program holds the port: open() fails with NetworkError, as when a terminal has a real port. */
  busy: boolean;
  /** Injected faults still waiting for their opportunity, oldest first. */
  readonly queuedFaults: readonly EmulatorFault[];
  /** Random fault probabilities (seeded); all 0 by default. */
  faultRates: EmulatorFaultRates;
  /**
   * How far the emulated network's time is from this computer's date, in ms (positive: ahead; default 0): the time
   * the board's modem gets when it registers (AT+CCLK? answers it from then on). Whole ms within ±10950 days (30
   * years), else RangeError. A registered board gets the new time at once; the setting persists like keygenMs.
   */
  networkTimeOffsetMs: number;
  /** Reboots the board now: CFUN back to 0, volatile state lost (the +CCLK time too), flash kept, banner printed. */
  reset(): void;
  /** Called after any change the panel shows (plugged, busy, settings, faults, port open); returns unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface EmulatedBoardFacts {
  /** 15 digits with a valid Luhn check digit. */
  readonly imei: string;
  /** The device UUID the modem puts in %KEYGEN / %ATTESTTOKEN (and the CSR's default CN), lowercase, hyphenated. */
  readonly deviceUuid: string;
  /** %XMODEMUUID: the modem firmware build UUID (same for every board on the same firmware). */
  readonly modemFirmwareUuid: string;
  readonly manufacturer: string;
  /** +CGMM */
  readonly model: string;
  /** +CGMR */
  readonly firmware: string;
  /** %HWVERSION */
  readonly hardwareVersion: string;
  /** ICCID of the inserted SIM; null = no SIM. */
  readonly iccid: string | null;
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
