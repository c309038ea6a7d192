import { beforeEach, describe, expect, it } from 'vitest';
import { clearShapeCache, recordHash } from './chain.ts';
import { buildChain } from './test-chain.ts';
import type { AuditRecord } from './types.ts';
import { ChainVerifier, type ChainAnchor, type VerifyReport } from './verify.ts';

// Each test starts with no record shape cached (chain.ts clearShapeCache).
beforeEach(() => clearShapeCache());

function verify(records: readonly unknown[], anchor: ChainAnchor | null = null): VerifyReport {
  const v = new ChainVerifier();
  records.forEach((r, i) => v.push(r, i + 1));
  return v.finish(anchor);
}

const headOf = (records: AuditRecord[]): ChainAnchor => {
  const last = records.at(-1)!;
  return { seq: last.seq, hash: last.hash };
};

function rehash(record: AuditRecord): AuditRecord {
  const { hash: _drop, ...body } = record;
  return { ...record, hash: recordHash(body) };
}

describe('ChainVerifier', () => {
  const chain = buildChain(12);
  const head = headOf(chain);

  it('accepts an intact chain and reports its head', () => {
    const report = verify(chain, head);
    expect(report).toMatchObject({ ok: true, checked: 12, firstSeq: 1, lastSeq: 12, headHash: chain[11]!.hash });
    expect(report.problems).toEqual([]);
  });

  it('accepts an empty chain with no anchor', () => {
    expect(verify([], null)).toMatchObject({ ok: true, checked: 0, lastSeq: null });
  });

  const cases: { name: string; tamper: (c: AuditRecord[]) => unknown[]; kind: string; seq: number }[] = [
    {
      name: 'an edited field',
      tamper: (c) => c.map((r) => (r.seq === 5 ? { ...r, operator: 'Mallory' } : r)),
      kind: 'edited',
      seq: 5,
    },
    {
      name: 'an edited nested detail value',
      tamper: (c) => c.map((r) => (r.seq === 7 ? { ...r, detail: { ...r.detail, secTag: 1 } } : r)),
      kind: 'edited',
      seq: 7,
    },
    { name: 'a deleted record', tamper: (c) => c.filter((r) => r.seq !== 6), kind: 'removed', seq: 6 },
    { name: 'a deleted first record', tamper: (c) => c.slice(1), kind: 'removed', seq: 1 },
    { name: 'two adjacent records swapped', tamper: (c) => swap(c, 3, 4), kind: 'reordered', seq: 5 },
    { name: 'a record moved down the file', tamper: (c) => move(c, 2, 8), kind: 'reordered', seq: 3 },
    { name: 'a record moved up the file', tamper: (c) => move(c, 8, 2), kind: 'reordered', seq: 9 },
    {
      name: 'an edit with a forged hash',
      tamper: (c) => c.map((r) => (r.seq === 4 ? rehash({ ...r, site: 'Elsewhere' }) : r)),
      kind: 'forged-hash',
      seq: 4,
    },
    { name: 'a duplicated record', tamper: (c) => [...c.slice(0, 6), c[3], ...c.slice(6)], kind: 'duplicated', seq: 4 },
    { name: 'a truncated tail', tamper: (c) => c.slice(0, 9), kind: 'truncated', seq: 10 },
    {
      name: 'a record rewritten with another prevHash and re-hashed (both its links broken)',
      tamper: (c) => c.map((r) => (r.seq === 6 ? rehash({ ...r, prevHash: c[2]!.hash, operator: 'Eve' }) : r)),
      kind: 'forged-hash',
      seq: 6,
    },
    {
      name: 'the last record rewritten with another prevHash and re-hashed',
      tamper: (c) => [...c.slice(0, 11), rehash({ ...c[11]!, prevHash: c[9]!.hash, operator: 'Eve' })],
      kind: 'forged-hash',
      seq: 12,
    },
    {
      name: 'a rewritten last record',
      tamper: (c) => [...c.slice(0, 11), rehash({ ...c[11]!, operator: 'Eve' })],
      kind: 'forged-hash',
      seq: 12,
    },
  ];

  for (const { name, tamper, kind, seq } of cases) {
    it(`detects and locates ${name}`, () => {
      const report = verify(tamper(chain), head);
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatchObject({ kind, seq });
      expect(report.problemCount).toBe(1);
    });
  }

  it('names a record whose content was moved into another key (store swap) as reordered, once', () => {
    const a = chain[4]!;
    const b = chain[5]!;
    const swapped = chain.map((r) => (r.seq === 5 ? { ...b, seq: 5 } : r.seq === 6 ? { ...a, seq: 6 } : r));
    const report = verify(swapped, head);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind: 'reordered', seq: 5 });
  });

  it('reports a file without an end marker as truncated after its last record', () => {
    const report = verify(chain.slice(0, 8), 'missing');
    expect(report.problems[0]).toMatchObject({ kind: 'truncated', seq: 9 });
  });

  it('ties an unparseable line to the seq it replaced', () => {
    const v = new ChainVerifier();
    chain.forEach((r, i) => (r.seq === 3 ? v.pushMalformed({ line: i + 1 }, 'not JSON') : v.push(r, i + 1)));
    const report = v.finish(head);
    expect(report.problemCount).toBe(1);
    expect(report.problems[0]).toMatchObject({ kind: 'malformed', seq: 3, line: 3 });
  });

  it('reports a record whose first prevHash is not the genesis hash', () => {
    const first = rehash({ ...chain[0]!, prevHash: 'f'.repeat(64) });
    const report = verify([first, ...chain.slice(1)], head);
    expect(report.problems[0]).toMatchObject({ kind: 'edited', seq: 1 });
  });

  it('blames the re-hashed record, not its neighbour, whichever of its links was changed', () => {
    const relinked = verify(
      chain.map((r) => (r.seq === 6 ? rehash({ ...r, prevHash: 'e'.repeat(64) }) : r)),
      head,
    );
    expect(relinked.problems.map((p) => [p.kind, p.seq])).toEqual([['forged-hash', 6]]);
    expect(relinked.problems[0]!.message).toContain('chained neither to record #5 nor to record #7');
    const edited = verify(
      chain.map((r) => (r.seq === 6 ? rehash({ ...r, site: 'Elsewhere' }) : r)),
      head,
    );
    expect(edited.problems.map((p) => [p.kind, p.seq])).toEqual([['forged-hash', 6]]);
  });

  it('checks every link: two re-hashed records far apart are both named', () => {
    const tampered = chain.map((r) =>
      r.seq === 3 ? rehash({ ...r, prevHash: 'a'.repeat(64) }) : r.seq === 9 ? rehash({ ...r, site: 'X' }) : r,
    );
    expect(verify(tampered, head).problems.map((p) => [p.kind, p.seq])).toEqual([
      ['forged-hash', 3],
      ['forged-hash', 9],
    ]);
  });

  it('keeps reporting after the first problem, in chain order', () => {
    const tampered = chain.filter((r) => r.seq !== 3).map((r) => (r.seq === 9 ? { ...r, outcome: 'failure' } : r));
    const report = verify(tampered, head);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['removed', 3],
      ['edited', 9],
    ]);
  });
});

function swap<T>(list: T[], i: number, j: number): T[] {
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

function move<T>(list: T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}
