// Layer: audit trail. `withIntent` is how a flow changes a board: the intent is stored first, and if it cannot be
// (quota, blocked or unavailable storage, a refused detail) the board is never touched and the flow gets the audit
// error to show. After the action, its outcome is recorded; an outcome that cannot be stored leaves the intent open,
// which the viewer flags and the flow offers again when that board comes back.
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
}

export interface WithIntentOptions<T> {
  /** Public facts to record with a success (e.g. the certificate digest written). */
  readonly successDetail?: (value: T) => AuditDetail;
}

/** Error codes that mean the user or the flow stopped the action rather than it failing. */
const CANCELLED = new Set(['aborted', 'no-port-chosen']);

const safeCode = (code: string): string => (/^[A-Za-z0-9._:-]{1,64}$/.test(code) ? code : 'error');

export async function withIntent<T, E extends CodedError>(
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
  const outcome: FinalOutcome = result.ok ? 'success' : CANCELLED.has(result.error.code) ? 'cancelled' : 'failure';
  const input: OutcomeInput = result.ok
    ? { detail: opts.successDetail?.(result.value) ?? {} }
    : { errorCode: safeCode(result.error.code), detail: { message: String(result.error.message).slice(0, 500) } };
  let done = await audit.complete(handle, outcome, input);
  if (!done.ok && (done.error.code === 'secret-detected' || done.error.code === 'invalid-entry')) {
    // Never lose an outcome over its detail: record it without, and say why.
    const withheld: AuditDetail = { resolution: 'detail-withheld', note: done.error.message.slice(0, 500) };
    done = await audit.complete(handle, outcome, { errorCode: input.errorCode ?? null, detail: withheld });
  }
  return ok(done.ok ? { result, intentSeq: handle.seq } : { result, intentSeq: handle.seq, outcomeError: done.error });
}
