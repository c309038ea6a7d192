import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, csvRow, endMarker, line } from './export.ts';
import { buildChain } from './test-chain.ts';
import type { AuditRecord } from './types.ts';
import { verifyFile } from './verify-run.ts';

const script = fileURLToPath(new URL('./recompute-chain.mjs', import.meta.url));
const exportText = (records: readonly AuditRecord[], head = records.at(-1)) =>
  records.map((r) => line(r) + '\n').join('') + line(endMarker(records.length, head, new Date(0))) + '\n';

function runAuditorScript(text: string): { code: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'kw-audit-')), 'audit.jsonl');
  writeFileSync(file, text);
  try {
    return { code: 0, out: execFileSync(process.execPath, [script, file], { encoding: 'utf8' }) };
  } catch (e) {
    const failure = e as { status: number; stdout: string };
    return { code: failure.status, out: failure.stdout };
  }
}

describe('JSON Lines export', () => {
  const chain = buildChain(30);

  it('verifies in KeyWire and in the 20-line auditor script', async () => {
    const text = exportText(chain);
    const report = await verifyFile(new Blob([text]));
    expect(report.ok && report.value).toMatchObject({ ok: true, checked: 30, lastSeq: 30 });
    const auditor = runAuditorScript(text);
    expect(auditor).toEqual({ code: 0, out: `chain intact: 30 records, head ${chain[29]!.hash}\n` });
  });

  it('is caught by both when a line is edited', async () => {
    const lines = exportText(chain).split('\n');
    lines[11] = JSON.stringify({ ...JSON.parse(lines[11]!), outcome: 'failure' });
    const text = lines.join('\n');
    const report = await verifyFile(new Blob([text]));
    expect(report.ok && report.value.problems[0]).toMatchObject({ kind: 'edited', seq: 12, line: 12 });
    expect(runAuditorScript(text)).toEqual({ code: 1, out: 'chain breaks at record 12\n1 problem(s)\n' });
  });

  it('agrees with the auditor script on a re-spaced line (same record) and on a record after the end marker', async () => {
    const lines = exportText(chain).split('\n');
    lines[4] = JSON.stringify(JSON.parse(lines[4]!), null, 1).replace(/\n/g, '');
    const spaced = lines.join('\n');
    const report = await verifyFile(new Blob([spaced]));
    expect(report.ok && report.value).toMatchObject({ ok: true, checked: 30 });
    expect(runAuditorScript(spaced).code).toBe(0);
    const after = exportText(chain) + line(chain[29]) + '\n';
    const late = await verifyFile(new Blob([after]));
    expect(late.ok && late.value.problems.map((p) => p.kind)).toContain('malformed');
    expect(runAuditorScript(after).code).toBe(1);
  });

  it('is caught by both when the tail and end marker are cut off', async () => {
    const text = exportText(chain).split('\n').slice(0, 25).join('\n') + '\n';
    const report = await verifyFile(new Blob([text]));
    expect(report.ok && report.value.problems[0]).toMatchObject({ kind: 'truncated', seq: 26 });
    expect(runAuditorScript(text).code).toBe(1);
  });

  it('reports an end marker that promises more records than the file holds', async () => {
    const report = await verifyFile(new Blob([exportText(chain.slice(0, 20), chain[29])]));
    expect(report.ok && report.value.problems[0]).toMatchObject({ kind: 'truncated', seq: 21 });
  });

  it('refuses a CSV export or an empty file as bad-file, and survives Windows line endings', async () => {
    const csv = await verifyFile(new Blob([CSV_COLUMNS.join(',') + '\r\n1,2']));
    expect(!csv.ok && csv.error.code).toBe('bad-file');
    const empty = await verifyFile(new Blob(['\n\n']));
    expect(!empty.ok && empty.error.code).toBe('bad-file');
    const crlf = await verifyFile(new Blob([exportText(chain).replace(/\n/g, '\r\n')]));
    expect(crlf.ok && crlf.value.ok).toBe(true);
  });

  it('stops when cancelled', async () => {
    const signal = AbortSignal.abort();
    const r = await verifyFile(new Blob([exportText(chain)]), { signal });
    expect(!r.ok && r.error.code).toBe('aborted');
  });
});

describe('CSV export', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(null)).toBe('');
    expect(csvCell(16842753)).toBe('16842753');
  });

  it('writes one row per record with the columns in order', () => {
    const [record] = buildChain(1);
    const cells = csvRow(record!).trimEnd().split(',');
    expect(cells[0]).toBe('1');
    expect(cells[CSV_COLUMNS.indexOf('device_id')]).toBe(record!.device.id);
    expect(cells[CSV_COLUMNS.indexOf('sec_tag')]).toBe(String(record!.detail.secTag));
    expect(cells.at(-1)).toBe(record!.hash);
  });
});
