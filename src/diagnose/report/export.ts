// Layer: diagnostics, report. Makes the two files a support engineer attaches to a ticket (HTML and JSON) and refuses
// to hand them out if the audit module's secret scanner finds anything that looks like a private key, password or
// token in either, naming the section it is in so the user can leave that section out.
import { describeSecret, scanForSecrets, type SecretKind } from '../../audit/secrets.ts';
import { err, ok, type CodedError, type Result } from '../../lib/result.ts';
import { escapeJsonStrings } from './escape.ts';
import { renderHtml } from './html.ts';
import { buildReport, type ReportInput, type ReportJson } from './model.ts';

export interface ReportSections {
  readonly health: boolean;
  readonly broker: boolean;
  readonly decoded: boolean;
  readonly timeline: boolean;
  /** Objects chosen on the Inspect card (absent: included). */
  readonly inspected?: boolean;
  readonly refusals?: boolean;
}

export const ALL_SECTIONS: ReportSections = {
  health: true,
  broker: true,
  decoded: true,
  timeline: true,
  inspected: true,
  refusals: true,
};

export interface ReportFiles {
  readonly report: ReportJson;
  readonly html: string;
  readonly json: string;
  /** File name without extension: keywire-report-<device>-<time>. */
  readonly baseName: string;
}

export interface SecretInReport {
  /** Which part of the report holds it, in the words the export panel uses. */
  readonly section: string;
  readonly kind: SecretKind;
  readonly what: string;
}

export type ReportErrorCode = 'secret-detected' | 'empty';

export interface ReportError extends CodedError<ReportErrorCode> {
  readonly found: readonly SecretInReport[];
}

const SECTION_NAMES: readonly [string, (r: ReportJson) => unknown][] = [
  ['board identity', (r) => [r.board, r.boardNotes]],
  ['credentials', (r) => r.credentials],
  ['board health check', (r) => r.healthCheck],
  ['broker check', (r) => r.brokerCheck],
  ['decoded errors (decoder)', (r) => r.decodedErrors.filter((d) => d.source === 'decoder')],
  ['decoded errors (log timeline)', (r) => r.decodedErrors.filter((d) => d.source === 'log')],
  ['log timeline', (r) => r.logTimeline],
  ['inspected objects', (r) => r.inspected],
  ['certificates refused before writing', (r) => r.refusals],
];

function locate(report: ReportJson): SecretInReport[] {
  const out: SecretInReport[] = [];
  for (const [section, part] of SECTION_NAMES) {
    const kinds = new Set(scanForSecrets(JSON.stringify(part(report)) ?? '').map((f) => f.kind));
    for (const kind of kinds) out.push({ section, kind, what: describeSecret(kind) });
  }
  return out;
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64);

export function exportReport(
  input: ReportInput,
  sections: ReportSections = ALL_SECTIONS,
): Result<ReportFiles, ReportError> {
  const report = buildReport({
    ...input,
    health: sections.health ? input.health : null,
    broker: sections.broker ? input.broker : null,
    decoded: sections.decoded ? input.decoded : [],
    timeline: sections.timeline ? input.timeline : null,
    inspected: sections.inspected !== false ? (input.inspected ?? null) : null,
    refusals: sections.refusals !== false ? (input.refusals ?? null) : null,
  });
  if (
    !report.board &&
    !report.healthCheck &&
    !report.brokerCheck &&
    report.decodedErrors.length === 0 &&
    !report.logTimeline &&
    !report.inspected &&
    !report.refusals
  )
    return err({
      code: 'empty',
      message:
        'There is nothing to report yet: run a health check or a broker check, decode a code, read a log or inspect something first.',
      found: [],
    });
  const html = renderHtml(report);
  const json = `${JSON.stringify(report, escapeJsonStrings, 2)}\n`;
  const hits = [...scanForSecrets(html), ...scanForSecrets(json)];
  if (hits.length > 0) {
    const found = locate(report);
    const where = found.length
      ? found.map((f) => `${f.what} in the ${f.section}`).join('; ')
      : describeSecret(hits[0]!.kind);
    return err({
      code: 'secret-detected',
      message: `The report was not made: it would contain ${where}. KeyWire never exports what looks like a private key, password or token.`,
      found,
    });
  }
  const device = report.board?.deviceId ? safe(report.board.deviceId) : 'no-board';
  return ok({ report, html, json, baseName: `keywire-report-${device}-${stamp(report.createdAt)}` });
}
