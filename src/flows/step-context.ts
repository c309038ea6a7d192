// Layer: flows. What each step function gets from the runner (the board, the stores, the signal, how to persist and
// report), what it gives back, and the one place where failures from every layer become a FlowError that says what
// went wrong and what to do.
import type { AuditDevice, AuditError } from '../audit/types.ts';
import type { CaError, CaSource } from '../ca/types.ts';
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { Device, DeviceIdentity } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { CryptoError } from '../pki/crypto-types.ts';
import type { FlowDeps } from './deps.ts';
import type { FlowStoreError } from './flow-store.ts';
import type { Lookahead } from './lookahead.ts';
import type { FlowRecord } from './record.ts';
import type { FlowError, FlowProgress, FlowStep, StepName } from './types.ts';

export interface StepContext {
  readonly deps: FlowDeps;
  readonly session: DeviceSession;
  /** The board, with audited functional-mode changes. */
  readonly device: Device;
  readonly identity: DeviceIdentity;
  readonly who: AuditDevice;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly ca: CaSource | null;
  /** The record as last persisted. */
  readonly record: () => FlowRecord;
  /** Persists the record before the flow moves on (after any save begun with `saveSoon`); a failure is returned as
   * the step's outcome. */
  save(record: FlowRecord): Promise<StepOutcome | null>;
  /** Takes the record as the current one at once and persists it while the flow goes on, in order with every other
   * save: for a phase whose loss a resume makes up by checking again, never before a board change (the next `save`
   * waits for it and reports its failure). */
  saveSoon(record: FlowRecord): void;
  /** Once every save begun with `saveSoon` landed: the first failure (once), or null. A step that starts a board
   * change without a `save` before it waits for this first. */
  landed(): Promise<StepOutcome | null>;
  /** An audit outcome still being stored (withIntent's `outcomeLater`): a failure is said in a note, as when it is
   * awaited; the next save and the run's end wait for it to land. */
  outcomeLater(recorded: Promise<AuditError | null> | undefined, what: string): void;
  enter(step: FlowStep): void;
  progress(p: FlowProgress | null): void;
  note(text: string): void;
  /** The audit error the audited device hit, if any (it is reported instead of the device error it caused). */
  takeAuditError(): AuditError | null;
  /** Read-only board answers the previous step of this run asked for ahead (lookahead.ts); absent: ask the board. */
  readonly ahead?: Lookahead;
}

export type StepOutcome =
  | { readonly kind: 'next' }
  /** Stop in this state (failed, blocked) until the user acts. */
  | { readonly kind: 'stop'; readonly step: FlowStep }
  /** The board went away: wait for it, then continue. */
  | { readonly kind: 'lost'; readonly at: StepName; readonly reason: string };

export const NEXT: StepOutcome = { kind: 'next' };

export const failed = (at: StepName, error: FlowError): StepOutcome => ({
  kind: 'stop',
  step: { name: 'failed', at, error },
});

const DEVICE_ACTION: Partial<Record<DeviceError['code'], string>> = {
  timeout: 'Check the cable and that the board runs its AT firmware, then press Continue.',
  restarted:
    'The board restarted in the middle of this step. Press Continue: KeyWire checks the board again and goes on from what it finds.',
  'device-rejected': 'Read the board’s answer above; fix what it names, then press Continue.',
  'too-long': 'The content is too large for this board: use smaller certificates.',
  protocol: 'The board answered unexpectedly: check the console, then press Continue.',
  'port-busy': 'Close the program that holds the port (terminal, IDE), then reconnect.',
};

export function fromDevice(at: StepName, e: DeviceError, ctx?: Pick<StepContext, 'takeAuditError'>): StepOutcome {
  const audit = ctx?.takeAuditError();
  if (audit) return fromAudit(at, audit);
  if (e.code === 'disconnected') return { kind: 'lost', at, reason: e.message };
  if (e.code === 'aborted') return cancelled(at, e.onWire ? e.message : undefined);
  return failed(at, {
    code: 'device',
    message: e.message,
    action: DEVICE_ACTION[e.code] ?? 'Press Continue to try again; if it keeps failing, reconnect the board.',
    cause: { code: e.code, message: e.message },
  });
}

/** Stopped by Cancel; `detail` says what the board was left doing (a command it had received and not answered). */
export const cancelled = (at: StepName, detail?: string): StepOutcome =>
  failed(at, {
    code: 'cancelled',
    message: detail ? `Stopped as asked. ${detail}` : 'Stopped as asked.',
    action: 'Press Continue to pick up where it stopped.',
  });

export const fromAudit = (at: StepName, e: AuditError): StepOutcome =>
  failed(at, {
    code: 'audit',
    message: `The audit trail could not record this step, so the board was not touched: ${e.message}`,
    action:
      e.code === 'operator-missing'
        ? 'Enter your name in Settings (operator), then press Continue.'
        : 'Fix the storage problem named above (free space, close other KeyWire tabs), then press Continue.',
    cause: { code: e.code, message: e.message },
  });

export const fromStore = (at: StepName, e: FlowStoreError): StepOutcome =>
  failed(at, {
    code: 'storage',
    message: e.message,
    action: 'Free browser storage or leave private browsing, then press Continue.',
    cause: { code: e.code, message: e.message },
  });

export function fromCrypto(at: StepName, e: CryptoError): StepOutcome {
  if (e.code === 'aborted') return cancelled(at);
  return failed(at, {
    code: 'crypto',
    message: `The check could not run: ${e.message}`,
    action: 'Press Continue to run it again.',
    cause: { code: e.code, message: e.message },
  });
}

const CA_ACTION: Partial<Record<CaError['code'], string>> = {
  'not-configured': 'Complete the CA source settings, then press Continue.',
  network: 'Check the network and the CA URL (and CORS on the CA), then press Continue.',
  unauthorized: 'Check the CA user name, password or token, then press Continue.',
  rejected: 'Read why the CA refused (details), fix the profile or the CA, then press Continue.',
  timeout: 'The CA has not answered yet: press Continue to ask again.',
  'bad-response': 'The CA answered something that is not a certificate: check the CA source settings.',
  'ca-not-trusted':
    'In the CA settings below, fetch the CA certificates and confirm them only if they match what your CA operator gave you; then press Continue.',
  'load-failed': 'Reload the page: provisioning continues where it stopped.',
};

export function fromCa(at: StepName, e: CaError): StepOutcome {
  if (e.code === 'aborted') return cancelled(at);
  return failed(at, {
    code: 'ca',
    message: `The CA did not issue a certificate: ${e.message}${e.detail ? ` (${e.detail})` : ''}`,
    action: CA_ACTION[e.code] ?? 'Press Continue to ask the CA again.',
    cause: { code: e.code, message: e.message },
  });
}
