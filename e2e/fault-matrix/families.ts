// The emulated board families the fault matrix runs over: how each is connected and prepared in the Provision
// section, and the text of the commands its steps send (what a fault's `when` waits for). The commands come from the
// family's protocol (docs/protocols): nRF91 AT %CMNG / %KEYGEN, the Zephyr shell's `cred` and `nrf_cloud_cred`, the
// KWSE verbs of the secure-element board.
import { NRF91_FACTORY_BOARDS } from '../../src/devices/emulator/nrf91/nrf91-factory.ts';
import { STSAFE_FACTORY_BOARDS } from '../../src/devices/emulator/stsafe/stsafe-factory.ts';
import { ZEPHYR_FACTORIES } from '../../src/devices/emulator/zephyr/factory.ts';

export type FamilyName = 'nRF91' | 'Zephyr' | 'STSAFE';

export interface Family {
  readonly name: FamilyName;
  readonly boardId: string;
  readonly label: string;
  /** Text the identity card shows once the board is identified. */
  readonly identity: string;
  /** The first command of a write to the board (the client certificate or the CA certificate). */
  readonly writeCommand: string;
  /** The command that makes the key on the board. */
  readonly keygenCommand: string;
  /** The command Verify reads the written credentials back with. */
  readonly verifyCommand: string;
  /** A slot to choose at Prepare (boards with several key slots). */
  readonly slot?: string;
  /** Whether key generation takes time on the board (a setting), so a fault can land while it runs. */
  readonly slowKeygen: boolean;
}

const nrf91 = NRF91_FACTORY_BOARDS.find((b) => b.id === 'nrf9160-c')!;
const zephyr = ZEPHYR_FACTORIES.find((b) => b.id === 'nrf7002dk-a')!;
const stsafe = STSAFE_FACTORY_BOARDS[0]!;

export const FAMILIES: readonly Family[] = [
  {
    name: 'nRF91',
    boardId: nrf91.id,
    label: nrf91.label,
    identity: nrf91.imei,
    writeCommand: 'AT%CMNG=0,42,',
    keygenCommand: 'AT%KEYGEN=',
    verifyCommand: 'AT%CMNG=1,42',
    slowKeygen: true,
  },
  {
    name: 'Zephyr',
    boardId: zephyr.id,
    label: zephyr.label,
    identity: zephyr.hwid,
    writeCommand: 'cred add 42',
    keygenCommand: 'nrf_cloud_cred keygen',
    verifyCommand: 'cred list',
    slowKeygen: true,
  },
  {
    name: 'STSAFE',
    boardId: stsafe.id,
    label: stsafe.label,
    identity: stsafe.serial,
    writeCommand: 'ZWRITE',
    keygenCommand: 'KEYGEN',
    verifyCommand: 'ZREAD',
    slot: '1',
    slowKeygen: false,
  },
];

export const family = (name: FamilyName): Family => FAMILIES.find((f) => f.name === name)!;
