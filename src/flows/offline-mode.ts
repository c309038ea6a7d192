// Layer: flows. The functional mode a run must put back survives a reload: it is saved in the FlowRecord before
// the board is taken offline (by Prepare with its record, read just before; else whileOffline's `remember`), handed
// back as `restoreTo` when the next run finds the board still offline, and forgotten once it was put back. On resume, a board an interrupted run left offline is
// put back at once, unless the next step takes it offline again anyway (key generation), which then restores it.
import type { OfflineOptions } from '../devices/adapters/index.ts';
import { deviceError } from '../devices/errors.ts';
import type { ModeAnswer } from './lookahead.ts';
import type { FlowRecord } from './record.ts';
import { fromDevice, type StepContext, type StepOutcome } from './step-context.ts';

/** whileOffline options for a step: the caller's signal, the saved mode, and saving it before going offline. A
 * storage failure stops the switch; `onStoreFailure` gets the step outcome to report. `current`: the board's mode,
 * asked ahead in this run (lookahead.ts). */
export function offlineOptions(
  ctx: StepContext,
  onStoreFailure: (outcome: StepOutcome) => void,
  current?: ModeAnswer | null,
): OfflineOptions {
  return {
    signal: ctx.signal,
    ...(current ? { current } : {}),
    restoreTo: ctx.record().modeBeforeOffline ?? null,
    remember: async (mode) => {
      if (ctx.record().modeBeforeOffline === mode) return null;
      const failed = await ctx.save({ ...ctx.record(), modeBeforeOffline: mode });
      if (!failed) return null;
      onStoreFailure(failed);
      return deviceError('invalid-input', 'Not switched offline: the mode to put back could not be saved first.');
    },
  };
}

/** The saved mode after offline work: forgotten when it was put back, kept (for the next run) when not. */
export const modeAfter = (record: FlowRecord, restored: boolean): number | null =>
  restored ? null : (record.modeBeforeOffline ?? null);

/** Resume: the board may still be offline from the interrupted run; put its saved mode back now. */
export async function restoreLeftOffline(ctx: StepContext): Promise<StepOutcome | null> {
  const saved = ctx.record().modeBeforeOffline;
  const fm = ctx.device.functionalMode;
  if (saved === undefined || saved === null || !fm) return null;
  const now = await fm.get({ signal: ctx.signal });
  if (!now.ok) return fromDevice('identify', now.error, ctx);
  if (now.value === fm.offlineMode && saved !== fm.offlineMode) {
    const back = await fm.set(saved, { signal: ctx.signal });
    if (!back.ok) {
      ctx.note(
        `The modem is still offline from the interrupted run: mode ${saved} could not be put back (${back.error.message}).`,
      );
      return null;
    }
    ctx.note(`The interrupted run had left the modem offline: it is back in mode ${saved}.`);
  }
  return ctx.save({ ...ctx.record(), modeBeforeOffline: null });
}
