// Layer: flows. Which progress reports are worth a new snapshot: a write reports after every chunk the port takes
// (dozens per certificate), and each snapshot re-renders the views on the main thread the emulated board and the
// page share (measured on a secure-element batch run at 115200 baud: 19 of its 41 snapshots were the certificates'
// write progress; now 7 of 29). A fraction is shown again only when it moved by a whole percent and the last one
// shown is PROGRESS_INTERVAL_MS old (about ten updates a second, as smooth as a person reads a bar), or when it
// reached the end or its label changed; every other report (start, end, a status, elapsed time) is always shown.
// The fraction on screen trails the real one by at most the last report (one chunk of the port) until the next.
import type { FlowProgress } from './types.ts';

export const PROGRESS_STEP = 0.01;
export const PROGRESS_INTERVAL_MS = 100;

/** `sinceShownMs`: how long ago the progress on screen was shown. */
export function progressWorthShowing(
  shown: FlowProgress | null,
  next: FlowProgress | null,
  sinceShownMs: number,
): boolean {
  if (!shown || !next || shown.kind !== 'fraction' || next.kind !== 'fraction') return true;
  if (shown.label !== next.label) return true;
  if (next.fraction >= 1 || next.fraction <= 0) return next.fraction !== shown.fraction;
  return Math.abs(next.fraction - shown.fraction) >= PROGRESS_STEP - 1e-9 && sinceShownMs >= PROGRESS_INTERVAL_MS;
}
