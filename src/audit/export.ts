// Layer: audit trail. Exports, read from the store in chunks and folded into a Blob as they go (the browser keeps
// large Blobs on disk), so a long trail never sits in memory as one string: JSON Lines writes each sealed block as
// stored (it is its records' export lines) and the open tail's rows as lines.
//   JSON Lines: the whole chain in seq order, one canonical-JSON record per line (hashes included), then one end
//   marker line {"end":true,"format":"keywire-audit/1","records":n,"headSeq":s,"headHash":h,"exportedAt":t} that
//   lets a verifier tell a complete export from a truncated one. Filters never apply: a chain is verified whole.
//   CSV (RFC 4180): the records of the current filter in seq order, the common detail facts as columns and the full
//   detail as JSON; cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
import { err, ok, type Result } from '../lib/result.ts';
import { isFullRecord, lineFacts, lineStarts, recordLine } from './blocks.ts';
import { scanTrail } from './scan.ts';
import { idbError, type AuditDb } from './db.ts';
import { aborted, readChunks, type JobOptions } from './query.ts';
import type { AuditError, AuditRecord } from './types.ts';
import type { Anchor, StationIdentity } from './anchor.ts';
import { loadStation, openStationDb, readAnchors } from './station.ts';

export const EXPORT_FORMAT = 'keywire-audit/1';

export interface ExportResult {
  readonly blob: Blob;
  readonly records: number;
  readonly headSeq: number;
}

/**
 * Collects text parts and folds them into a Blob every FOLD_CHARS characters. Each fold costs (the text is encoded and
 * handed to the browser's blob store): on the sealed store of 100,000 records a fold every 4 MB took 0.4 s more
 * than one Blob at the end (bench/audit-profile.ts, AUDIT_PROFILE_BLOCKS=1), so folds are rarer, at a bound on the
 * text held at once.
 */
export const FOLD_CHARS = 32_000_000;

class BlobBuilder {
  #blob: Blob;
  #parts: string[] = [];
  #size = 0;
  constructor(readonly type: string) {
    this.#blob = new Blob([], { type });
  }
  add(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size > FOLD_CHARS) this.#fold();
  }
  #fold(): void {
    this.#blob = new Blob([this.#blob, ...this.#parts], { type: this.type });
    this.#parts = [];
    this.#size = 0;
  }
  finish(): Blob {
    this.#fold();
    return this.#blob;
  }
}

/** One JSON Lines line (without the newline): canonical JSON, or plain JSON for a value that cannot be canonical. */
export const line = recordLine;

export function endMarker(
  records: number,
  head: { seq: number; hash: string } | undefined,
  now: Date,
  station?: StationIdentity,
) {
  const headSeq = head?.seq ?? 0;
  const marker = {
    end: true,
    format: EXPORT_FORMAT,
    records,
    headSeq,
    headHash: head?.hash ?? null,
    exportedAt: now.toISOString(),
  };
  return station ? { ...marker, station: { key: station.key, fingerprint: station.fingerprint } } : marker;
}

/** The station's key and signatures for the trail in `db` (none when it was never signed or cannot be read). */
async function stationOf(db: AuditDb): Promise<{ identity?: StationIdentity; anchors: Anchor[] }> {
  const opened = await openStationDb(db.name);
  if (!opened.ok) return { anchors: [] };
  try {
    const [station, anchors] = await Promise.all([loadStation(opened.value, false), readAnchors(opened.value)]);
    return { identity: (station.ok && station.value?.identity) || undefined, anchors: anchors.ok ? anchors.value : [] };
  } finally {
    opened.value.close();
  }
}

