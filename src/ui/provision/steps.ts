// Layer: views (provision), words and pictures as data: the stepper's ten steps and where a flow snapshot stands in
// them, the one primary button for the flow's next action, and the progress line. Pure, so Node tests cover it.
// STEP_TITLES from its own module, not the flows barrel: the start view's stepper must not pull the flows in.
import { STEP_TITLES } from '../../flows/step-titles.ts';
import type { FlowProgress, FlowStep, NextAction, StepName } from '../../flows/index.ts';

/** The stepper shows every flow step but 'open-intents', which belongs to Identify. */
export type StepperId = Exclude<StepName, 'open-intents'>;

const STEPPER_LABELS: readonly (readonly [StepperId, string])[] = [
  ['connect', 'Connect'],
  ['identify', 'Identify'],
  ['prepare', 'Prepare'],
  ['generate-key', 'Generate key'],
  ['check-csr', 'Check CSR'],
  ['get-certificate', 'Get certificate'],
  ['check-before-write', 'Check before writing'],
  ['write', 'Write'],
  ['verify', 'Verify'],
  ['done', 'Done'],
];

/** The stepper's steps: a short label, and the title from the flows' one table of step titles. */
export const STEPPER: readonly { readonly id: StepperId; readonly label: string; readonly title: string }[] =
  STEPPER_LABELS.map(([id, label]) => ({ id, label, title: STEP_TITLES[id] }));

export type StepState = 'done' | 'current' | 'todo' | 'failed' | 'blocked' | 'waiting';

export interface StepperItem {
  readonly id: StepperId;
  readonly label: string;
  readonly state: StepState;
}

/** Where a flow step stands in the stepper ('open-intents' belongs to Identify). */
export function stepperIdOf(name: StepName): StepperId {
  return name === 'open-intents' ? 'identify' : name;
}

/** The step a snapshot is at, or stopped at (failed, blocked, waiting for the board). */
export function stepAt(step: FlowStep): StepperId {
  return stepperIdOf(
    step.name === 'failed' || step.name === 'blocked' || step.name === 'waiting-for-board' ? step.at : step.name,
  );
}

/** Plain title of a flow step, for "Continuing where you left off at …". */
export const stepTitle = (name: StepName): string => STEP_TITLES[name];

/**
 * `shownAt` overrides where the flow is, for a board that is identified and waiting for the operator's name: the
 * name is the first thing Prepare needs, so Connect and Identify show done and Prepare now.
 */
export function stepperModel(step: FlowStep, shownAt: StepperId = stepAt(step)): StepperItem[] {
  const at = STEPPER.findIndex((s) => s.id === shownAt);
  const stopped: StepState =
    step.name === 'failed'
      ? 'failed'
      : step.name === 'blocked'
        ? 'blocked'
        : step.name === 'waiting-for-board'
          ? 'waiting'
          : 'current';
  return STEPPER.map((s, i) => ({
    id: s.id,
    label: s.label,
    state:
      step.name === 'done' ? (s.id === 'done' ? 'current' : 'done') : i < at ? 'done' : i === at ? stopped : 'todo',
  }));
}

export const STATE_WORDS: Readonly<Record<StepState, string>> = {
  done: 'done',
  current: 'now',
  todo: 'to do',
  failed: 'stopped',
  blocked: 'blocked',
  waiting: 'waiting for the board',
};

/** The label of the one primary button for the next action; null when there is none to press (wait, connect). */
export function primaryLabel(next: NextAction): string | null {
  switch (next.kind) {
    case 'close-intents':
      return 'Record these outcomes and continue';
    case 'choose':
      return 'Start provisioning';
    case 'confirm-overwrite':
      return 'Back up and replace';
    case 'retry':
      return 'Continue';
    case 'reconnect':
      return 'Look for the board again';
    case 'new-certificate':
      return 'Ask the CA for a new certificate';
    case 'start-over':
      return 'Start over with a new key';
    case 'finished':
      return 'Next board';
    case 'wait':
    case 'connect':
      return null;
  }
}

/** The CA in the Done summary: its label, and the CA's own name only when it adds something. */
export const caText = (ca: { readonly label: string; readonly name: string }): string =>
  !ca.name.trim() || ca.label.includes(ca.name) ? ca.label : `${ca.label} (${ca.name})`;

export interface ProgressView {
  /** 0..1, or null for an indeterminate bar. */
  readonly fraction: number | null;
  readonly text: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The progress bar's value and words. `now` for elapsed timers; `totalBytes` of the writes under way. */
export function progressView(p: FlowProgress, now: number, totalBytes = 0): ProgressView {
  switch (p.kind) {
    case 'elapsed': {
      const elapsed = Math.max(0, now - p.startedAt);
      // Never shows full before the board answers: a slow board must not look stuck at 100 %.
      const fraction = p.expectedMs > 0 ? Math.min(0.95, elapsed / p.expectedMs) : null;
      const over = elapsed > p.expectedMs;
      return {
        fraction,
        text: over
          ? `${p.label}: ${seconds(elapsed)}, longer than the usual ${seconds(p.expectedMs)}; still waiting for the board.`
          : `${p.label}: ${seconds(elapsed)} of about ${seconds(p.expectedMs)}.`,
      };
    }
    case 'fraction': {
      const f = Math.min(1, Math.max(0, p.fraction));
      const percent = Math.round(f * 100);
      const bytes = totalBytes > 0 ? `${Math.round(f * totalBytes)} of ${totalBytes} bytes, ` : '';
      return { fraction: f, text: `${p.label}: ${bytes}${percent} %` };
    }
    case 'status':
      return { fraction: null, text: p.label };
  }
}
