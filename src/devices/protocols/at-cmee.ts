// Layer: protocols (AT). Turning on numeric error reports: with `AT+CMEE=1` a refusal says `+CME ERROR: <n>`
// instead of a bare `ERROR`, which is what lets KeyWire tell "not found" from "not while online". The previous
// value is read first so the session can put it back when it ends.
import { ok, type Result } from '../../lib/result.ts';
import type { CallOptions } from '../device.ts';
import type { DeviceError } from '../errors.ts';
import type { AtClient } from './at-client.ts';
import { parseInfoLine, unquote } from './at-result.ts';

export interface CmeeState {
  /** `+CMEE` before KeyWire changed it; null when the board would not say (the query was refused). */
  readonly previous: number | null;
}

export async function enableCmee(at: AtClient, opts: CallOptions = {}): Promise<Result<CmeeState, DeviceError>> {
  const query = await at.send('AT+CMEE?', opts);
  let previous: number | null = null;
  if (query.ok) {
    const info = query.value.lines.map(parseInfoLine).find((l) => l?.prefix === '+CMEE');
    const value = info ? Number(unquote(info.params[0] ?? '')) : NaN;
    previous = Number.isInteger(value) ? value : null;
  } else if (query.error.code !== 'device-rejected') return query;
  if (previous === 1) return ok({ previous });
  const set = await at.send('AT+CMEE=1', opts);
  return set.ok ? ok({ previous }) : set;
}

/** Puts `+CMEE` back to what it was (nothing to do when it was already 1 or unknown). */
export async function restoreCmee(at: AtClient, state: CmeeState, opts: CallOptions = {}): Promise<void> {
  if (state.previous === null || state.previous === 1) return;
  await at.send(`AT+CMEE=${state.previous}`, opts);
}
