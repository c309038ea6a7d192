// Layer: transport, the bottom of the device stack. The slice of Web Serial's `SerialPort` the connection uses, so
// a browser port, a WebUSB-polyfill port, an emulated port and the tests' fake port all fit. Above: connection.ts
// and the port sources. Below: the browser (or the emulator).

/** Structural subset of `SerialPort`. The polyfill's port has no events, so those members are optional. */
export interface SerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: SerialOptions): Promise<void>;
  close(): Promise<void>;
  getInfo(): SerialPortInfo;
  addEventListener?(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
  removeEventListener?(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
}

/** What we remember about a port to find it again after a replug or reset. */
export interface PortIdentity {
  /** The port object itself: Web Serial and the emulator hand back the same object for the same granted port. */
  readonly port: SerialPortLike;
  readonly usbVendorId?: number;
  readonly usbProductId?: number;
  /** USB serial number, where the source knows it (WebUSB polyfill, emulator board id). */
  readonly serialNumber?: string;
}

export function identityOf(port: SerialPortLike, serialNumber?: string): PortIdentity {
  let info: SerialPortInfo = {};
  try {
    info = port.getInfo();
  } catch {
    // A port whose device is gone may throw from getInfo(); identity by object still works.
  }
  return {
    port,
    ...(info.usbVendorId !== undefined ? { usbVendorId: info.usbVendorId } : {}),
    ...(info.usbProductId !== undefined ? { usbProductId: info.usbProductId } : {}),
    ...(serialNumber !== undefined ? { serialNumber } : {}),
  };
}
