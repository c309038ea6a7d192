// Layer: emulator entry point. What the app imports: the page-wide lab singleton (every registered family's factory
// boards, flash in localStorage) and the pieces tests and tools compose themselves; each family folder's own exports
// are re-exported below, one line per family. `getEmulatorLab()` also exposes the lab
// as `window.keywireEmulator` for e2e control (see README.md).
import { LocalStorageFlashStore, MemoryFlashStore, type FlashStore } from './flash-store.ts';
import { createEmulatorLab, type Lab } from './lab.ts';

export type * from './types.ts';
export { createEmulatorLab, Lab, type EmulatorLabOptions } from './lab.ts';
export { EmulatedSerialPort } from './port.ts';
export { MemoryFlashStore, LocalStorageFlashStore, type FlashStore, type FlashImage } from './flash-store.ts';
export { FaultInjector, NO_FAULTS, type FaultRates, type CommandFault } from './faults.ts';
export { ManualClock, realClock, type EmulatorClock } from './clock.ts';
export type * from './board-kind.ts';
export { BOARD_KINDS, ALL_FACTORY_BOARDS, boardKindNamed, boardKindOf, boardWords, factsOf } from './registry.ts';
export { BOARD_KIND as NRF91_BOARD_KIND } from './nrf91/board-kind.ts';
export * from './nrf91/index.ts';
export * from './stsafe/index.ts';
export * from './zephyr/index.ts';

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

/** The page's one lab: every registered family's factory boards, paced, flash in localStorage. */
export function getEmulatorLab(): Lab {
  if (lab) return lab;
  const storage = pageStorage();
  const flash: FlashStore = storage ? new LocalStorageFlashStore(storage) : new MemoryFlashStore();
  lab = createEmulatorLab({ flash, settings: storage, log: (message) => console.info(`[emulator] ${message}`) });
  if (typeof window !== 'undefined') window.keywireEmulator = lab;
  return lab;
}
