// Layer: emulated Zephyr board, its registration as a board family (the contract of ../board-kind.ts): the factory
// boards of factory.ts, the facts identify finds, the one setting (on-board key generation time) and a factory
// building a ZephyrBoard. Family options (lab `boardOptions`, tool flags): `backend` ('volatile' | 'persistent',
// overrides every board's Kconfig choice) and `chatter` (a log line inside every answer of two lines or more).
import type { EmulatedBoardKindSpec } from '../board-kind.ts';
import { HOSTILE_SETTING, withHostileMode } from '../hostile.ts';
import type { EmulatedBoardKinds } from '../types.ts';
import { ZEPHYR_HOSTILE } from './hostile.ts';
import { DEFAULT_ZEPHYR_KEYGEN_MS, ZephyrBoard } from './board.ts';
import { ZEPHYR_FACTORIES, type CredentialBackend, type ZephyrFactory } from './factory.ts';

/** What identify (and the Settings panel) should find on an emulated Zephyr board. */
export interface ZephyrBoardFacts {
  /** The Zephyr board target (boot log). */
  readonly board: string;
  /** `hwinfo devid` as lowercase hex: the adapter's deviceId. */
  readonly hwid: string;
  readonly zephyrVersion: string;
  readonly ncsVersion: string;
  /** As built (the `backend` option may override it for a whole bench). */
  readonly backend: CredentialBackend;
  readonly keygenShell: boolean;
  readonly pubkeyCommand: boolean;
}

declare module '../types.ts' {
  interface EmulatedBoardKinds {
    zephyr: ZephyrBoardFacts;
  }
}

const backendOf = (value: unknown): CredentialBackend | undefined =>
  value === 'volatile' || value === 'persistent' ? value : undefined;

export const BOARD_KIND: EmulatedBoardKindSpec<ZephyrFactory> = {
  kind: 'zephyr',
  description: 'an emulated nRF7002 DK (Zephyr shell with the TLS credentials and nrf_cloud_cred shells)',
  factoryBoards: ZEPHYR_FACTORIES,
  settings: [
    {
      name: 'keygenMs',
      default: DEFAULT_ZEPHYR_KEYGEN_MS,
      problem: (ms) => (Number.isFinite(ms) && ms >= 0 ? null : `key generation time must be >= 0 ms, got ${ms}`),
    },
    HOSTILE_SETTING,
  ],
  words: (facts) => {
    const f = facts as EmulatedBoardKinds['zephyr'];
    const store = f.backend === 'volatile' ? 'credentials in RAM (lost on reboot)' : 'credentials in protected storage';
    const keys = !f.keygenShell
      ? 'no on-board key generation'
      : f.pubkeyCommand
        ? 'PSA keys'
        : 'PSA keys, no pubkey command';
    return {
      factsLine: `hwinfo ${f.hwid} · Zephyr ${f.zephyrVersion}, nRF Connect SDK ${f.ncsVersion} · ${store} · ${keys}`,
      bootWords:
        f.backend === 'volatile'
          ? 'the board booted to its shell prompt; its RAM credential store is empty again'
          : 'the board booted to its shell prompt',
    };
  },
  facts: ({ board, hwid, zephyrVersion, ncsVersion, backend, keygenShell, pubkeyCommand }) => ({
    board,
    hwid,
    zephyrVersion,
    ncsVersion,
    backend,
    keygenShell,
    pubkeyCommand,
  }),
  createBoard: (factory, { flash, clock, log, settings, options }) => {
    const backend = backendOf(options.backend);
    const board = new ZephyrBoard({
      factory,
      flash,
      clock,
      log,
      keygenMs: settings.keygenMs ?? DEFAULT_ZEPHYR_KEYGEN_MS,
      chatter: options.chatter === true,
      ...(backend ? { backend } : {}),
    });
    return withHostileMode(board, ZEPHYR_HOSTILE, clock, settings.hostile);
  },
};
