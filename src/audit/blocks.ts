// Layer: audit trail. Sealed blocks (schema v3): the records of seq b*N+1 .. (b+1)*N, once all are written, live as
// ONE value of the `blocks` store (key b): their canonical export lines (exactly the bytes the JSON Lines export
// writes for each record, hash included) joined with '\n'. Reading ~100,000 IndexedDB values costs per value, not per
// byte (bench/README.md), so the whole-store jobs read 100 large values instead of 100,000 rows. The rows of a sealed
// block are replaced by slim index rows (the indexed fields and seq, no content): the content lives only in the block,
// so whatever the UI shows is what verify checks.
//
// Verify works on a line's text: the hash covers canonical text = the line without its top-level `hash` member, plus
// prevHash. `lineFacts` finds the top-level seq, prevHash and hash members by skipping strings and nested values, and
// `lineHash` hashes the line's bytes minus that member. A line that is not canonical JSON hashes to something else
// than the hash it was sealed with (so it is reported as edited), exactly as a record object that was changed would.
import { tryCanonicalJson } from './chain.ts';
import type { AuditDevice, AuditRecord } from './types.ts';
import { sha256Hex } from './sha256-sync.ts';

/** Records per sealed block unless the database says otherwise (meta `blockSize`). */
export const DEFAULT_BLOCK_SIZE = 1000;

/** What stays in `records` for a sealed record: what the indexes (time, action, outcome, deviceId) need, and seq. */
export interface IndexRow {
  readonly seq: number;
  readonly time: string;
  readonly action: AuditRecord['action'];
  readonly outcome: AuditRecord['outcome'];
  readonly device: Pick<AuditDevice, 'id'>;
}

/** A row of `records`: a full record of the open tail, or the index row of a sealed one. */
export type RecordRow = AuditRecord | IndexRow;

/** A full record (it has its hash), as opposed to an index row or nothing. (An AuditRecord has every member of an
 * IndexRow, so the test is this way round.) */
export const isFullRecord = (row: RecordRow | undefined): row is AuditRecord =>
  !!row && typeof (row as { hash?: unknown }).hash === 'string';

export function indexRow(record: AuditRecord): IndexRow {
  return {
    seq: record.seq,
    time: record.time,
    action: record.action,
    outcome: record.outcome,
    device: { id: record.device?.id },
  };
}

/** A record's export line, the unit of a block (without the newline): canonical JSON, or plain JSON for a value
 * that cannot be canonical (a tampered row sealed by the migration: verify reports it). */
export const recordLine = (record: unknown): string => {
  const canonical = tryCanonicalJson(record);
  return canonical.ok ? canonical.value : JSON.stringify(record);
};

/** Block number of a seq. */
export const blockOf = (seq: number, size: number): number => Math.floor((seq - 1) / size);

/** The top-level members verify needs from one line, and where the `hash` member sits (to leave it out). */
export interface LineFacts {
  readonly seq: number | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
  /** The `hash` member with one of its commas: [cutFrom, cutTo) of the text; -1 when there is none. */
  readonly cutFrom: number;
  readonly cutTo: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Index of the quote closing the string whose opening quote is at `at`, or -1. */
function stringEnd(text: string, at: number, end: number): number {
  let i = at;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0 || i >= end) return -1;
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

/**
 * The top-level seq, prevHash and hash of the JSON object in text[start, end), or null when it is not a JSON object
 * this scanner can walk (verify reports such a line as malformed). Strings and nested values are skipped, never parsed.
 */
export function lineFacts(text: string, start: number, end: number): LineFacts | null {
  if (text.charCodeAt(start) !== OPEN_BRACE || text.charCodeAt(end - 1) !== CLOSE_BRACE) return null;
  let seq: number | null = null;
  let prevHash: string | null = null;
  let hash: string | null = null;
  let cutFrom = -1;
  let cutTo = -1;
  let i = start + 1;
  const last = end - 1;
  if (i === last) return { seq, prevHash, hash, cutFrom, cutTo };
  for (;;) {
    // A member: "key":value, then ',' or the closing brace.
    const memberStart = i;
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = stringEnd(text, i, last);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== COLON) return null;
    const key = keyEnd - i === 5 || keyEnd - i === 4 || keyEnd - i === 9 ? text.slice(i + 1, keyEnd) : '';
    const valueStart = keyEnd + 2;
    let v = valueStart;
    const c = text.charCodeAt(v);
    if (c === QUOTE) {
      const close = stringEnd(text, v, last);
      if (close < 0) return null;
      v = close + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      for (; v < last; v++) {
        const d = text.charCodeAt(v);
        if (d === QUOTE) {
          const close = stringEnd(text, v, last);
          if (close < 0) return null;
          v = close;
        } else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            v++;
            break;
          }
        }
      }
      if (depth !== 0) return null;
    } else {
      while (v < last && text.charCodeAt(v) !== COMMA) v++;
    }
    if (v > last || v === valueStart) return null;
    if (key === 'seq') {
      const n = Number(text.slice(valueStart, v));
      seq = /^(?:0|-?[1-9]\d*)$/.test(text.slice(valueStart, v)) ? n : null;
    } else if (key === 'hash' || key === 'prevHash') {
      const value = c === QUOTE && v - valueStart === 66 ? text.slice(valueStart + 1, v - 1) : null;
      if (key === 'prevHash') prevHash = value;
      else if (cutFrom < 0) {
        hash = value;
        // Leave the member out with the comma before it, or after it when it is the first member.
        if (memberStart > start + 1) [cutFrom, cutTo] = [memberStart - 1, v];
        else [cutFrom, cutTo] = [memberStart, v < last ? v + 1 : v];
      } else return null; // a second top-level hash member
    }
    if (v === last) break;
    if (text.charCodeAt(v) !== COMMA) return null;
    i = v + 1;
  }
  return { seq, prevHash, hash, cutFrom, cutTo };
}

