// Layer: emulator factory data. Everything that makes one emulated nRF91 board differ from another is data here:
// identity, SIM, firmware, capacity and the credentials in flash when it leaves the factory. A scenario board
// (expired client certificate, certificate for another key, full flash, no SIM ...) is one more entry, no code.
import { AMAZON_ROOT_CA_1_PEM } from '../../../pki/public-roots.ts';
import type { EmulatedFactoryBoard } from '../board-kind.ts';
import {
  BOARD_A_CLIENT_CERT_PEM,
  BOARD_A_CLIENT_KEY_PEM,
  EMULATED_NORDIC_IDENTITY_ROOT_PEM,
} from './nrf91-factory-pems.ts';
import {
  CLEAN_BOARD_KEY_PEM,
  CLEAN_CLIENT_CERT_PEM,
  EXPIRED_BOARD_KEY_PEM,
  EXPIRED_CLIENT_CERT_PEM,
  FLEET_ROOT_CA_PEM,
  LARGE_CA_BOARD_KEY_PEM,
  LARGE_CA_CHAIN_PEM,
  LARGE_CA_CLIENT_CERT_PEM,
  OTHER_CA_BOARD_KEY_PEM,
  OTHER_CA_CLIENT_CERT_PEM,
  OTHER_KEY_BOARD_KEY_PEM,
  OTHER_KEY_CLIENT_CERT_PEM,
} from './nrf91-factory-scenario-pems.ts';

export interface FlashCredential {
  readonly secTag: number;
  /** nRF91 %CMNG type, 0..11. */
  readonly type: number;
  /** Exactly the bytes between the quotes of the %CMNG write (latin1), CR/LF included. */
  readonly content: string;
}

/** What identify should find on an emulated nRF91 (the lab's `facts` for these boards). */
export interface Nrf91BoardFacts {
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
  /** ICCID of the inserted SIM; null = no SIM. */
  readonly iccid: string | null;
}

/** A board as it leaves the factory: the facts the lab shows (IMEI, UUIDs, identity answers, SIM) and the rest. */
export interface Nrf91Factory extends EmulatedFactoryBoard, Nrf91BoardFacts {
  readonly kind: 'nrf91';
  /** %ATTESTTOKEN device type (3 = nRF9160 SICA). */
  readonly attestDeviceType: number;
  /** The board's emulated device identity key (P-256 secret, hex): signs %KEYGEN and %ATTESTTOKEN COSE. */
  readonly identityKeyHex: string;
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
  kind: 'nrf91' as const,
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

/** Where the scenario boards keep their client credentials. */
export const SCENARIO_SEC_TAG = 42;

interface ScenarioCredentials {
  readonly caCert: string;
  readonly clientCert: string;
  readonly key: string;
  readonly identityKeyHex: string;
}

/** A scenario board: an nRF9160 with a SIM whose only differences are its identity and its sec_tag 42 contents. */
function scenario(id: string, what: string, imei: string, uuidTail: string, c: ScenarioCredentials): Nrf91Factory {
  return {
    ...NRF9160_SICA,
    id,
    label: `Emulated nRF9160 — ${what}`,
    imei,
    deviceUuid: `50363154-3931-44f0-8022-4b574500${uuidTail}`,
    iccid: `8988280666000${imei.slice(8, 15)}`,
    identityKeyHex: c.identityKeyHex,
    credentials: [
      { secTag: SCENARIO_SEC_TAG, type: 0, content: c.caCert },
      { secTag: SCENARIO_SEC_TAG, type: 1, content: c.clientCert },
      { secTag: SCENARIO_SEC_TAG, type: 2, content: c.key },
      NORDIC_ROOT,
    ],
  };
}

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
  // Scenario boards for the Diagnose health check: each has one defect in its sec_tag 42 credentials (a fleet CA at
  // type 0, the client certificate at 1, the board's key at 2), and the clean one has none.
  scenario('nrf9160-expired', 'expired certificate', '352656100402208', '0d04', {
    caCert: FLEET_ROOT_CA_PEM,
    clientCert: EXPIRED_CLIENT_CERT_PEM,
    key: EXPIRED_BOARD_KEY_PEM,
    identityKeyHex: '0b55bc21e63df5d7fb9de35a1e283370291eb14ddb72c208c9e62090a326deae',
  }),
  scenario('nrf9160-other-ca', 'certificate from another CA', '352656100402216', '0e05', {
    caCert: FLEET_ROOT_CA_PEM,
    clientCert: OTHER_CA_CLIENT_CERT_PEM,
    key: OTHER_CA_BOARD_KEY_PEM,
    identityKeyHex: '6df553340a4a4e1cbac1db4a3eaa28617a9eb6a770a9ecbcd71d9f21dcaa415e',
  }),
  scenario('nrf9160-other-key', 'certificate for another key', '352656100402224', '0f06', {
    caCert: FLEET_ROOT_CA_PEM,
    clientCert: OTHER_KEY_CLIENT_CERT_PEM,
    key: OTHER_KEY_BOARD_KEY_PEM,
    identityKeyHex: 'a8c46a79feda6295ea2b12f436605ebe8d46725c1b5305db4fdfb4458a0879f0',
  }),
  scenario('nrf9160-large-ca', 'CA chain over 4 kB', '352656100402232', '1007', {
    caCert: LARGE_CA_CHAIN_PEM,
    clientCert: LARGE_CA_CLIENT_CERT_PEM,
    key: LARGE_CA_BOARD_KEY_PEM,
    identityKeyHex: 'c402193fb306ee582bc476926f6314922b226a4433458642ec8264801b1a245d',
  }),
  scenario('nrf9160-good', 'clean, passes the health check', '352656100402240', '1108', {
    caCert: FLEET_ROOT_CA_PEM,
    clientCert: CLEAN_CLIENT_CERT_PEM,
    key: CLEAN_BOARD_KEY_PEM,
    identityKeyHex: '68e785bd982a37aa0194b0439511812f207d8ea266dcccbf92639bce96785a32',
  }),
];

export function factoryBoard(id: string): Nrf91Factory | undefined {
  return NRF91_FACTORY_BOARDS.find((board) => board.id === id);
}
