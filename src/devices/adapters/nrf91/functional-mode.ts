// Layer: nRF91 adapter, the functionalMode facet over +CFUN. Credentials can only be written or deleted and keys
// generated while the modem is not active (+CFUN 1, 2 or 21): 4 (offline) is the mode to switch to.
import { err, ok } from '../../../lib/result.ts';
import type { CallOptions, DeviceResult, FunctionalModeControl } from '../../device.ts';
import { deviceError } from '../../errors.ts';
import type { AtClient } from '../../protocols/at-client.ts';
import { infoParams, run, unexpected } from './commands.ts';

/** +CFUN modes of the nRF91 family (set values; a read may report the resulting state). */
export const NRF91_FUNCTIONAL_MODES: Readonly<Record<number, string>> = {
  0: 'power off',
  1: 'normal (LTE and GNSS on)',
  2: 'receive only',
  4: 'offline',
  20: 'LTE off',
  21: 'LTE on',
  30: 'GNSS off',
  31: 'GNSS on',
  40: 'UICC off',
  41: 'UICC on',
  44: 'offline, UICC on',
};

/** Modes in which %CMNG write/delete and %KEYGEN answer +CME ERROR: 518. */
export const ACTIVE_MODES: readonly number[] = [1, 2, 21];

export const NRF91_OFFLINE_MODE = 4;

export function nrf91FunctionalMode(at: AtClient): FunctionalModeControl {
  return {
    offlineMode: NRF91_OFFLINE_MODE,
    async get(opts: CallOptions = {}): DeviceResult<number> {
      const r = await run(at, 'AT+CFUN?', opts);
      if (!r.ok) return r;
      const mode = Number(infoParams(r.value, '+CFUN')[0]?.[0]);
      return Number.isInteger(mode) ? ok(mode) : err(unexpected('AT+CFUN?', '+CFUN: <mode>', r.value));
    },
    async set(mode: number, opts: CallOptions = {}): DeviceResult<void> {
      if (!(mode in NRF91_FUNCTIONAL_MODES))
        return err(
          deviceError(
            'invalid-input',
            `+CFUN mode ${mode} is not an nRF91 mode; use one of ${Object.keys(NRF91_FUNCTIONAL_MODES).join(', ')}.`,
          ),
        );
      const r = await run(at, `AT+CFUN=${mode}`, { ...opts, abortOnWire: 'finish' });
      return r.ok ? ok(undefined) : r;
    },
  };
}
