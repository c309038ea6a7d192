// Layer: audit trail. Runs the chain verifier over the live store (in key order, anchored on the stored chain head)
// or over an imported JSON Lines export (streamed line by line, anchored on its end marker), with progress and cancel.
import { err, ok, type Result } from '../lib/result.ts';
import { idbError, type AuditDb } from './db.ts';
import { aborted, readChunks, type JobOptions } from './query.ts';
import { auditError, type AuditError } from './types.ts';
import { ChainVerifier, type ChainAnchor, type VerifyReport } from './verify.ts';

export async function verifyStore(db: AuditDb, opts: JobOptions = {}): Promise<Result<VerifyReport, AuditError>> {
  try {
    const total = await db.count('records');
    const head = await db.get('meta', 'head');
    const verifier = new ChainVerifier();
    for await (const { chunk, fraction } of readChunks(db, null, total)) {
      if (opts.signal?.aborted) return err(aborted());
      for (const record of chunk) verifier.push(record);
      opts.onProgress?.(fraction);
    }
    const report = verifier.finish(head ? { seq: head.seq, hash: head.hash } : null);
    if (head || total === 0) return ok(report);
    const problem = { kind: 'edited' as const, seq: null, message: 'The stored chain head is missing.' };
    return ok({ ...report, ok: false, problems: [...report.problems, problem], problemCount: report.problemCount + 1 });
  } catch (e) {
    return err(idbError(e, 'read-failed', 'verifying the audit trail'));
  }
}

interface EndMarker {
  readonly end: true;
  readonly headSeq: number;
  readonly headHash: string | null;
  readonly records: number;
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
      }
    : null;
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

export async function verifyFile(file: Blob, opts: JobOptions = {}): Promise<Result<VerifyReport, AuditError>> {
  const verifier = new ChainVerifier();
  let anchor: ChainAnchor = 'missing';
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
        verifier.pushMalformed({ line: lineNo }, 'not valid JSON');
        continue;
      }
      parsed += 1;
      const end = asEndMarker(value);
      if (end) {
        anchor = { seq: end.headSeq, hash: end.headHash ?? '', records: end.records };
      } else if (anchor !== 'missing') {
        verifier.pushMalformed({ line: lineNo }, 'a record after the end marker');
      } else {
        verifier.push(value, lineNo);
      }
    }
  } catch (e) {
    return err(idbError(e, 'read-failed', 'reading the file'));
  }
  if (parsed === 0) return err(auditError('bad-file', 'The file holds no audit records.'));
  opts.onProgress?.(1);
  return ok(verifier.finish(anchor));
}
