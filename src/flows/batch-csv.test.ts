// The batch summary CSV: RFC 4180 quoting, one row per board, and no cell a spreadsheet would run as a formula.
import { describe, expect, it } from 'vitest';
import { batchCsv, BATCH_CSV_COLUMNS, csvCell } from './batch-csv.ts';
import type { BatchResult } from './batch-types.ts';

const row = (o: Partial<BatchResult>): BatchResult => ({
  index: 1,
  deviceId: 'd1',
  imei: '352656100402182',
  model: 'nRF9160-SICA',
  outcome: 'verified',
  secTag: 42,
  serialHex: '4A1B',
  certSha256: 'AB'.repeat(32),
  notAfter: '2031-01-01T00:00:00.000Z',
  subject: 'CN=d1',
  reason: null,
  finishedAt: '2030-01-01T00:00:00.000Z',
  ...o,
});

describe('batch CSV', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['comma', 'CN=a, O=b', '"CN=a, O=b"'],
    ['quote', 'say "hi"', '"say ""hi"""'],
    ['line break', 'a\nb', '"a\nb"'],
    ['formula', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['leading minus', '-1+2', "'-1+2"],
    ['null', null, ''],
    ['number', 42, '42'],
  ] as const)('cell: %s', (_name, value, want) => {
    expect(csvCell(value)).toBe(want);
  });

  it('has a header and one CRLF row per board', () => {
    const csv = batchCsv([
      row({ ca: 'Lab CA "Bench"' }),
      row({
        index: 2,
        deviceId: 'd2',
        outcome: 'failed',
        serialHex: null,
        certSha256: null,
        reason: 'The board was unplugged, twice.',
      }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(BATCH_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]!.split(',')).toHaveLength(BATCH_CSV_COLUMNS.length);
    expect(lines[1]).toContain(',verified,42,"Lab CA ""Bench""",4A1B,');
    expect(lines[2]).toContain(',failed,42,,,');
    expect(lines[2]).toContain('"The board was unplugged, twice."');
  });
});