const encoder = new TextEncoder();
let buffer = new Uint8Array(1 << 16);

/** SHA-256 (hex) of UTF-8(text[start, end) without the hash member + prevHash): the hash the line's record should have. */
export function lineHash(text: string, start: number, end: number, facts: LineFacts): string | null {
  if (facts.prevHash === null || facts.cutFrom < 0) return null;
  const need = (end - start + 64) * 3;
  if (buffer.length < need) buffer = new Uint8Array(Math.max(need, buffer.length * 2));
  let at = encoder.encodeInto(text.slice(start, facts.cutFrom), buffer).written;
  at += encoder.encodeInto(text.slice(facts.cutTo, end), buffer.subarray(at)).written;
  at += encoder.encodeInto(facts.prevHash, buffer.subarray(at)).written;
  return sha256Hex(buffer, 0, at);
}

/** Start offsets of the lines of a block (each line runs to the next '\n' or the end). */
export function lineStarts(block: string): number[] {
  const starts = [0];
  for (let i = block.indexOf('\n'); i >= 0; i = block.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The parsed records of a block, in line order; a line that does not parse is left out. */
export function parseBlock(block: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const text of block.split('\n')) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && typeof (value as { seq?: unknown }).seq === 'number') {
        out.push(value as AuditRecord);
      }
    } catch {
      // Verify reports it (malformed); readers show what parses.
    }
  }
  return out;
}

/**
 * The last few blocks read one record at a time (the viewer pages through neighbouring records; a flow reads a
 * board's last records): a record is its expected line (seq - b*size - 1) parsed alone; only when that line holds
 * another seq (a tampered block) is the whole block parsed to find it.
 */
export class BlockCache {
  #entries = new Map<string, { text: string; starts: number[]; bySeq: Map<number, AuditRecord>; whole: boolean }>();
  constructor(readonly capacity = 4) {}

  /** The record `seq` of block `b` whose text is `text` (`size` records per block), or undefined. */
  record(db: string, b: number, text: string, seq: number, size: number): AuditRecord | undefined {
    const key = `${db}\u0000${b}`;
    let entry = this.#entries.get(key);
    if (!entry || entry.text !== text) entry = { text, starts: lineStarts(text), bySeq: new Map(), whole: false };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    const known = entry.bySeq.get(seq);
    if (known || entry.whole) return known;
    const k = seq - b * size - 1;
    const start = entry.starts[k];
    if (start !== undefined) {
      const next = entry.starts[k + 1];
      const [line] = parseBlock(text.slice(start, next === undefined ? text.length : next - 1));
      if (line?.seq === seq) {
        entry.bySeq.set(seq, line);
        return line;
      }
    }
    for (const r of parseBlock(text)) if (!entry.bySeq.has(r.seq)) entry.bySeq.set(r.seq, r);
    entry.whole = true;
    return entry.bySeq.get(seq);
  }
}

export const blockCache = new BlockCache();

/** The part of a store handle (idb) the block-size helpers use: `meta`, in any transaction mode. */
interface MetaStore {
  get(key: 'head' | 'blockSize'): Promise<unknown>;
}

/** Records per block of this database (meta 'blockSize', written by the v3 upgrade), DEFAULT_BLOCK_SIZE if unreadable. */
export async function blockSizeOf(meta: MetaStore): Promise<number> {
  const size = await meta.get('blockSize');
  return typeof size === 'number' && Number.isSafeInteger(size) && size > 0 ? size : DEFAULT_BLOCK_SIZE;
}
