// Layer: emulated STSAFE-A110, factory data. Who the chip and its host are, the data-zone layout (about 6 KB, as
// on the A110) and what the factory put in slot 0 and zone 0. A new emulated chip is one more entry: data, no code.
import { fromBase64 } from '../../../lib/bytes.ts';
import type { EmulatedFactoryBoard } from '../board-kind.ts';
import { EMULATED_STSAFE_FACTORY_CERT_PEM, EMULATED_STSAFE_SLOT0_SCALAR_HEX } from './stsafe-factory-pems.ts';

export interface StsafeZoneLayout {
  readonly index: number;
  readonly size: number;
  /** 'ro': the factory's (zone 0); 'rw': the user's. */
  readonly access: 'ro' | 'rw';
}

/** What identify should find on an emulated STSAFE board (the lab's `control(id).factsOf('stsafe')`). */
export interface StsafeBoardFacts {
  readonly model: string;
  /** The chip's unique serial, uppercase hex: the device id and the CSR's default CN. */
  readonly serial: string;
  readonly hostFirmware: string;
}

export interface StsafeFactory extends EmulatedFactoryBoard, StsafeBoardFacts {
  readonly kind: 'stsafe';
  readonly model: string;
  /** The chip's unique serial, uppercase hex (9 bytes on the A110). */
  readonly serial: string;
  /** The host MCU firmware that implements the protocol. */
  readonly hostFirmware: string;
  readonly zones: readonly StsafeZoneLayout[];
  /** Slot 0: P-256, from the factory. */
  readonly slot0ScalarHex: string;
  /** Zone 0 from the factory: the slot-0 certificate, DER. */
  readonly zone0: Uint8Array;
  /** Largest ZREAD the chip allows in one go, bytes (the protocol's own limit is 256). */
  readonly maxRead: number;
}

const pemToDer = (pem: string): Uint8Array => fromBase64(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''))!;

export const STSAFE_FACTORY_BOARDS: readonly StsafeFactory[] = [
  {
    kind: 'stsafe',
    id: 'stsafe-a',
    label: 'Emulated STM32 + STSAFE-A110 (A)',
    // An STM32 Nucleo's ST-LINK virtual COM port (ST's vendor id).
    usbVendorId: 0x0483,
    usbProductId: 0x374b,
    uartBaud: 115200,
    model: 'STSAFE-A110',
    serial: '0209203A5C1E8B4F71',
    hostFirmware: 'kwse-ref 1.0.0 (STM32L4)',
    zones: [
      { index: 0, size: 1024, access: 'ro' },
      { index: 1, size: 1536, access: 'rw' },
      { index: 2, size: 1536, access: 'rw' },
      { index: 3, size: 1024, access: 'rw' },
      { index: 4, size: 512, access: 'rw' },
      { index: 5, size: 512, access: 'rw' },
    ],
    slot0ScalarHex: EMULATED_STSAFE_SLOT0_SCALAR_HEX,
    zone0: pemToDer(EMULATED_STSAFE_FACTORY_CERT_PEM),
    maxRead: 256,
  },
];
