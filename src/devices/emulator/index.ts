// Layer: emulator entry point. What the app imports: the page-wide lab singleton (three nRF9160 boards whose flash
// lives in localStorage) and the pieces tests and tools compose themselves. `getEmulatorLab()` also exposes the lab
// as `window.keywireEmulator` for e2e control (see README.md).
import { LocalStorageFlashStore, MemoryFlashStore, type FlashStore } from './flash-store.ts';
import { createEmulatorLab, type Lab } from './lab.ts';

export type * from './types.ts';
export { createEmulatorLab, Lab, type EmulatorLabOptions } from './lab.ts';
export { EmulatedSerialPort } from './port.ts';
export { Nrf91Board, DEFAULT_KEYGEN_MS, type Nrf91BoardOptions } from './nrf91-board.ts';
export { NRF91_FACTORY_BOARDS, factoryBoard, type Nrf91Factory, type FlashCredential } from './nrf91-factory.ts';
export { MemoryFlashStore, LocalStorageFlashStore, type FlashStore, type FlashImage } from './flash-store.ts';
export { FaultInjector, NO_FAULTS, type FaultRates } from './faults.ts';
export { ManualClock, realClock, type EmulatorClock } from './clock.ts';
export { MAX_NETWORK_TIME_OFFSET_DAYS, MAX_NETWORK_TIME_OFFSET_MS, networkTimeOffsetProblem } from './nrf91-rtc.ts';
export type { Framing } from './at-reply.ts';

declare global {
  interface Window {
    /** The emulator lab, for e2e tests and the console. Present once `getEmulatorLab()` ran. */
    keywireEmulator?: Lab;
  }
}

let lab: Lab | null = null;

function pageStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy mode, sandboxed iframe): boards still work, flash lasts the page only
  }
}

/** The page's one lab: boards nrf9160-a, -b, -c, paced, flash in localStorage. */
export function getEmulatorLab(): Lab {
  if (lab) return lab;
  const storage = pageStorage();
  const flash: FlashStore = storage ? new LocalStorageFlashStore(storage) : new MemoryFlashStore();
  lab = createEmulatorLab({ flash, settings: storage, log: (message) => console.info(`[emulator] ${message}`) });
  if (typeof window !== 'undefined') window.keywireEmulator = lab;
  return lab;
}
