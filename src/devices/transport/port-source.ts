// Layer: transport. Where ports come from, behind one interface: Web Serial, the WebUSB polyfill, emulated boards.
// Above: the connect panel's state class and reconnect.ts. Below: navigator.serial / navigator.usb / the EmulatorLab.
// A source hands out ports; opening them is connection.ts's job.
import type { Result } from '../../lib/result.ts';
import type { DeviceError } from '../errors.ts';
import type { PortIdentity, SerialPortLike } from './serial-port.ts';

export type PortSourceKind = 'web-serial' | 'webusb-polyfill' | 'emulator';

export interface PortSourceCapabilities {
  /** request() shows a browser dialog (needs a user gesture). False for emulated boards. */
  readonly picker: boolean;
  /** onChange() reports plug and unplug. False for the WebUSB polyfill: poll granted() instead. */
  readonly connectEvents: boolean;
}

export interface PortRequest {
  /** 'known': Nordic, SEGGER and ST boards only (default); 'any': every serial port the browser offers. */
  readonly filter?: 'known' | 'any';
  /** Emulator only: which board to "plug in" (default: the first). */
  readonly boardId?: string;
}

/** A port as a list shows it. */
export interface PortEntry {
  readonly port: SerialPortLike;
  readonly label: string;
  readonly identity: PortIdentity;
  readonly source: PortSourceKind;
}

export interface PortChange {
  readonly type: 'connect' | 'disconnect';
  readonly port: SerialPortLike;
}

export interface PortSource {
  readonly kind: PortSourceKind;
  readonly label: string;
  readonly capabilities: PortSourceCapabilities;
  /** Asks for a port. The user closing the picker is `no-port-chosen`, not an error to show. */
  request(request?: PortRequest): Promise<Result<PortEntry, DeviceError>>;
  /** Ports the user granted before (Web Serial) or all boards (emulator), without a dialog. */
  granted(): Promise<Result<PortEntry[], DeviceError>>;
  /** Plug/unplug events; a no-op subscription where `capabilities.connectEvents` is false. Returns unsubscribe. */
  onChange(listener: (change: PortChange) => void): () => void;
  /** Describes a port this source handed out (for ports kept across a disconnect). */
  describe(port: SerialPortLike): PortEntry;
}
