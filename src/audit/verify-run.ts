// Layer: audit trail. Runs the chain verifier over the live store (in key order, anchored on the stored chain head)
// or over an imported JSON Lines export (streamed line by line, anchored on its end marker), with progress and cancel.
import { err, ok, type Result } from '../lib/result.ts';
import { Yielder } from '../lib/yield.ts';
import { idbError, type AuditDb } from './db.ts';
import { aborted, type JobOptions } from './query.ts';
import { contentHash, recordHashes } from './hash-batch.ts';
import { isFullRecord, lineFacts, lineHash } from './blocks.ts';
import { scanTrail, trailShape } from './scan.ts';
import { auditError, type AuditError } from './types.ts';
import { ChainVerifier, type ChainAnchor, type VerifyReport } from './verify.ts';
import { asAnchor, type Anchor } from './anchor.ts';
import { checkAnchors, withAnchors } from './anchor-check.ts';
import { anchorsNewestFirst, loadStation, openStationDb } from './station.ts';
import { storedHash } from './sealed-read.ts';

/** The chain report of the live store with the station's signatures checked (anchored on the station's own key). */
async function anchorStore(db: AuditDb, report: VerifyReport): Promise<VerifyReport> {
  const opened = await openStationDb(db.name);
  if (!opened.ok) return report;
  try {
    const [station, anchors] = await Promise.all([loadStation(opened.value, false), anchorsNewestFirst(opened.value)]);
    const problem = !station.ok ? station.error : !anchors.ok ? anchors.error : null;
    if (problem !== null) {
      return withAnchors(report, {
        report: { station: null, anchors: 0, signedSeq: 0, firstUnsigned: report.lastSeq },
        problems: [{ kind: 'unanchored', seq: null, message: problem }],
      });
    }
    const identity = station.ok ? station.value?.identity : undefined;
    const checked = await checkAnchors({
      anchors: anchors.ok ? anchors.value : [],
      station: identity ? { key: identity.key } : null,
      lastSeq: report.lastSeq ?? 0,
      hashAt: (seq) => storedHash(db, seq),
    });
    return withAnchors(report, checked);
  } finally {
    opened.value.close();
  }
}

/**
 * Feeds the lines of one sealed block to the verifier. A line whose bytes (without its hash member, plus prevHash)
 * hash to its hash is fed as {seq, prevHash, hash}, never parsed; any other line is parsed and its record hashed as
 * an object (so a line that is not canonical JSON but holds the same record verifies, as its export line would), or
 * reported malformed. Lines whose seqs lie outside the block's key range (b*size+1 .. (b+1)*size) are reported once
 * per block: the chain alone cannot see a block stored under the wrong key, and readers would not find its records.
 */
export function verifyBlock(verifier: ChainVerifier, key: IDBValidKey, text: string, size: number): void {
  const b = typeof key === 'number' && Number.isSafeInteger(key) && key >= 0 ? key : null;
  const lo = b === null ? 0 : b * size + 1;
  const hi = b === null ? 0 : (b + 1) * size;
  let first: number | null = null;
  let last: number | null = null;
  let outside = 0;
  let start = 0;
  for (let k = 0; start <= text.length; k++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const facts = lineFacts(text, start, end);
    let seq: number | null = null;
    if (facts && facts.seq !== null && facts.hash !== null && lineHash(text, start, end, facts) === facts.hash) {
      seq = facts.seq;
      verifier.push({ seq, prevHash: facts.prevHash, hash: facts.hash }, undefined, facts.hash);
    } else {
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, end));
      } catch {
        value = undefined;
      }
      const s = (value as { seq?: unknown } | undefined)?.seq;
      if (value === undefined) verifier.pushMalformed({ seq: b === null ? undefined : lo + k }, 'not valid JSON');
      else verifier.push(value, undefined, contentHash(value));
      if (typeof s === 'number') seq = s;
    }
    if (seq !== null) {
      first ??= seq;
      last = seq;
      if (seq < lo || seq > hi) outside++;
    }
    start = end + 1;
  }
  if (b === null) {
    verifier.report({
      kind: 'malformed',
      seq: first,
      message: `A sealed block is stored under ${JSON.stringify(String(key))}, which is not a block number.`,
    });
  } else if (outside > 0) {
    verifier.report({
      kind: 'reordered',
      seq: first,
      message:
        `The block stored as #${b} (records #${lo} to #${hi}) holds ${outside} record(s) of another block` +
        (first !== null ? ` (#${first} to #${last})` : '') +
        ': blocks were moved or swapped.',
    });
  }
}

