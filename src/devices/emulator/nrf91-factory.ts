// Layer: emulator factory data. Everything that makes one emulated nRF91 board differ from another is data here:
// identity, SIM, firmware, capacity and the credentials in flash when it leaves the factory. A scenario board
// (expired client certificate, certificate for another key, full flash, no SIM ...) is one more entry, no code.
import {
  AMAZON_ROOT_CA_1_PEM,
  BOARD_A_CLIENT_CERT_PEM,
  BOARD_A_CLIENT_KEY_PEM,
  EMULATED_NORDIC_IDENTITY_ROOT_PEM,
} from './nrf91-factory-pems.ts';

export interface FlashCredential {
  readonly secTag: number;
  /** nRF91 %CMNG type, 0..11. */
  readonly type: number;
  /** Exactly the bytes between the quotes of the %CMNG write (latin1), CR/LF included. */
  readonly content: string;
}

export interface Nrf91Factory {
  readonly id: string;
  readonly label: string;
  readonly usbVendorId: number;
  readonly usbProductId: number;
  /** 15 digits with a valid Luhn check digit. */
  readonly imei: string;
  /** The device UUID the modem puts in %KEYGEN / %ATTESTTOKEN (and the CSR's default CN), lowercase, hyphenated. */
  readonly deviceUuid: string;
  /** %XMODEMUUID: the modem firmware build UUID (same for every board on the same firmware). */
  readonly modemFirmwareUuid: string;
  readonly manufacturer: string;
  /** +CGMM */
  readonly model: string;
  /** +CGMR */
  readonly firmware: string;
  /** %HWVERSION */
  readonly hardwareVersion: string;
  /** %ATTESTTOKEN device type (3 = nRF9160 SICA). */
  readonly attestDeviceType: number;
  /** ICCID of the inserted SIM; null = no SIM. */
  readonly iccid: string | null;
  /** The board's emulated device identity key (P-256 secret, hex): signs %KEYGEN and %ATTESTTOKEN COSE. */
  readonly identityKeyHex: string;
  /** The board's UART speed; a host opening the port at another rate reads garbage, as with a real UART. */
  readonly uartBaud: number;
  /** Credential storage: at most this many entries and this many content bytes (515 beyond). */
  readonly capacity: { readonly maxCredentials: number; readonly maxBytes: number };
  readonly credentials: readonly FlashCredential[];
}

export const NRF_CLOUD_SEC_TAG = 16842753;
/** Where the emulated boards keep the Nordic identity root: a modem-reserved tag (listed, never readable). */
export const NORDIC_IDENTITY_SEC_TAG = 4294967292;
/** Highest sec_tag a host may write, delete or generate keys at. */
export const MAX_USER_SEC_TAG = 2147483647;

const NRF9160_SICA = {
  usbVendorId: 0x1915,
  usbProductId: 0x9100,
  manufacturer: 'Nordic Semiconductor ASA',
  model: 'nRF9160-SICA',
  firmware: 'mfw_nrf9160_1.3.5',
  modemFirmwareUuid: '6b2f3c1e-91a0-4c55-9d3e-1a9160135005',
  hardwareVersion: 'nRF9160 SICA B0A',
  attestDeviceType: 3,
  uartBaud: 115200,
  // Chosen, not measured: Nordic documents no public figure for the credential storage.
  capacity: { maxCredentials: 32, maxBytes: 32768 },
} as const;

const NORDIC_ROOT: FlashCredential = {
  secTag: NORDIC_IDENTITY_SEC_TAG,
  type: 10,
  content: EMULATED_NORDIC_IDENTITY_ROOT_PEM,
};
const NRF_CLOUD_CA: FlashCredential = { secTag: NRF_CLOUD_SEC_TAG, type: 0, content: AMAZON_ROOT_CA_1_PEM };

export const NRF91_FACTORY_BOARDS: readonly Nrf91Factory[] = [
  {
    ...NRF9160_SICA,
    id: 'nrf9160-a',
    label: 'Emulated nRF9160 (A, nRF Cloud credentials)',
    imei: '352656100402174',
    deviceUuid: '50363154-3931-44f0-8022-4b5745000a01',
    iccid: '89882806660004021742',
    identityKeyHex: '19c4df5d145ed6b8d7a56af1723b11786ce05dbe4cbd791539f3a003eb70d330',
    credentials: [
      NRF_CLOUD_CA,
      { secTag: NRF_CLOUD_SEC_TAG, type: 1, content: BOARD_A_CLIENT_CERT_PEM },
      { secTag: NRF_CLOUD_SEC_TAG, type: 2, content: BOARD_A_CLIENT_KEY_PEM },
      NORDIC_ROOT,
    ],
  },
  {
    ...NRF9160_SICA,
    id: 'nrf9160-b',
    label: 'Emulated nRF9160 (B, CA only)',
    imei: '352656100402182',
    deviceUuid: '50363154-3931-44f0-8022-4b5745000b02',
    iccid: '89882806660004021825',
    identityKeyHex: '8a8b88af62c1f5344d7b1ce2e8308b9a84d25a0e5b6dcbdd8970b70d0b70ae76',
    credentials: [NRF_CLOUD_CA, NORDIC_ROOT],
  },
  {
    ...NRF9160_SICA,
    id: 'nrf9160-c',
    label: 'Emulated nRF9160 (C, no SIM)',
    imei: '352656100402190',
    deviceUuid: '50363154-3931-44f0-8022-4b5745000c03',
    iccid: null,
    identityKeyHex: 'b3a5c45160e6d92b2418c5193cf303d2c6d9e8ecc862db88c50f03be7b82f79f',
    credentials: [NRF_CLOUD_CA, NORDIC_ROOT],
  },
];

export function factoryBoard(id: string): Nrf91Factory | undefined {
  return NRF91_FACTORY_BOARDS.find((board) => board.id === id);
}
