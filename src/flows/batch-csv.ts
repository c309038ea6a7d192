// Layer: flows. The batch summary as CSV (RFC 4180: CRLF rows, quoted fields where needed). Cells that a
// spreadsheet would run as a formula (= + - @ at the start) are prefixed with an apostrophe (OWASP CSV injection).
import type { BatchResult } from './batch-types.ts';

export const BATCH_CSV_COLUMNS = [
  'index',
  'device_id',
  'imei',
  'model',
  'outcome',
  'sec_tag',
  'ca',
  'serial',
  'cert_sha256',
  'not_after',
  'subject',
  'reason',
  'finished_at',
] as const;

export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function batchCsv(results: readonly BatchResult[]): string {
  const rows = results.map((r) =>
    [
      r.index,
      r.deviceId,
      r.imei,
      r.model,
      r.outcome,
      r.secTag,
      r.ca ?? null,
      r.serialHex,
      r.certSha256,
      r.notAfter,
      r.subject,
      r.reason,
      r.finishedAt,
    ]
      .map(csvCell)
      .join(','),
  );
  return [BATCH_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
