// Layer: diagnostics. Public API of the report: the data model, the self-contained HTML, and the export that scans
// both files for secrets before offering them.
export {
  buildReport,
  REPORT_FORMAT,
  type ReportInput,
  type ReportJson,
  type ReportCredential,
  type ReportDecoded,
} from './model.ts';
export { renderHtml } from './html.ts';
export type { ReportInspection, ReportInspectedItem } from './inspected.ts';
export { escapeHtml } from './escape.ts';
export { refusalsOf, type ReportRefusal, type RefusalSource } from './refusals.ts';
export {
  exportReport,
  ALL_SECTIONS,
  type ReportSections,
  type ReportFiles,
  type ReportError,
  type ReportErrorCode,
  type SecretInReport,
} from './export.ts';
