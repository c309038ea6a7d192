import { describe, expect, it } from 'vitest';
import { recordHash, sealRecord } from './chain.ts';
import { recordHashes } from './hash-batch.ts';
import { entry } from './test-chain.ts';
import { GENESIS_HASH, type AuditRecord } from './types.ts';

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const time = `2030-03-01T08:00:${String(seq % 60).padStart(2, '0')}.000Z`;
    const record = sealRecord(entry(seq), { seq, time, prevHash });
    out.push(record);
    prevHash = record.hash;
  }
  return out;
}

describe('recordHashes', () => {
  it('encodes text outside ASCII as UTF-8 (the buffer grows for a long record)', () => {
    const [record] = chain(1);
    const { hash: _h, ...body } = record!;
    const wide = { ...body, operator: 'Zoë 🚀 '.repeat(20_000) };
    expect(recordHashes([{ ...wide, hash: 'x' }])).toEqual([recordHash(wide)]);
  });

  it('gives each record the hash recordHash gives its body, in order', () => {
    const records = chain(40);
    const hashes = recordHashes(records);
    expect(hashes).toEqual(records.map((r) => r.hash));
    const { hash: _h, ...body } = records[7]!;
    expect(hashes[7]).toBe(recordHash(body));
  });

  it('hashes the content, not the stored hash: an edited record gets a hash that differs from its own', () => {
    const records = chain(3);
    const edited = { ...records[1]!, operator: 'Mallory' };
    const forged = { ...records[2]!, hash: 'f'.repeat(64) };
    const [a, b, c] = recordHashes([records[0], edited, forged]);
    expect(a).toBe(records[0]!.hash);
    expect(b).not.toBe(edited.hash);
    expect(c).toBe(records[2]!.hash);
  });

  it('answers null for values that are not canonicalisable records', () => {
    const good = chain(1)[0]!;
    const hashes = recordHashes([null, 'text', [1], { ...good, detail: { secTag: 1.5 } }, { seq: 1 }, good]);
    expect(hashes).toEqual([null, null, null, null, null, good.hash]);
  });
});