export async function verifyStore(db: AuditDb, opts: JobOptions = {}): Promise<Result<VerifyReport, AuditError>> {
  try {
    const total = await db.count('records');
    const head = await db.get('meta', 'head');
    const shape = await trailShape(db);
    const verifier = new ChainVerifier();
    // scanTrail reads the next blocks while this one is hashed (synchronously) and fed to the verifier.
    // Reads may be done before they are awaited: give queued messages (a cancel) a turn now and then.
    const turn = new Yielder();
    for await (const part of scanTrail(db, total, { shape })) {
      await turn.maybe();
      if (opts.signal?.aborted) return err(aborted());
      if (part.kind === 'block') verifyBlock(verifier, part.key, part.text, shape.blockSize);
      else {
        // Index rows above the last block are records whose block is gone: left out, they show as removed.
        const rows = part.rows.filter(isFullRecord);
        const hashes = recordHashes(rows);
        for (let i = 0; i < rows.length; i++) verifier.push(rows[i], undefined, hashes[i]);
      }
      opts.onProgress?.(part.fraction);
    }
    await turn.maybe();
    if (opts.signal?.aborted) return err(aborted());
    const report = await anchorStore(db, verifier.finish(head ? { seq: head.seq, hash: head.hash } : null));
    if (head || total === 0) return ok(report);
    const problem = { kind: 'edited' as const, seq: null, message: 'The stored chain head is missing.' };
    return ok({ ...report, ok: false, problems: [...report.problems, problem], problemCount: report.problemCount + 1 });
  } catch (e) {
    return err(idbError(e, 'read-failed', 'verifying the audit trail'));
  }
}

/** A signature line: it has an `anchor` member and is not a record (records carry `prevHash`). */
const isAnchorLine = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'anchor' in value && !('prevHash' in value);

interface EndMarker {
  readonly end: true;
  readonly headSeq: number;
  readonly headHash: string | null;
  readonly records: number;
  readonly station: { readonly key: string; readonly fingerprint?: string } | null;
}

function asEndMarker(value: unknown): EndMarker | null {
  if (typeof value !== 'object' || value === null || (value as { end?: unknown }).end !== true) return null;
  const v = value as Record<string, unknown>;
  return typeof v.headSeq === 'number' && typeof v.records === 'number'
    ? {
        end: true,
        headSeq: v.headSeq,
        headHash: typeof v.headHash === 'string' ? v.headHash : null,
        records: v.records,
        station: asStation(v.station),
      }
    : null;
}

function asStation(value: unknown): EndMarker['station'] {
  if (typeof value !== 'object' || value === null) return null;
  const { key, fingerprint } = value as Record<string, unknown>;
  if (typeof key !== 'string') return null;
  return typeof fingerprint === 'string' ? { key, fingerprint } : { key };
}

/** Lines of a text stream, with a running count of bytes read. */
async function* linesOf(file: Blob, onBytes: (n: number) => void): AsyncGenerator<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    onBytes(value.byteLength);
    const parts = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

type VerifierOp =
  | { readonly value: unknown; readonly line: number; readonly selfHash?: string }
  | { readonly malformed: string; readonly line: number };

/**
 * Feeds the verifier in file order, a batch at a time: each batch's record hashes are computed together
 * (recordHashes), then the batch is replayed in order.
 */
