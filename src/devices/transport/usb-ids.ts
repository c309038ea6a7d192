// Layer: transport. The one table of USB vendors KeyWire's port picker filters on, and how to name a port for people.

export interface KnownVendor {
  readonly usbVendorId: number;
  readonly name: string;
  /** What the board usually is when this vendor shows up. */
  readonly hint: string;
}

export const KNOWN_VENDORS: readonly KnownVendor[] = [
  { usbVendorId: 0x1915, name: 'Nordic Semiconductor', hint: 'nRF91 DK / Thingy:91 built-in USB, nRF USB CDC' },
  { usbVendorId: 0x1366, name: 'SEGGER', hint: 'J-Link OB virtual COM port on Nordic DKs' },
  { usbVendorId: 0x0483, name: 'STMicroelectronics', hint: 'ST-LINK virtual COM port on ST boards' },
];

/** Filters for `requestPort` that show only the boards KeyWire knows. */
export const KNOWN_VENDOR_FILTERS: readonly SerialPortFilter[] = KNOWN_VENDORS.map((v) => ({
  usbVendorId: v.usbVendorId,
}));

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** "SEGGER (1366:1015)" or "Serial port" when the browser does not say what it is. */
export function describePortInfo(info: SerialPortInfo): string {
  if (info.usbVendorId === undefined) return 'Serial port';
  const vendor = KNOWN_VENDORS.find((v) => v.usbVendorId === info.usbVendorId);
  const ids = `${hex4(info.usbVendorId)}:${info.usbProductId === undefined ? '????' : hex4(info.usbProductId)}`;
  return vendor ? `${vendor.name} (${ids})` : `USB serial (${ids})`;
}
