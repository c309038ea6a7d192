// Layer: app shell. The page's port sources, made once: the hardware route the browser check chose (Web Serial or the
// WebUSB polyfill) and the emulated boards of the page's lab. The connect panel and the DeviceSession ask here.
import { getEmulatorLab } from '../devices/emulator/index.ts';
import type { EmulatorLab } from '../devices/emulator/types.ts';
import { emulatedSource, webSerialSource, webUsbSource, type PortSource } from '../devices/transport/index.ts';
import type { HardwareRoute } from './browser-check.ts';

export interface DeviceSources {
  /** Null when this browser reaches no hardware (emulated boards only). */
  readonly hardware: PortSource | null;
  readonly emulator: PortSource;
  readonly lab: EmulatorLab;
}

const cache = new Map<HardwareRoute, PortSource | null>();
let emulator: PortSource | null = null;

export function deviceSources(route: HardwareRoute): DeviceSources {
  if (!cache.has(route))
    cache.set(route, route === 'web-serial' ? webSerialSource() : route === 'webusb' ? webUsbSource() : null);
  const lab = getEmulatorLab();
  emulator ??= emulatedSource(lab);
  return { hardware: cache.get(route) ?? null, emulator, lab };
}
