// Layer: transport, its public surface. The UI and adapters import from here; files inside stay free to move.
export type { ByteStream, TapEvent, WriteOptions } from './byte-stream.ts';
export { SerialConnection, type ConnectionOptions, type ConnectionState } from './connection.ts';
export { escapeBytes, type ConsoleLine, type LineDirection } from './console-lines.ts';
export { emulatedSource } from './emulated-source.ts';
export type {
  PortChange,
  PortEntry,
  PortRequest,
  PortSource,
  PortSourceCapabilities,
  PortSourceKind,
} from './port-source.ts';
export { findSamePort, matchPort, waitForReconnect, type WaitOptions } from './reconnect.ts';
export { maskSecretLine } from './secret-mask.ts';
export { mapSerialError, type SerialStep } from './serial-errors.ts';
export { identityOf, type PortIdentity, type SerialPortLike } from './serial-port.ts';
export { SessionLog, type SearchOptions, type SessionLogOptions } from './session-log.ts';
export { detectSerialSupport, type SerialApi, type SerialSupport } from './support.ts';
export { detectPlatform, troubleshooting, type Platform, type TroubleshootingCheck } from './troubleshooting.ts';
export { describePortInfo, KNOWN_VENDORS, KNOWN_VENDOR_FILTERS, type KnownVendor } from './usb-ids.ts';
export { webSerialSource, type SerialLike } from './web-serial-source.ts';
export { webUsbSource, type UsbLike } from './webusb-source.ts';