class BatchedFeed {
  #ops: VerifierOp[] = [];
  constructor(
    readonly verifier: ChainVerifier,
    readonly size = 2000,
  ) {}
  push(op: VerifierOp): void {
    this.#ops.push(op);
    if (this.#ops.length >= this.size) this.drain();
  }
  /** Every op so far reaches the verifier. */
  drain(): void {
    const ops = this.#ops;
    this.#ops = [];
    // Lines hashed from their text already (selfHash) are not hashed again as objects.
    const hashes = recordHashes(ops.map((op) => ('value' in op && op.selfHash === undefined ? op.value : null)));
    ops.forEach((op, i) => {
      if ('value' in op) this.verifier.push(op.value, op.line, op.selfHash ?? hashes[i]);
      else this.verifier.pushMalformed({ line: op.line }, op.malformed);
    });
  }
}

export async function verifyFile(file: Blob, opts: JobOptions = {}): Promise<Result<VerifyReport, AuditError>> {
  const verifier = new ChainVerifier();
  const feed = new BatchedFeed(verifier);
  let anchor: ChainAnchor = 'missing';
  let station: EndMarker['station'] = null;
  const anchors: Anchor[] = [];
  const hashes = new Map<number, string>();
  let lineNo = 0;
  let parsed = 0;
  let read = 0;
  let lastReport = 0;
  try {
    for await (const raw of linesOf(file, (n) => (read += n))) {
      lineNo += 1;
      if (opts.signal?.aborted) return err(aborted());
      if (read - lastReport > 1_000_000) {
        lastReport = read;
        opts.onProgress?.(read / Math.max(file.size, 1));
      }
      const text = raw.trim();
      if (text === '') continue;
      // A record line whose bytes hash to its hash (an export's own line) is fed without being parsed, as a sealed
      // block's line is; anything else (signatures, the end marker, an edited or re-spaced line) is parsed below.
      const facts = text.includes('"end":') ? null : lineFacts(text, 0, text.length);
      if (facts && facts.seq !== null && facts.prevHash !== null && facts.hash !== null) {
        if (lineHash(text, 0, text.length, facts) === facts.hash) {
          parsed += 1;
          if (anchor !== 'missing') feed.push({ malformed: 'a record after the end marker', line: lineNo });
          else {
            if (!hashes.has(facts.seq)) hashes.set(facts.seq, facts.hash);
            const value = { seq: facts.seq, prevHash: facts.prevHash, hash: facts.hash };
            feed.push({ value, line: lineNo, selfHash: facts.hash });
          }
          continue;
        }
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        if (parsed === 0 && lineNo === 1) {
          return err(
            auditError(
              'bad-file',
              'This is not a KeyWire JSON Lines export (line 1 is not JSON). Choose the .jsonl file: a CSV export cannot be verified.',
            ),
          );
        }
        feed.push({ malformed: 'not valid JSON', line: lineNo });
        continue;
      }
      parsed += 1;
      const end = asEndMarker(value);
      const signature = isAnchorLine(value) ? asAnchor(value) : undefined;
      if (end) {
        anchor = { seq: end.headSeq, hash: end.headHash ?? '', records: end.records };
        station = end.station;
      } else if (anchor !== 'missing') {
        feed.push({ malformed: 'a record after the end marker', line: lineNo });
      } else if (signature) {
        anchors.push(signature);
      } else if (signature === null) {
        feed.push({ malformed: 'a damaged station signature line', line: lineNo });
      } else {
        const { seq, hash } = value as { seq?: unknown; hash?: unknown };
        if (typeof seq === 'number' && typeof hash === 'string' && !hashes.has(seq)) hashes.set(seq, hash);
        feed.push({ value, line: lineNo });
      }
    }
    feed.drain();
  } catch (e) {
    return err(idbError(e, 'read-failed', 'reading the file'));
  }
  if (parsed === 0) return err(auditError('bad-file', 'The file holds no audit records.'));
  opts.onProgress?.(1);
  const report = verifier.finish(anchor);
  // An export made before anchoring (no key, no signatures) verifies as before; its anchor report says unsigned.
  const checked = await checkAnchors({
    anchors,
    station,
    lastSeq: report.lastSeq ?? 0,
    hashAt: (seq) => hashes.get(seq) ?? null,
  });
  return ok(withAnchors(report, checked));
}
