// Layer: adapters (family-neutral). Runs work that the board only allows while offline (nRF91: credential writes
// and deletes, key generation) and puts the functional mode back afterwards, even when the work fails or the
// caller aborts: the restore does not take the caller's signal. One exception: a Cancel that left a command on the
// wire unanswered (`aborted` with `onWire`) leaves the board offline, as it is, so the Cancel ends at once, when the
// caller persists the mode (`remember`): that saved mode is what the next run puts back. Boards without the facet just run the work.
// A run interrupted by a reload leaves the board offline; the mode it had before is not readable from the board
// then, so the caller persists it (`remember`, before anything is switched) and hands it back on the next run
// (`restoreTo`): that mode, not "offline", is what is put back. `restored` is true only when the mode put back is
// the one the board had before KeyWire took it offline.
import { err, ok, type Result } from '../../lib/result.ts';
import type { CallOptions, Device } from '../device.ts';
import type { DeviceError } from '../errors.ts';

export interface OfflineOutcome<T> {
  readonly value: T;
  /** The mode before (the one put back), or null for boards without a functional-mode facet. */
  readonly modeBefore: number | null;
  /** False when the mode could not be put back: the board stays offline, tell the user (restoreError says why). */
  readonly restored: boolean;
  readonly restoreError?: DeviceError;
}

export interface OfflineOptions extends CallOptions {
  /** The mode the board had before an earlier, interrupted run took it offline (persisted by the caller). Used only
   * when the board is offline now: it is the mode put back at the end. */
  readonly restoreTo?: number | null;
  /** Called with the mode that will be put back before the board is switched offline, so the caller can persist
   * it. An error returned stops: nothing is switched and the work does not run. */
  readonly remember?: (modeBefore: number) => Promise<DeviceError | null>;
  /** The board's mode as the caller already asked for it, with nothing sent to the board since (its answer is used
   * instead of asking again; a failed answer is asked again). */
  readonly current?: Promise<Result<number, DeviceError>>;
}

const RESTORE_TIMEOUT_MS = 30_000;

export async function whileOffline<T>(
  device: Device,
  work: () => Promise<Result<T, DeviceError>>,
  opts: OfflineOptions = {},
): Promise<Result<OfflineOutcome<T>, DeviceError>> {
  const { restoreTo = null, remember, current, ...call } = opts;
  const fm = device.functionalMode;
  if (!fm) {
    const r = await work();
    return r.ok ? ok({ value: r.value, modeBefore: null, restored: true }) : r;
  }
  const asked = current ? await current : null;
  const now = asked?.ok ? asked : await fm.get(call);
  if (!now.ok) return now;
  const offlineNow = now.value === fm.offlineMode;
  const before = offlineNow && restoreTo !== null ? restoreTo : now.value;
  if (before === fm.offlineMode) {
    // Offline before KeyWire touched it: that is the mode to keep.
    const r = await work();
    return r.ok ? ok({ value: r.value, modeBefore: before, restored: true }) : r;
  }
  const refused = await remember?.(before);
  if (refused) return err(refused);
  if (!offlineNow) {
    const off = await fm.set(fm.offlineMode, call);
    if (!off.ok) return off;
  }
  const r = await work();
  // Cancelled while the board still held a command: it is left as it is (offline); the caller's saved mode is put
  // back by the next run. Sending the restore now would wait behind that command.
  if (remember && !r.ok && r.error.code === 'aborted' && r.error.onWire)
    return err({
      ...r.error,
      message: `${r.error.message} The modem was left offline; its mode is put back when you continue.`,
    });
  const back = await fm.set(before, { timeoutMs: RESTORE_TIMEOUT_MS });
  if (!r.ok)
    return err(
      back.ok
        ? r.error
        : { ...r.error, message: `${r.error.message} The modem also stayed offline: ${back.error.message}` },
    );
  return ok({
    value: r.value,
    modeBefore: before,
    restored: back.ok,
    ...(back.ok ? {} : { restoreError: back.error }),
  });
}
