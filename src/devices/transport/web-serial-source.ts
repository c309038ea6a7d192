// Layer: transport. Ports from Web Serial (`navigator.serial`): the picker filtered to known vendors or open to any
// port, previously granted ports, and plug/unplug events (the event's target is the port).
import { err, ok } from '../../lib/result.ts';
import { deviceError } from '../errors.ts';
import type { PortChange, PortEntry, PortRequest, PortSource } from './port-source.ts';
import { mapSerialError } from './serial-errors.ts';
import { identityOf, type SerialPortLike } from './serial-port.ts';
import { describePortInfo, KNOWN_VENDOR_FILTERS } from './usb-ids.ts';

/** The members of `navigator.serial` used here (a structural type, so tests can pass their own). */
export interface SerialLike {
  requestPort(options?: SerialPortRequestOptions): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
}

export function describeSerialPort(port: SerialPortLike, source: PortEntry['source']): PortEntry {
  const identity = identityOf(port);
  return { port, identity, source, label: describePortInfo(identity) };
}

export function webSerialSource(serial?: SerialLike): PortSource {
  const api = serial ?? (globalThis.navigator as { serial?: SerialLike } | undefined)?.serial;
  return {
    kind: 'web-serial',
    label: 'USB serial port',
    capabilities: { picker: true, connectEvents: true },
    async request(request: PortRequest = {}) {
      if (!api) return err(deviceError('unsupported', 'This browser has no Web Serial (navigator.serial).'));
      const options = request.filter === 'any' ? {} : { filters: [...KNOWN_VENDOR_FILTERS] };
      try {
        return ok(describeSerialPort(await api.requestPort(options), 'web-serial'));
      } catch (e) {
        return err(mapSerialError(e, 'request'));
      }
    },
    async granted() {
      if (!api) return err(deviceError('unsupported', 'This browser has no Web Serial (navigator.serial).'));
      try {
        return ok((await api.getPorts()).map((p) => describeSerialPort(p, 'web-serial')));
      } catch (e) {
        return err(mapSerialError(e, 'getPorts'));
      }
    },
    onChange(listener: (change: PortChange) => void) {
      if (!api) return () => {};
      const forward = (type: PortChange['type']) => (event: Event) => {
        const port = event.target as SerialPortLike | null;
        if (port && port !== (api as unknown)) listener({ type, port });
      };
      const onConnect = forward('connect');
      const onDisconnect = forward('disconnect');
      api.addEventListener('connect', onConnect);
      api.addEventListener('disconnect', onDisconnect);
      return () => {
        api.removeEventListener('connect', onConnect);
        api.removeEventListener('disconnect', onDisconnect);
      };
    },
    describe: (port) => describeSerialPort(port, 'web-serial'),
  };
}
