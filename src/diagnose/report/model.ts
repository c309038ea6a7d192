// Layer: diagnostics. The report as data: who the board is, the fingerprints of what it stores, every health and
// broker finding with its evidence, every decoded error (from the decoder box and the log timeline), timestamps and
// the KeyWire version. Built only from public facts (no PEM bodies, no key material, no log beyond the lines that
// decided something), so the HTML and JSON made from it can be attached to a ticket.
import type { DeviceIdentity } from '../../devices/device.ts';
import type { BrokerReport } from '../broker/types.ts';
import type { HealthReport } from '../health/types.ts';
import type { Finding } from '../health/finding.ts';
import type { Timeline } from '../log/timeline.ts';
import type { Decoded } from '../types.ts';
import { boardNotes } from './boards.ts';
import type { ReportInspection } from './inspected.ts';
import type { ReportRefusal } from './refusals.ts';

export const REPORT_FORMAT = 'keywire-diagnostics-report/1';

export interface ReportInput {
  readonly version: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** The board connected when the report is made (the health and broker checks carry their own). */
  readonly board: DeviceIdentity | null;
  readonly health: HealthReport | null;
  readonly broker: BrokerReport | null;
  /** What the decoder box decoded. */
  readonly decoded: readonly Decoded[];
  readonly timeline: { readonly source: string; readonly timeline: Timeline } | null;
  /** The Inspect card's objects the user chose to include. */
  readonly inspected?: ReportInspection | null;
  /** Certificates the check before writing refused for this board (from its audit history, `refusalsOf`). */
  readonly refusals?: readonly ReportRefusal[] | null;
}

export interface ReportCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
  readonly spkiSha256: string;
  readonly key: string;
  readonly signature: string;
}

export interface ReportCredential {
  readonly secTag: number;
  readonly kind: string;
  readonly deviceType: string;
  /** SHA-256 the board lists for the stored bytes. */
  readonly sha256: string | null;
  readonly certificates: readonly ReportCertificate[];
  readonly note: string | null;
}

export interface ReportDecoded {
  readonly source: 'decoder' | 'log';
  /** Log line number (log timeline only). */
  readonly line: number | null;
  readonly kind: Decoded['kind'];
  readonly read: string;
  readonly canonical: string;
  readonly name: string;
  readonly meaning: string;
  readonly versions: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

export interface ReportJson {
  readonly format: typeof REPORT_FORMAT;
  readonly keywireVersion: string;
  readonly createdAt: string;
  /** The board the report is about: the health check's, else the broker check's, else the one connected. */
  readonly board: DeviceIdentity | null;
  /** Warnings about which board each section is about (different boards, or not the connected one). */
  readonly boardNotes: readonly string[];
  readonly credentials: readonly ReportCredential[];
  readonly healthCheck: {
    /** The board this health check was made for. */
    readonly board: DeviceIdentity;
    readonly checkedAt: string;
    readonly verdict: HealthReport['verdict'];
    readonly clock: HealthReport['clock'];
    readonly findings: readonly Finding[];
  } | null;
  readonly brokerCheck: BrokerReport | null;
  readonly decodedErrors: readonly ReportDecoded[];
  readonly logTimeline: {
    readonly source: string;
    readonly lines: number;
    readonly bytes: number;
    readonly attempts: number;
    readonly failedAttempts: number;
    readonly diagnosis: Timeline['diagnosis'];
  } | null;
  readonly inspected: ReportInspection | null;
  readonly refusals: readonly ReportRefusal[] | null;
}

function credentialsOf(health: HealthReport | null): ReportCredential[] {
  if (!health) return [];
  return health.tags.flatMap((t) =>
    t.items.map((i) => ({
      secTag: i.secTag,
      kind: i.kind,
      deviceType: i.deviceType,
      sha256: i.sha256,
      certificates:
        i.read.status === 'read'
          ? i.read.certificates.map((c) => ({
              subject: c.subject,
              issuer: c.issuer,
              serial: c.serialHex,
              notBefore: c.notBefore,
              notAfter: c.notAfter,
              sha256: c.sha256,
              spkiSha256: c.spkiSha256,
              key:
                c.keyAlgorithm === 'EC' ? `EC ${c.curve ?? ''}`.trim() : `${c.keyAlgorithm} ${c.keyBits ?? ''}`.trim(),
              signature: c.signatureAlgorithm,
            }))
          : [],
      note:
        i.read.status === 'not-readable'
          ? `not read: ${i.read.reason}`
          : i.read.status === 'failed'
            ? `read failed: ${i.read.message}`
            : i.read.status === 'skipped'
              ? 'not read (not a certificate)'
              : null,
    })),
  );
}

const decodedOf = (d: Decoded, source: ReportDecoded['source'], line: number | null): ReportDecoded => ({
  source,
  line,
  kind: d.kind,
  read: d.read,
  canonical: d.canonical,
  name: d.name,
  meaning: d.meaning,
  versions: d.versions,
  causes: d.causes,
  checks: d.checks,
});

function logDecoded(timeline: Timeline): ReportDecoded[] {
  const out: ReportDecoded[] = [];
  for (const attempt of timeline.attempts)
    for (const e of attempt.events) {
      if (e.kind === 'error') out.push(...e.codes.map((c) => decodedOf(c, 'log', e.line)));
      else if (e.kind === 'verify') out.push(decodedOf(e.flags, 'log', e.line));
      else if (e.kind === 'alert') out.push(decodedOf(e.alert, 'log', e.line));
    }
  return out;
}

export function buildReport(input: ReportInput): ReportJson {
  const h = input.health;
  return {
    format: REPORT_FORMAT,
    keywireVersion: input.version,
    createdAt: new Date(input.createdAt).toISOString(),
    board: h?.identity ?? input.broker?.board ?? input.board,
    boardNotes: boardNotes(input.board, h, input.broker),
    credentials: credentialsOf(h),
    healthCheck: h
      ? {
          board: h.identity,
          checkedAt: h.checkedAt,
          verdict: h.verdict,
          clock: h.clock,
          findings: [...h.boardFindings, ...h.tags.flatMap((t) => t.findings)],
        }
      : null,
    brokerCheck: input.broker,
    decodedErrors: [
      ...input.decoded.map((d) => decodedOf(d, 'decoder', null)),
      ...(input.timeline ? logDecoded(input.timeline.timeline) : []),
    ],
    logTimeline: input.timeline
      ? {
          source: input.timeline.source,
          lines: input.timeline.timeline.lines,
          bytes: input.timeline.timeline.bytes,
          attempts: input.timeline.timeline.attempts.length + input.timeline.timeline.droppedAttempts,
          failedAttempts: input.timeline.timeline.failedAttempts,
          diagnosis: input.timeline.timeline.diagnosis,
        }
      : null,
    inspected: input.inspected?.items.length ? input.inspected : null,
    refusals: input.refusals?.length ? input.refusals : null,
  };
}
