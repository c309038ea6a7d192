// Layer: audit trail. `withIntent` is how a flow changes a board: the intent is stored first, and if it cannot be
// (quota, blocked or unavailable storage, a refused detail) the board is never touched and the flow gets the audit
// error to show. After the action, its outcome is recorded; an outcome that cannot be stored leaves the intent open,
// which the viewer flags and the flow offers again when that board comes back.
// Outcomes follow the action's real result: success, failure, 'cancelled' only when nothing reached the board (an
// abort before the command was sent, no port chosen). An error flagged `onWire` (the caller stopped waiting after the
// command had reached the board) is recorded as failure with errorCode 'outcome-unknown', never as cancelled.
import { ok, type CodedError, type Result } from '../lib/result.ts';
import type { AuditDetail } from './detail.ts';
import type { IntentHandle, OutcomeInput } from './store.ts';
import type { AuditEntry, AuditError, AuditRecord, FinalOutcome } from './types.ts';

/** The part of AuditStore a flow needs; tests and flows can hand in a fake. */
export interface IntentRecorder {
  beginIntent(entry: Omit<AuditEntry, 'outcome' | 'errorCode'>): Promise<Result<IntentHandle, AuditError>>;
  complete(handle: IntentHandle, outcome: FinalOutcome, input?: OutcomeInput): Promise<Result<AuditRecord, AuditError>>;
}

export interface Recorded<T, E> {
  /** What the board action returned. */
  readonly result: Result<T, E>;
  readonly intentSeq: number;
  /** Set when the outcome could not be stored: the board changed (or not) but the trail shows an open intent. */
  readonly outcomeError?: AuditError;
  /** With `outcomeLater`: settles once the outcome landed, with the error that kept it out (as `outcomeError`). */
  readonly outcomeRecorded?: Promise<AuditError | null>;
}

export interface WithIntentOptions<T> {
  /** Public facts to record with a success (e.g. the certificate digest written). */
  readonly successDetail?: (value: T) => AuditDetail;
  /** Return once the action ended, the outcome still being stored (`outcomeRecorded`): the caller goes on with what
   * does not need it (reads), and the trail's queue keeps the outcome ahead of any record appended after. */
  readonly outcomeLater?: boolean;
}

/** Error codes that mean the user or the flow stopped the action before anything reached the board. */
const CANCELLED = new Set(['aborted', 'no-port-chosen']);

/** An action error, as far as withIntent reads it: its code, and whether the board had already received it. */
type ActionError = CodedError & { readonly onWire?: boolean };

export const OUTCOME_UNKNOWN = 'outcome-unknown';

function outcomeOf(error: ActionError): { outcome: FinalOutcome; errorCode: string; message: string } {
  const message = String(error.message).slice(0, 500);
  if (error.onWire === true)
    return {
      outcome: 'failure',
      errorCode: OUTCOME_UNKNOWN,
      message:
        `The board had received the command when KeyWire stopped waiting: whether it was carried out is unknown. ${message}`.slice(
          0,
          500,
        ),
    };
  return { outcome: CANCELLED.has(error.code) ? 'cancelled' : 'failure', errorCode: safeCode(error.code), message };
}

const safeCode = (code: string): string => (/^[A-Za-z0-9._:-]{1,64}$/.test(code) ? code : 'error');

export async function withIntent<T, E extends ActionError>(
  audit: IntentRecorder,
  intent: Omit<AuditEntry, 'outcome' | 'errorCode'>,
  action: (handle: IntentHandle) => Promise<Result<T, E>>,
  opts: WithIntentOptions<T> = {},
): Promise<Result<Recorded<T, E>, AuditError>> {
  const begun = await audit.beginIntent(intent);
  if (!begun.ok) return begun;
  const handle = begun.value;
  let result: Result<T, E>;
  try {
    result = await action(handle);
  } catch (e) {
    await audit.complete(handle, 'failure', {
      errorCode: 'exception',
      detail: { message: 'The action stopped with an internal error.' },
    });
    throw e;
  }
  const failed = result.ok ? null : outcomeOf(result.error);
  const outcome: FinalOutcome = failed ? failed.outcome : 'success';
  const input: OutcomeInput = result.ok
    ? { detail: opts.successDetail?.(result.value) ?? {} }
    : { errorCode: failed!.errorCode, detail: { message: failed!.message } };
  const recordOutcome = async (): Promise<AuditError | null> => {
    let done = await audit.complete(handle, outcome, input);
    if (!done.ok && (done.error.code === 'secret-detected' || done.error.code === 'invalid-entry')) {
      // Never lose an outcome over its detail: record it without, and say why.
      const withheld: AuditDetail = { resolution: 'detail-withheld', note: done.error.message.slice(0, 500) };
      done = await audit.complete(handle, outcome, { errorCode: input.errorCode ?? null, detail: withheld });
    }
    return done.ok ? null : done.error;
  };
  if (opts.outcomeLater) return ok({ result, intentSeq: handle.seq, outcomeRecorded: recordOutcome() });
  const outcomeError = await recordOutcome();
  return ok(outcomeError ? { result, intentSeq: handle.seq, outcomeError } : { result, intentSeq: handle.seq });
}
