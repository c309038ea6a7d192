// Test support (never imported by the app): an IntentRecorder that keeps what it was asked to record, in order, and
// can refuse like a real store (operator missing, quota). Optionally notes a marker (e.g. bytes sent so far) at
// each call, so tests can prove an intent was stored before the first byte went to the board.
import type { IntentRecorder } from '../audit-trail.ts';
import type { IntentHandle, OutcomeInput } from '../../audit/store.ts';
import type { AuditEntry, AuditError, AuditRecord, FinalOutcome } from '../../audit/types.ts';
import { err, ok } from '../../lib/result.ts';

export interface RecordedCall {
  readonly kind: 'intent' | FinalOutcome;
  readonly action: string;
  readonly detail: unknown;
  readonly errorCode?: string | null;
  readonly marker: number;
}

export class FakeAudit implements IntentRecorder {
  readonly calls: RecordedCall[] = [];
  refuse: AuditError | null = null;
  marker: () => number = () => 0;
  #seq = 0;

  async beginIntent(entry: Omit<AuditEntry, 'outcome' | 'errorCode'>) {
    if (this.refuse) return err(this.refuse);
    this.calls.push({ kind: 'intent', action: entry.action, detail: entry.detail, marker: this.marker() });
    const handle: IntentHandle = { seq: ++this.#seq, device: entry.device, action: entry.action };
    return ok(handle);
  }

  async complete(handle: IntentHandle, outcome: FinalOutcome, input: OutcomeInput = {}) {
    this.calls.push({
      kind: outcome,
      action: handle.action,
      detail: input.detail,
      errorCode: input.errorCode ?? null,
      marker: this.marker(),
    });
    return ok({ seq: ++this.#seq } as AuditRecord);
  }
}
