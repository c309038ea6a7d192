// Layer: emulated nRF91, its registration as a board family (the contract of ../board-kind.ts): the factory boards
// of nrf91-factory.ts, the facts identify finds, the two settings (key generation time, network time offset) and a
// factory building an Nrf91Board. Family options (lab `boardOptions`, tool flags): `framing` ('at_client' | 'slm')
// and `registrationMs`.
import type { EmulatedBoardKindSpec } from '../board-kind.ts';
import { HOSTILE_SETTING, withHostileMode } from '../hostile.ts';
import type { EmulatedBoardKinds } from '../types.ts';
import { NRF91_HOSTILE } from './hostile.ts';
import type { Framing } from './at-reply.ts';
import { DEFAULT_KEYGEN_MS, Nrf91Board } from './nrf91-board.ts';
import { NRF91_FACTORY_BOARDS, type Nrf91BoardFacts, type Nrf91Factory } from './nrf91-factory.ts';
import { networkTimeOffsetProblem } from './nrf91-rtc.ts';

declare module '../types.ts' {
  interface EmulatedBoardKinds {
    nrf91: Nrf91BoardFacts;
  }
}

const framingOf = (value: unknown): Framing => (value === 'slm' ? 'slm' : 'at_client');

export const BOARD_KIND: EmulatedBoardKindSpec<Nrf91Factory> = {
  kind: 'nrf91',
  description: 'an emulated nRF9160 (at_client firmware, AT commands over its UART)',
  factoryBoards: NRF91_FACTORY_BOARDS,
  settings: [
    {
      name: 'keygenMs',
      default: DEFAULT_KEYGEN_MS,
      problem: (ms) => (Number.isFinite(ms) && ms >= 0 ? null : `key generation time must be >= 0 ms, got ${ms}`),
    },
    { name: 'networkTimeOffsetMs', default: 0, problem: (ms) => networkTimeOffsetProblem(ms) },
    HOSTILE_SETTING,
  ],
  words: (facts) => {
    const f = facts as EmulatedBoardKinds['nrf91'];
    return {
      factsLine: `IMEI ${f.imei} · ${f.firmware} · ${f.iccid ? 'SIM inserted' : 'no SIM'}`,
      bootWords: 'the board booted with its radio off (CFUN 0)',
    };
  },
  facts: ({ manufacturer, model, firmware, hardwareVersion, imei, deviceUuid, modemFirmwareUuid, iccid }) => ({
    manufacturer,
    model,
    firmware,
    hardwareVersion,
    imei,
    deviceUuid,
    modemFirmwareUuid,
    iccid,
  }),
  createBoard: (factory, { flash, clock, log, settings, options }) =>
    withHostileMode(
      new Nrf91Board({
        factory,
        flash,
        clock,
        log,
        framing: framingOf(options.framing),
        ...(typeof options.registrationMs === 'number' ? { registrationMs: options.registrationMs } : {}),
        keygenMs: settings.keygenMs ?? DEFAULT_KEYGEN_MS,
        networkTimeOffsetMs: settings.networkTimeOffsetMs ?? 0,
      }),
      NRF91_HOSTILE,
      clock,
      settings.hostile,
    ),
};
