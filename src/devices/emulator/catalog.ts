// Layer: emulator catalog. The lab's factory boards as a picker lists them (id and label, in the lab's order), without
// their code: the first screen lists the emulated boards from here and loads the lab (families, curves, factory data)
// only when one is connected. `catalog.test.ts` holds this list equal to the registered families' factory boards.
export interface EmulatedBoardEntry {
  /** The board's id in the lab (`getEmulatorLab().port(id)`). */
  readonly id: string;
  /** What a picker shows (the factory board's label). */
  readonly label: string;
}

export const EMULATED_BOARD_CATALOG: readonly EmulatedBoardEntry[] = [
  { id: 'nrf9160-a', label: 'Emulated nRF9160 (A, nRF Cloud credentials)' },
  { id: 'nrf9160-b', label: 'Emulated nRF9160 (B, CA only)' },
  { id: 'nrf9160-c', label: 'Emulated nRF9160 (C, no SIM)' },
  { id: 'nrf9160-expired', label: 'Emulated nRF9160 — expired certificate' },
  { id: 'nrf9160-other-ca', label: 'Emulated nRF9160 — certificate from another CA' },
  { id: 'nrf9160-other-key', label: 'Emulated nRF9160 — certificate for another key' },
  { id: 'nrf9160-large-ca', label: 'Emulated nRF9160 — CA chain over 4 kB' },
  { id: 'nrf9160-good', label: 'Emulated nRF9160 — clean, passes the health check' },
  { id: 'stsafe-a', label: 'Emulated STM32 + STSAFE-A110 (A)' },
  { id: 'nrf7002dk-a', label: 'Emulated nRF7002 DK (A)' },
  { id: 'nrf7002dk-volatile', label: 'Emulated nRF7002 DK, volatile credential store' },
  { id: 'nrf7002dk-nopubkey', label: 'Emulated nRF7002 DK, no pubkey command' },
  { id: 'nrf7002dk-nokeygen', label: 'Emulated nRF7002 DK, no on-board key generation' },
];
