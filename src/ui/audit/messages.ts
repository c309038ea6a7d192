// The audit trail's words for the UI: one switch from error codes to headings, and verify reports to sentences.
import { groupedFingerprint } from '../../audit/fingerprint.ts';
import type { AuditError } from '../../audit/types.ts';
import type { VerifyReport } from '../../audit/verify.ts';
import type { ErrorNoteText } from '../error-note.ts';

export function errorTitle(error: AuditError): string {
  switch (error.code) {
    case 'storage-unavailable':
      return 'The browser will not store the audit trail';
    case 'blocked':
      return 'Another KeyWire tab is in the way';
    case 'version-too-new':
      return 'This page is older than the audit trail';
    case 'quota-exceeded':
      return 'Storage is full';
    case 'write-failed':
      return 'Could not record';
    case 'read-failed':
      return 'Could not read the audit trail';
    case 'secret-detected':
      return 'Refused: that looked like a secret';
    case 'invalid-entry':
      return 'Refused: a field was not valid';
    case 'operator-missing':
      return 'Who is operating?';
    case 'intent-required':
      return 'Not recorded';
    case 'intent-not-open':
      return 'That intent is already closed';
    case 'not-found':
      return 'No such record';
    case 'aborted':
      return 'Cancelled';
    case 'bad-file':
      return 'Not an audit export';
    case 'worker-failed':
      return 'The background job failed';
  }
}

/** An audit error as an error note: its heading and the error's own sentence, which says what to do. */
export const auditErrorNote = (error: AuditError): ErrorNoteText => ({
  title: errorTitle(error),
  message: error.message,
});

export interface VerifySummary {
  readonly ok: boolean;
  readonly headline: string;
  readonly details: readonly string[];
  /** The record to show first, when there is one. */
  readonly firstSeq: number | null;
}

const n = (x: number) => x.toLocaleString('en-US');

/** What the station signatures say (nothing for a report made without them). */
function anchorLines(report: VerifyReport): string[] {
  const a = report.anchor;
  if (!a) return [];
  if (a.station === null && a.anchors === 0) {
    return a.firstUnsigned === null
      ? []
      : ['Not signed by a station key: a trail rewritten and re-hashed as a whole could not be told from this one.'];
  }
  const who = a.station ? `station key ${groupedFingerprint(a.station)}` : 'no station key';
  if (a.firstUnsigned === null) {
    return [`Signed by ${who} up to the last record. Compare it with the fingerprint your team wrote down.`];
  }
  return [
    a.signedSeq > 0
      ? `Signed by ${who} up to record #${a.signedSeq}; records from #${a.firstUnsigned} on are not signed.`
      : `No record is signed by ${who}.`,
  ];
}

export function summarizeVerify(report: VerifyReport, source: string): VerifySummary {
  if (report.ok) {
    const head = report.headHash ? `Last record #${report.lastSeq}, hash ${report.headHash.slice(0, 16)}…` : '';
    const noun = report.checked === 1 ? 'record' : 'records';
    return {
      ok: true,
      headline: `${source}: all ${n(report.checked)} ${noun} verified. The chain is intact.`,
      details: [
        ...(head
          ? [head, 'Keep this hash: a later export whose chain contains it proves nothing before it changed.']
          : []),
        ...anchorLines(report),
      ],
      firstSeq: null,
    };
  }
  const [first, ...rest] = report.problems;
  const more = report.problemCount - 1;
  return {
    ok: false,
    headline: `${source}: tampering found. ${first?.message ?? ''}`.trim(),
    details: [
      ...rest.slice(0, 9).map((p) => p.message),
      ...(more > 9 ? [`… ${n(more - 9)} more problem${more - 9 === 1 ? '' : 's'}.`] : []),
      ...anchorLines(report),
      `${n(report.checked)} records checked.`,
    ],
    firstSeq: first?.seq ?? null,
  };
}
