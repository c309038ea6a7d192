// Layer: nRF91 adapter. How the adapter words a +CME ERROR in one line. The codes, their names and what to do come
// from the diagnostics code table (CME_ROWS in src/diagnose/tables, read through its small CME entry cme.ts, so the
// first screen does not load every table), the one source of codes; this module only shapes a row into the
// adapter's message and the UI's "what next" line.
import { cmeByCode } from '../../../diagnose/tables/cme.ts';

export interface CmeCodeInfo {
  readonly code: number;
  /** Short name from the AT command reference, e.g. "not allowed in active state". */
  readonly name: string;
  /** What to do about it, in the field's words (the table's checks, in order). */
  readonly hint: string;
}

/** The table's entry for a code an nRF91 modem answers, or undefined when the table does not know it. */
export function cmeCodeInfo(code: number): CmeCodeInfo | undefined {
  const row = cmeByCode.get(code);
  return row ? { code, name: row.name, hint: row.checks.join(' ') } : undefined;
}

/** "+CME ERROR: 518 (not allowed in active state)" or the bare code when it is not in the table. */
export function describeCme(code: number): string {
  const info = cmeByCode.get(code);
  return info ? `+CME ERROR: ${code} (${info.name})` : `+CME ERROR: ${code}`;
}
