import { describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../audit/verify.ts';
import { buildChain } from '../../audit/test-chain.ts';
import { summarizeVerify } from './messages.ts';

describe('verify summaries', () => {
  const chain = buildChain(5);
  it('says the chain is intact and shows the head', () => {
    const v = new ChainVerifier();
    chain.forEach((r) => v.push(r));
    const s = summarizeVerify(v.finish({ seq: 5, hash: chain[4]!.hash }), 'Live audit trail');
    expect(s).toMatchObject({
      ok: true,
      firstSeq: null,
      headline: 'Live audit trail: all 5 records verified. The chain is intact.',
    });
    expect(s.details[0]).toContain(`#5, hash ${chain[4]!.hash.slice(0, 16)}`);
  });
  it('names the first tampered record and lists the others', () => {
    const v = new ChainVerifier();
    chain.forEach((r) => v.push(r.seq === 2 || r.seq === 4 ? { ...r, site: 'x' } : r));
    const s = summarizeVerify(v.finish({ seq: 5, hash: chain[4]!.hash }), 'audit.jsonl');
    expect(s).toMatchObject({ ok: false, firstSeq: 2 });
    expect(s.headline).toBe(
      'audit.jsonl: tampering found. Record #2 was edited: its content no longer matches its hash.',
    );
    expect(s.details).toEqual(['Record #4 was edited: its content no longer matches its hash.', '5 records checked.']);
  });
  it('says who signed the trail and names the first record after the last valid signature', () => {
    const v = new ChainVerifier();
    chain.forEach((r) => v.push(r));
    const report = v.finish({ seq: 5, hash: chain[4]!.hash });
    const fp = 'ab12'.repeat(16);
    const signed = summarizeVerify(
      { ...report, anchor: { station: fp, anchors: 5, signedSeq: 5, firstUnsigned: null } },
      'x',
    );
    expect(signed.details.at(-1)).toBe(
      `Signed by station key ${'ab12 '.repeat(15)}ab12 up to the last record. Compare it with the fingerprint your team wrote down.`,
    );
    const partly = summarizeVerify(
      { ...report, anchor: { station: fp, anchors: 3, signedSeq: 3, firstUnsigned: 4 } },
      'x',
    );
    expect(partly.details.at(-1)).toMatch(/up to record #3; records from #4 on are not signed\.$/);
    const never = summarizeVerify(
      { ...report, anchor: { station: null, anchors: 0, signedSeq: 0, firstUnsigned: 1 } },
      'x',
    );
    expect(never.details.at(-1)).toMatch(/^Not signed by a station key/);
  });
});