export async function exportJsonl(
  db: AuditDb,
  opts: JobOptions = {},
  now = new Date(),
): Promise<Result<ExportResult, AuditError>> {
  try {
    const total = await db.count('records');
    const head = await db.get('meta', 'head');
    const out = new BlobBuilder('application/x-ndjson');
    let records = 0;
    let last: { seq: number; hash: string } | undefined;
    // A sealed block is its records' export lines already: written as stored, byte for byte.
    for await (const part of scanTrail(db, total)) {
      if (opts.signal?.aborted) return err(aborted());
      if (part.kind === 'block') {
        out.add(part.text + '\n');
        const starts = lineStarts(part.text);
        records += starts.length;
        const facts = lineFacts(part.text, starts.at(-1)!, part.text.length);
        last = facts && facts.seq !== null && facts.hash !== null ? { seq: facts.seq, hash: facts.hash } : last;
      } else {
        // Index rows above the last block (their block is gone) are not records: verify reports them removed.
        const rows = part.rows.filter(isFullRecord);
        out.add(rows.map((r) => line(r) + '\n').join(''));
        records += rows.length;
        last = rows.at(-1) ?? last;
      }
      opts.onProgress?.(part.fraction);
    }
    // The head beside the records, unless records go further: an export of a truncated store stays evidence.
    const tip = last && (!head || last.seq >= head.seq) ? { seq: last.seq, hash: last.hash } : head;
    // The station's signatures over heads (seq order), then its key in the end marker.
    const station = await stationOf(db);
    const signed = station.anchors.filter((a) => a.seq <= (tip?.seq ?? 0)).sort((a, b) => a.seq - b.seq);
    if (signed.length > 0) out.add(signed.map((a) => line(a) + '\n').join(''));
    const end = endMarker(records, tip, now, station.identity);
    out.add(line(end) + '\n');
    return ok({ blob: out.finish(), records, headSeq: end.headSeq });
  } catch (e) {
    return err(idbError(e, 'read-failed', 'exporting the audit trail'));
  }
}

export const CSV_COLUMNS = [
  'seq',
  'time',
  'operator',
  'site',
  'device_family',
  'device_id',
  'device_model',
  'device_firmware',
  'action',
  'outcome',
  'error_code',
  'intent_seq',
  'sec_tag',
  'credential_kind',
  'cert_sha256',
  'csr_sha256',
  'spki_sha256',
  'serial',
  'not_after',
  'ca_name',
  'detail_json',
  'prev_hash',
  'hash',
] as const;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(r: AuditRecord): string {
  const d = r.device ?? {};
  const x = r.detail ?? {};
  const cells: unknown[] = [
    r.seq,
    r.time,
    r.operator,
    r.site,
    d.family,
    d.id,
    d.model,
    d.firmware,
    r.action,
    r.outcome,
  ];
  cells.push(r.errorCode, r.intentSeq, x.secTag, x.credentialKind, x.certSha256, x.csrSha256, x.spkiSha256);
  cells.push(x.serial, x.notAfter, x.caName, line(x), r.prevHash, r.hash);
  return cells.map(csvCell).join(',') + '\r\n';
}

/** CSV of the given seqs (any order; written ascending), or of every record when `seqs` is null. */
export async function exportCsv(
  db: AuditDb,
  seqs: Uint32Array | null,
  opts: JobOptions = {},
): Promise<Result<ExportResult, AuditError>> {
  try {
    const sorted = seqs ? Array.from(seqs).sort((a, b) => a - b) : null;
    const total = sorted ? sorted.length : await db.count('records');
    const out = new BlobBuilder('text/csv');
    out.add('\ufeff' + CSV_COLUMNS.join(',') + '\r\n');
    let records = 0;
    let headSeq = 0;
    for await (const { chunk, fraction } of readChunks(db, sorted, total)) {
      if (opts.signal?.aborted) return err(aborted());
      out.add(chunk.map(csvRow).join(''));
      records += chunk.length;
      headSeq = chunk.at(-1)?.seq ?? headSeq;
      opts.onProgress?.(fraction);
    }
    return ok({ blob: out.finish(), records, headSeq });
  } catch (e) {
    return err(idbError(e, 'read-failed', 'exporting the audit trail as CSV'));
  }
}
