// Layer: flows. The provisioning state machine as data: which step may follow which, and the one next action each
// state offers. The runner (provision-flow.ts) refuses any move this table does not allow, so the order
// connect -> identify -> prepare -> generate key -> check CSR -> get certificate -> check before writing -> write ->
// verify -> done can only be skipped where resume rules say so (a step already done and still valid).
import type { FlowStep, FlowStepName, NextAction } from './types.ts';

/** The steps between Start and Done, during which the flow may take the modem offline or write to the board. */
export const BOARD_STEPS: readonly FlowStepName[] = [
  'generate-key',
  'check-csr',
  'get-certificate',
  'check-before-write',
  'write',
  'verify',
];

/** Steps that run without the user once started; failed/blocked/waiting/cancel can interrupt any of them. */
const WORK: readonly FlowStepName[] = ['identify', ...BOARD_STEPS];

const INTERRUPTS: readonly FlowStepName[] = ['failed', 'waiting-for-board'];

/** Where a resume may continue once the board is identified (each only when the stored state allows it). */
const RESUME_TARGETS: readonly FlowStepName[] = ['open-intents', 'prepare', ...BOARD_STEPS, 'done'];

const ALLOWED: Readonly<Record<FlowStepName, readonly FlowStepName[]>> = {
  connect: ['identify', 'failed'],
  identify: RESUME_TARGETS,
  'open-intents': [...RESUME_TARGETS.filter((s) => s !== 'open-intents'), 'connect', 'waiting-for-board'],
  prepare: ['prepare', 'generate-key', 'connect'],
  'generate-key': ['check-csr'],
  'check-csr': ['get-certificate', 'blocked'],
  'get-certificate': ['check-before-write'],
  'check-before-write': ['write', 'blocked', 'get-certificate'],
  write: ['verify'],
  verify: ['done'],
  done: ['prepare', 'connect'],
  'waiting-for-board': ['identify', 'connect', 'failed', 'waiting-for-board'],
  blocked: ['prepare', 'get-certificate', 'connect', 'failed', 'waiting-for-board'],
  failed: [...RESUME_TARGETS, 'identify', 'connect', 'failed', 'waiting-for-board'],
};

export function canMove(from: FlowStepName, to: FlowStepName): boolean {
  // A step may update its own data (CSR summary, CA status, write progress).
  if (from === to) return true;
  if (WORK.includes(from) && INTERRUPTS.includes(to)) return true;
  if (from === 'prepare' && INTERRUPTS.includes(to)) return true;
  if (from === 'open-intents' && to === 'failed') return true;
  return ALLOWED[from].includes(to);
}

/** The one next action for a state. `connected`: a board session is open. */
export function nextActionFor(step: FlowStep, busy: boolean, connected: boolean): NextAction {
  // Waiting for an unplugged board is the user's move (plug it back in), even while the flow watches the ports.
  if (step.name === 'waiting-for-board') return { kind: 'reconnect' };
  if (busy) return { kind: 'wait' };
  switch (step.name) {
    case 'connect':
      return { kind: 'connect' };
    case 'open-intents':
      return { kind: 'close-intents' };
    case 'prepare':
      return step.confirm ? { kind: 'confirm-overwrite' } : { kind: 'choose' };
    case 'done':
      return { kind: 'finished' };
    case 'blocked':
      return step.at === 'check-before-write' ? { kind: 'new-certificate' } : { kind: 'start-over' };
    case 'failed':
      switch (step.error.code) {
        case 'unsupported-board':
        case 'other-board':
          return { kind: 'connect' };
        case 'device':
          return step.at === 'connect' ? { kind: 'connect' } : connected ? { kind: 'retry' } : { kind: 'reconnect' };
        default:
          return connected ? { kind: 'retry' } : { kind: 'reconnect' };
      }
    default:
      // A work step that is not running (stopped between two moves): continue it.
      return connected ? { kind: 'retry' } : { kind: 'reconnect' };
  }
}
