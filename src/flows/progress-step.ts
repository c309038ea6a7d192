// Layer: flows. Which progress reports are worth a new snapshot: a write reports after every chunk the port takes
// (dozens per certificate), and each snapshot re-renders the views on the main thread the emulated board and the
// page share. A fraction is shown again only when it moved by a whole percent, reached the end, or its label changed;
// every other report (start, end, a status, elapsed time) is always shown.
import type { FlowProgress } from './types.ts';

export const PROGRESS_STEP = 0.01;

export function progressWorthShowing(shown: FlowProgress | null, next: FlowProgress | null): boolean {
  if (!shown || !next || shown.kind !== 'fraction' || next.kind !== 'fraction') return true;
  if (shown.label !== next.label) return true;
  if (next.fraction >= 1 || next.fraction <= 0) return next.fraction !== shown.fraction;
  return Math.abs(next.fraction - shown.fraction) >= PROGRESS_STEP - 1e-9;
}
