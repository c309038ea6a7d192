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
