// Layer: audit trail. Viewer queries over 100,000 records without loading them: index filters (device, action,
// outcome, time, open intents) are answered with getAllKeys and intersected as sorted seq lists (index rows of sealed
// records keep the indexed fields: blocks.ts); only free-text search reads records, keeping nothing but the matching
// seqs: a sealed block is lower-cased once and searched as one text, and only the lines with a hit are parsed and
// checked against the record's search text. Results are seqs, newest first; the viewer then reads just the rows it
// shows (`readRecords`).
import { err, ok, type Result } from '../lib/result.ts';
import { idbError, type AuditDb } from './db.ts';
import { isFullRecord, lineStarts, type RecordRow } from './blocks.ts';
import { scanRecords, scanTrail } from './scan.ts';
import { resolveSeqs, SEALED_READ_STORES } from './sealed-read.ts';
import { auditError, type AuditAction, type AuditError, type AuditOutcome, type AuditRecord } from './types.ts';

export interface AuditFilter {
  readonly deviceId?: string;
  readonly action?: AuditAction;
  readonly outcome?: AuditOutcome;
  /** ISO time, inclusive. */
  readonly from?: string;
  /** ISO time, exclusive. */
  readonly to?: string;
  /** Case-insensitive substring of any field (operator, site, device, action, detail values, error code, seq). */
  readonly text?: string;
  /** Only intents that still have no outcome. */
  readonly openIntentsOnly?: boolean;
}

export interface JobOptions {
  readonly signal?: AbortSignal;
  /** 0..1, called between chunks. */
  readonly onProgress?: (fraction: number) => void;
}

const CHUNK = 500;
export const aborted = (): AuditError => auditError('aborted', 'Cancelled.');

/** Intersection of two ascending seq lists. */
export function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Everything a text search looks at, lower-cased, fields joined by U+0001 (built in one pass: it runs per record). */
export function searchText(record: AuditRecord): string {
  const d = record.device ?? {};
  // As Array.join writes them: a missing field is empty; detail values are written with String().
  const field = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  let text = `#${record.seq}`;
  for (const v of [record.operator, record.site, d.family, d.id, d.model, d.firmware, record.action, record.outcome]) {
    text += `\u0001${field(v)}`;
  }
  text += `\u0001${field(record.errorCode ?? '')}`;
  for (const v of Object.values(record.detail ?? {})) {
    if (typeof v === 'object' && v) for (const w of Object.values(v)) text += `\u0001${String(w)}`;
    else text += `\u0001${String(v)}`;
  }
  return text.toLowerCase();
}

async function indexKeys(db: AuditDb, filter: AuditFilter): Promise<number[] | null> {
  const tx = db.transaction(['records', 'openIntents']);
  const records = tx.objectStore('records');
  const lists: Promise<number[]>[] = [];
  if (filter.deviceId !== undefined) lists.push(records.index('deviceId').getAllKeys(filter.deviceId));
  if (filter.action !== undefined) lists.push(records.index('action').getAllKeys(filter.action));
  if (filter.outcome !== undefined) lists.push(records.index('outcome').getAllKeys(filter.outcome));
  if (filter.openIntentsOnly) lists.push(tx.objectStore('openIntents').getAllKeys());
  if (filter.from !== undefined || filter.to !== undefined) {
    const range =
      filter.from !== undefined && filter.to !== undefined
        ? IDBKeyRange.bound(filter.from, filter.to, false, true)
        : filter.from !== undefined
          ? IDBKeyRange.lowerBound(filter.from)
          : IDBKeyRange.upperBound(filter.to!, true);
    // The time index orders by time, not seq (a clock can step back): sort before intersecting.
    lists.push(
      records
        .index('time')
        .getAllKeys(range)
        .then((keys) => keys.sort((a, b) => a - b)),
    );
  }
  if (lists.length === 0) return null;
  const [first, ...rest] = await Promise.all(lists);
  return rest.reduce(intersectSorted, first!);
}

/**
 * Reads records for ascending seqs in chunks (sealed ones from their blocks: sealed-read.ts). A whole store (`seqs`
 * null) is read by `scanRecords` (every block, reads ahead of the caller, then the open tail).
 */
export async function* readChunks(
  db: AuditDb,
  seqs: readonly number[] | null,
  total: number,
): AsyncGenerator<{ chunk: AuditRecord[]; fraction: number }> {
  if (seqs === null) {
    yield* scanRecords(db, total);
    return;
  }
  for (let i = 0; i < seqs.length; i += CHUNK) {
    const part = seqs.slice(i, i + CHUNK);
    const chunk = await resolveSeqs(db.transaction([...SEALED_READ_STORES]), db.name, part);
    yield { chunk, fraction: Math.min(1, (i + part.length) / Math.max(seqs.length, 1)) };
  }
}

/**
 * A needle that, when it is in a record's search text, is also in the record's line lower-cased: no characters that
 * JSON escapes or the search text adds ('"', '\\', controls, the field separator, '#' of "#seq") and no sigma (whose
 * lower case depends on the letters around it).
 */
