// Layer: adapters (family-neutral). Runs work that the board only allows while offline (nRF91: credential writes
// and deletes, key generation) and puts the functional mode back afterwards, even when the work fails or the
// caller aborts: the restore does not take the caller's signal. Boards without the facet just run the work.
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions, Device } from '../device.ts';
import type { DeviceError } from '../errors.ts';

export interface OfflineOutcome<T> {
  readonly value: T;
  /** The mode before, or null for boards without a functional-mode facet. */
  readonly modeBefore: number | null;
  /** False when the mode could not be put back: the board stays offline, tell the user (restoreError says why). */
  readonly restored: boolean;
  readonly restoreError?: DeviceError;
}

const RESTORE_TIMEOUT_MS = 30_000;

export async function whileOffline<T>(
  device: Device,
  work: () => Promise<Result<T, DeviceError>>,
  opts: CallOptions = {},
): Promise<Result<OfflineOutcome<T>, DeviceError>> {
  const fm = device.functionalMode;
  if (!fm) {
    const r = await work();
    return r.ok ? ok({ value: r.value, modeBefore: null, restored: true }) : r;
  }
  const before = await fm.get(opts);
  if (!before.ok) return before;
  if (before.value === fm.offlineMode) {
    const r = await work();
    return r.ok ? ok({ value: r.value, modeBefore: before.value, restored: true }) : r;
  }
  const off = await fm.set(fm.offlineMode, opts);
  if (!off.ok) return off;
  const r = await work();
  const back = await fm.set(before.value, { timeoutMs: RESTORE_TIMEOUT_MS });
  if (!r.ok)
    return err(
      back.ok
        ? r.error
        : { ...r.error, message: `${r.error.message} The modem also stayed offline: ${back.error.message}` },
    );
  return ok({
    value: r.value,
    modeBefore: before.value,
    restored: back.ok,
    ...(back.ok ? {} : { restoreError: back.error }),
  });
}
