// A sealed line's facts and hash from its text (blocks.ts), and free-text search over a block (query.ts
// searchBlock): the same answers as on the parsed record, whatever the strings and nested values hold.
import { describe, expect, it } from 'vitest';
import { sealRecord } from './chain.ts';
import { indexRow, isFullRecord, lineFacts, lineHash, lineStarts, parseBlock, recordLine } from './blocks.ts';
import { searchBlock, searchText } from './query.ts';
import { GENESIS_HASH, type AuditRecord } from './types.ts';

function chain(details: AuditRecord['detail'][]): AuditRecord[] {
  let prevHash = GENESIS_HASH;
  return details.map((detail, i) => {
    const r = sealRecord(
      {
        operator: 'Ana "Quote" \\ Lima',
        site: 'Bench 3 ΣΑΣ',
        device: { family: 'nrf91', id: `DEV-${i}`, model: 'nRF9160', firmware: '1.3.5' },
        action: 'verify',
        outcome: i % 2 ? 'failure' : 'success',
        errorCode: i % 2 ? 'timeout' : null,
        intentSeq: null,
        detail,
      },
      { seq: i + 1, time: `2029-06-01T09:00:0${i}.000Z`, prevHash },
    );
    prevHash = r.hash;
    return r;
  });
}

const records = chain([
  { secTag: 42, note: 'plain' },
  { note: 'a "hash":"' + 'f'.repeat(64) + '" inside a string, and a } and a ] and \\" too' },
  { ext: { hash: 'e'.repeat(64), seq: 99, prevHash: 'd'.repeat(64) } as never, note: 'nested look-alikes' },
  { note: 'line\nbreak and tab\t and \u0001 control' },
]);

describe('a line read as text', () => {
  it('finds the top-level seq, prevHash and hash, and hashes the bytes to the record hash', () => {
    for (const r of records) {
      const text = recordLine(r);
      const facts = lineFacts(text, 0, text.length);
      expect(facts).toMatchObject({ seq: r.seq, prevHash: r.prevHash, hash: r.hash });
      expect(lineHash(text, 0, text.length, facts!)).toBe(r.hash);
    }
  });

  it('works on a line inside a block, by offsets', () => {
    const block = records.map(recordLine).join('\n');
    const starts = lineStarts(block);
    expect(starts).toHaveLength(records.length);
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1]! - 1 : block.length;
      const facts = lineFacts(block, start, end)!;
      expect(lineHash(block, start, end, facts)).toBe(records[i]!.hash);
    });
    expect(parseBlock(block)).toEqual(records);
  });

  it('an edited or re-spaced line no longer hashes to its hash; a broken one has no facts', () => {
    const text = recordLine(records[0]!);
    const edited = text.replace('plain', 'plaiN');
    const f = lineFacts(edited, 0, edited.length)!;
    expect(lineHash(edited, 0, edited.length, f)).not.toBe(records[0]!.hash);
    const spaced = text.replace('"seq":1', '"seq": 1');
    const g = lineFacts(spaced, 0, spaced.length);
    expect(g && lineHash(spaced, 0, spaced.length, g)).not.toBe(records[0]!.hash);
    for (const broken of [
      text.slice(0, 50),
      text.slice(1),
      `${text}x`,
      '{"a":}',
      '{"hash":"' + 'a'.repeat(64) + '",',
    ]) {
      expect(lineFacts(broken, 0, broken.length)).toBeNull();
    }
    const twice = text.replace('{', `{"hash":"${'a'.repeat(64)}",`);
    expect(lineFacts(twice, 0, twice.length)).toBeNull();
  });

  it('keeps only the indexed fields in an index row', () => {
    const row = indexRow(records[1]!);
    expect(row).toEqual({
      seq: 2,
      time: records[1]!.time,
      action: 'verify',
      outcome: 'failure',
      device: { id: 'DEV-1' },
    });
    expect(isFullRecord(row)).toBe(false);
    expect(isFullRecord(records[1])).toBe(true);
  });
});

describe('free-text search of a block', () => {
  const block = records.map(recordLine).join('\n');
  const expected = (needle: string) => records.filter((r) => searchText(r).includes(needle)).map((r) => r.seq);
  it.each([
    'dev-2',
    'timeout',
    'plain',
    'σας',
    'ana "quote"',
    '\\',
    '#3',
    'look-alikes',
    'nrf91',
    '42',
    'nothing',
    'hash',
  ])('finds exactly the records whose search text holds %j', (needle) => {
    const out: number[] = [];
    searchBlock(block, needle, out);
    expect(out).toEqual(expected(needle));
  });
});