const linePrefilterWorks = (needle: string): boolean => !/["\\#\u0000-\u001f\u007f\u03a3\u03c2\u03c3]/.test(needle);

/** Seqs of the lines of a block whose record's search text holds `needle` (lower-cased), in line order. */
export function searchBlock(text: string, needle: string, out: number[]): void {
  const starts = lineStarts(text);
  const lineAt = (k: number): string =>
    text.slice(starts[k]!, k + 1 < starts.length ? starts[k + 1]! - 1 : text.length);
  const check = (k: number) => {
    let record: AuditRecord;
    try {
      record = JSON.parse(lineAt(k)) as AuditRecord;
    } catch {
      return;
    }
    if (typeof record === 'object' && record !== null && typeof record.seq === 'number') {
      if (searchText(record).includes(needle)) out.push(record.seq);
    }
  };
  if (!linePrefilterWorks(needle)) {
    for (let k = 0; k < starts.length; k++) check(k);
    return;
  }
  // Lower-casing keeps every '\n' and adds none, so line k of the lower-cased text is line k lower-cased.
  const lower = text.toLowerCase();
  let line = 0;
  let lineStart = 0;
  for (let at = lower.indexOf(needle); at >= 0;) {
    for (let nl = lower.indexOf('\n', lineStart); nl >= 0 && nl < at; nl = lower.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    check(line);
    const nl = lower.indexOf('\n', at);
    if (nl < 0) break;
    line++;
    lineStart = nl + 1;
    at = lower.indexOf(needle, lineStart);
  }
}

/** Seqs of the records matching `filter`, newest first. */
export async function matchingSeqs(
  db: AuditDb,
  filter: AuditFilter,
  opts: JobOptions = {},
): Promise<Result<Uint32Array, AuditError>> {
  try {
    const keyed = await indexKeys(db, filter);
    const needle = filter.text?.trim().toLowerCase() ?? '';
    let seqs: number[];
    if (needle === '') {
      seqs = keyed ?? (await db.getAllKeys('records'));
    } else {
      seqs = [];
      const total = keyed ? keyed.length : await db.count('records');
      if (keyed) {
        for await (const { chunk, fraction } of readChunks(db, keyed, total)) {
          if (opts.signal?.aborted) return err(aborted());
          for (const record of chunk) if (searchText(record).includes(needle)) seqs.push(record.seq);
          opts.onProgress?.(fraction);
        }
      } else {
        for await (const part of scanTrail(db, total)) {
          if (opts.signal?.aborted) return err(aborted());
          if (part.kind === 'block') searchBlock(part.text, needle, seqs);
          else
            for (const row of part.rows) if (isFullRecord(row) && searchText(row).includes(needle)) seqs.push(row.seq);
          opts.onProgress?.(part.fraction);
        }
        // Blocks and tail come in key order; a tampered store's lines may not be in seq order.
        seqs.sort((a, b) => a - b);
      }
    }
    const out = new Uint32Array(seqs.length);
    for (let i = 0; i < seqs.length; i++) out[i] = seqs[seqs.length - 1 - i]!;
    return ok(out);
  } catch (e) {
    return err(idbError(e, 'read-failed', 'searching the audit trail'));
  }
}

/** A device's history, newest first, one page at a time: pass the last seq seen as `before` for the next page. */
export async function deviceHistory(
  db: AuditDb,
  deviceId: string,
  page: { readonly before?: number; readonly limit: number },
): Promise<Result<AuditRecord[], AuditError>> {
  try {
    const seqs: number[] = [];
    const rows: RecordRow[] = [];
    const tx = db.transaction([...SEALED_READ_STORES]);
    const index = tx.objectStore('records').index('deviceId');
    let cursor = await index.openCursor(deviceId, 'prev');
    if (cursor && page.before !== undefined && cursor.primaryKey >= page.before) {
      cursor = await cursor.continuePrimaryKey(deviceId, page.before - 1);
    }
    for (; cursor && seqs.length < page.limit; cursor = await cursor.continue()) {
      seqs.push(cursor.primaryKey);
      rows.push(cursor.value);
    }
    // Sealed records come from their blocks: the history shows what verify checks.
    return ok(await resolveSeqs(tx, db.name, seqs, rows));
  } catch (e) {
    return err(idbError(e, 'read-failed', 'reading the device history'));
  }
}

/** Distinct device ids (for the filter's suggestions), at most `limit`. */
export async function knownDevices(db: AuditDb, limit = 500): Promise<Result<string[], AuditError>> {
  try {
    const ids: string[] = [];
    const index = db.transaction('records').store.index('deviceId');
    for (let c = await index.openKeyCursor(null, 'nextunique'); c && ids.length < limit; c = await c.continue()) {
      if (c.key !== '') ids.push(c.key);
    }
    return ok(ids);
  } catch (e) {
    return err(idbError(e, 'read-failed', 'listing devices'));
  }
}
