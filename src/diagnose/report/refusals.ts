// Layer: diagnostics, report. The "Certificates refused before writing" section: every certificate the check before
// writing refused for the board (another key, wrong chain, expired, a cloud profile's rule), with its fingerprint and
// the reason, taken from the board's audit history. Public facts only (digests, subject, reason text).
import { escapeHtml as e } from './escape.ts';

export interface ReportRefusal {
  /** ISO time of the refusal (the audit record's time). */
  readonly time: string;
  /** Audit record sequence number, to find it in the trail. */
  readonly seq: number;
  readonly secTag: number | null;
  /** SHA-256 of the refused certificate; else of everything the CA returned (`fingerprintOf: 'returned'`). */
  readonly sha256: string | null;
  readonly fingerprintOf: 'certificate' | 'returned';
  readonly subject: string | null;
  readonly code: string | null;
  readonly reason: string;
}

/** The audit record fields a refusal is read from (structurally an `AuditRecord` of src/audit). */
export interface RefusalSource {
  readonly seq: number;
  readonly time: string;
  readonly action: string;
  readonly outcome: string;
  readonly errorCode: string | null;
  readonly detail: {
    readonly secTag?: number;
    readonly certSha256?: string;
    readonly chainSha256?: string;
    readonly subject?: string;
    readonly message?: string;
  };
}

/** The refusals among a board's audit records (failed `chain-checked`), oldest first. */
export function refusalsOf(records: readonly RefusalSource[]): ReportRefusal[] {
  return records
    .filter((r) => r.action === 'chain-checked' && r.outcome === 'failure')
    .map((r) => ({
      time: r.time,
      seq: r.seq,
      secTag: r.detail.secTag ?? null,
      sha256: r.detail.certSha256 ?? r.detail.chainSha256 ?? null,
      fingerprintOf: r.detail.certSha256 ? ('certificate' as const) : ('returned' as const),
      subject: r.detail.subject ?? null,
      code: r.errorCode,
      reason: r.detail.message ?? 'Refused before writing.',
    }))
    .sort((a, b) => a.seq - b.seq);
}

export function refusalsHtml(list: readonly ReportRefusal[] | null): string {
  if (!list || list.length === 0) return '';
  const rows = list
    .map(
      (
        r,
      ) => `<div class="finding error"><p><strong>${e(r.code ?? 'refused')}</strong> · ${e(r.time)} · audit record ${e(r.seq)}${r.secTag !== null ? ` · slot ${e(r.secTag)}` : ''}</p>
<p>${e(r.reason)}</p>
<table>${r.subject ? `<tr><th>Subject</th><td>${e(r.subject)}</td></tr>` : ''}<tr><th>SHA-256 (${r.fingerprintOf === 'certificate' ? 'certificate' : 'what the CA returned'})</th><td class="mono">${e(r.sha256 ?? 'not recorded')}</td></tr></table></div>`,
    )
    .join('');
  return `<h2>Certificates refused before writing</h2><p class="muted">From the board's audit history: nothing of these was written to the board.</p>${rows}`;
}
