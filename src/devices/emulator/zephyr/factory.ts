// Layer: emulated Zephyr board, factory data. Who each emulated Zephyr board is and how its firmware was built
// (Kconfig choices that change what the shell does), as data: a new scenario board is one more entry.
import type { EmulatedFactoryBoard } from '../board-kind.ts';

export type CredentialBackend = 'volatile' | 'persistent';

/** A Zephyr board as it leaves the factory; `id` (e.g. `nrf7002dk-a`) also keys its flash image and settings. */
export interface ZephyrFactory extends EmulatedFactoryBoard {
  readonly kind: 'zephyr';
  /** The Zephyr board target the firmware was built for (printed in the boot log, not by a shell command). */
  readonly board: string;
  /** `hwinfo devid` bytes as lowercase hex (nRF: FICR DEVICEID, 8 bytes). */
  readonly hwid: string;
  /** `kernel version`: major.minor.patch. */
  readonly zephyrVersion: string;
  /** The boot banner's `*** Booting nRF Connect SDK v... ***`. */
  readonly ncsVersion: string;
  /** CONFIG_SHELL_PROMPT_UART. */
  readonly prompt: string;
  /** CONFIG_SHELL_CMD_BUFF_SIZE. */
  readonly bufferSize: number;
  /** CONFIG_TLS_CREDENTIALS_BACKEND_VOLATILE (RAM, lost on reboot) or ..._PROTECTED_STORAGE (TF-M, kept). */
  readonly backend: CredentialBackend;
  /** CONFIG_NRF_CLOUD_CREDENTIALS_KEYGEN_VERIFY: `nrf_cloud_cred pubkey` exists. */
  readonly pubkeyCommand: boolean;
  /** Whether the nrf_cloud_cred shell is built in at all (on-device key generation). */
  readonly keygenShell: boolean;
  /** CONFIG_NRF_CLOUD_SEC_TAG: the tag nrf_cloud_cred uses without one. */
  readonly nrfCloudSecTag: number;
  /** CONFIG_SHELL_VT100_COLORS. */
  readonly colours: boolean;
  /** CONFIG_TLS_CREDENTIALS_SHELL_CRED_BUF_SIZE: the largest credential `cred buf` can hold (base64 text). */
  readonly credBufSize: number;
  /** CONFIG_TLS_CREDENTIALS_SHELL_CRED_OUTPUT_WIDTH: characters per `cred get` line. */
  readonly outputWidth: number;
}

const BASE = {
  kind: 'zephyr',
  uartBaud: 115200,
  board: 'nrf7002dk/nrf5340/cpuapp',
  zephyrVersion: '3.7.99',
  ncsVersion: 'v2.9.0',
  prompt: 'uart:~$ ',
  bufferSize: 256,
  pubkeyCommand: true,
  keygenShell: true,
  nrfCloudSecTag: 16842753,
  colours: true,
  credBufSize: 4096,
  outputWidth: 32,
  usbVendorId: 0x1366,
  usbProductId: 0x1055,
} as const;

export const ZEPHYR_FACTORIES: readonly ZephyrFactory[] = [
  { ...BASE, id: 'nrf7002dk-a', label: 'Emulated nRF7002 DK (A)', hwid: 'a1b2c3d4e5f60718', backend: 'persistent' },
  {
    ...BASE,
    id: 'nrf7002dk-volatile',
    label: 'Emulated nRF7002 DK, volatile credential store',
    hwid: 'a1b2c3d4e5f60719',
    backend: 'volatile',
  },
  {
    ...BASE,
    id: 'nrf7002dk-nopubkey',
    label: 'Emulated nRF7002 DK, no pubkey command',
    hwid: 'a1b2c3d4e5f6071a',
    backend: 'persistent',
    pubkeyCommand: false,
  },
  {
    ...BASE,
    id: 'nrf7002dk-nokeygen',
    label: 'Emulated nRF7002 DK, no on-board key generation',
    hwid: 'a1b2c3d4e5f6071b',
    backend: 'persistent',
    keygenShell: false,
    pubkeyCommand: false,
  },
];

export function zephyrFactory(id: string): ZephyrFactory | undefined {
  return ZEPHYR_FACTORIES.find((f) => f.id === id);
}
