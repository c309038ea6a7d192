// Layer: app shell. The in-page emulator lab (its families, factory data and curves) is not part of the first screen:
// it loads when a board of it is connected or the Settings panel shows it. `window.keywireEmulatorReady()` loads it
// (once) and answers the lab, for e2e tests and the console; like `window.keywireEmulator`, it grants nothing the
// page does not already offer.
import type { Lab } from '../devices/emulator/lab.ts';

declare global {
  interface Window {
    /** Loads the page's emulator lab (once) and answers it; it is `window.keywireEmulator` from then on. */
    keywireEmulatorReady?: () => Promise<Lab>;
  }
}

export const loadEmulatorLab = (): Promise<Lab> =>
  import('../devices/emulator/index.ts').then(({ getEmulatorLab }) => getEmulatorLab());

/** Whether the lab was made in this page (connected, or shown in Settings): its boards may be unplugged now. */
export const emulatorLabLoaded = (): boolean => typeof window !== 'undefined' && 'keywireEmulator' in window;

export function exposeEmulatorReady(): void {
  if (typeof window !== 'undefined') window.keywireEmulatorReady = loadEmulatorLab;
}
