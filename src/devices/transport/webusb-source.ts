// Layer: transport. Ports over WebUSB for browsers without Web Serial (Chrome on Android for boards the OS has not
// claimed), using web-serial-polyfill's SerialPort class over CDC-ACM. The polyfill is loaded on first use so the
// main bundle does not carry it. Its ports fire no plug/unplug events (capabilities say so): an unplug shows up as
// a read error on the open connection, and the UI polls granted() to find the board again.
import { err, ok } from '../../lib/result.ts';
import { deviceError } from '../errors.ts';
import type { PortEntry, PortRequest, PortSource } from './port-source.ts';
import { mapSerialError } from './serial-errors.ts';
import { identityOf, type SerialPortLike } from './serial-port.ts';
import { describePortInfo, KNOWN_VENDORS } from './usb-ids.ts';

/** USB class codes of a CDC-ACM serial function (communications control). */
const CDC_CONTROL_CLASS = 0x02;

export interface UsbLike {
  requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice>;
  getDevices(): Promise<USBDevice[]>;
}

export type PolyfillPortFactory = (device: USBDevice) => SerialPortLike;

async function loadPolyfill(): Promise<PolyfillPortFactory> {
  const { SerialPort } = await import('web-serial-polyfill');
  return (device) => new SerialPort(device) as unknown as SerialPortLike;
}

export function webUsbSource(usb?: UsbLike, makePort?: PolyfillPortFactory): PortSource {
  const api = usb ?? (globalThis.navigator as { usb?: UsbLike } | undefined)?.usb;
  // One port object per USBDevice, so identity survives repeated granted() calls while the device stays plugged.
  const ports = new WeakMap<USBDevice, SerialPortLike>();
  const serials = new WeakMap<SerialPortLike, string>();
  let factory = makePort;
  const portFor = async (device: USBDevice): Promise<PortEntry> => {
    factory ??= await loadPolyfill();
    let port = ports.get(device);
    if (!port) {
      port = factory(device);
      ports.set(device, port);
      if (device.serialNumber) serials.set(port, device.serialNumber);
    }
    return describe(port);
  };
  const describe = (port: SerialPortLike): PortEntry => {
    const identity = identityOf(port, serials.get(port));
    return { port, identity, source: 'webusb-polyfill', label: `${describePortInfo(identity)} via WebUSB` };
  };
  const missing = () => err(deviceError('unsupported', 'This browser has neither Web Serial nor WebUSB.'));
  return {
    kind: 'webusb-polyfill',
    label: 'USB device (WebUSB)',
    capabilities: { picker: true, connectEvents: false },
    async request(request: PortRequest = {}) {
      if (!api) return missing();
      const filters: USBDeviceFilter[] =
        request.filter === 'any'
          ? [{ classCode: CDC_CONTROL_CLASS }]
          : KNOWN_VENDORS.map((v) => ({ vendorId: v.usbVendorId, classCode: CDC_CONTROL_CLASS }));
      try {
        return ok(await portFor(await api.requestDevice({ filters })));
      } catch (e) {
        return err(mapSerialError(e, 'request'));
      }
    },
    async granted() {
      if (!api) return missing();
      try {
        const devices = await api.getDevices();
        return ok(await Promise.all(devices.map(portFor)));
      } catch (e) {
        return err(mapSerialError(e, 'getPorts'));
      }
    },
    onChange: () => () => {},
    describe,
  };
}
