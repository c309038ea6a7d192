// Layer: audit trail. Checks a trail's anchors against its chain: newest first, it looks for the last signature that
// is the station's and covers the hash the chain really has at that record. That signature vouches (through the
// chain) for every record up to it; the first record after it is named. Only the signatures newer than the last
// valid one are checked with ECDSA, so verify stays fast however many heads were signed (issue 14).
import { anchorSignatureOk, importStationKey, stationIdentity, type Anchor, type StationIdentity } from './anchor.ts';
import type { ChainProblem, VerifyReport } from './verify.ts';

export interface AnchorReport {
  /** The station key's fingerprint the signatures were checked with; null when there is no key. */
  readonly station: string | null;
  /** How many signatures the trail carries. */
  readonly anchors: number;
  /** The last record covered by a valid signature (0: none). */
  readonly signedSeq: number;
  /** The first record after the last valid signature; null when every record is covered. */
  readonly firstUnsigned: number | null;
}

export interface AnchorInput {
  /** The signatures, any order; or, from a store, a count and a newest-first reader that is read only as far as needed. */
  readonly anchors: readonly Anchor[] | { readonly count: number; readonly newestFirst: () => AsyncIterable<Anchor> };
  /** The station's public key; null when the trail carries none (older exports, a trail never signed). */
  readonly station: { readonly key: string; readonly fingerprint?: string } | null;
  /** The last record of the chain (0 for an empty chain). */
  readonly lastSeq: number;
  /** The hash the chain holds for a record, or null when it has no such record. */
  readonly hashAt: (seq: number) => Promise<string | null> | string | null;
}

export async function checkAnchors(input: AnchorInput): Promise<{ report: AnchorReport; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  const { anchors, lastSeq } = input;
  let identity: StationIdentity | null = null;
  let key: CryptoKey | null = null;
  if (input.station) {
    key = await importStationKey(input.station.key);
    identity = key ? await stationIdentity(key) : null;
    if (!key || !identity) {
      problems.push({
        kind: 'unanchored',
        seq: 1,
        message: 'The station key carried with the trail is not a P-256 key.',
      });
    } else if (input.station.fingerprint !== undefined && input.station.fingerprint !== identity.fingerprint) {
      problems.push({
        kind: 'unanchored',
        seq: 1,
        message: 'The station fingerprint given with the trail is not the fingerprint of its key.',
      });
    }
  }
  const [count, newestFirst]: [number, Iterable<Anchor> | AsyncIterable<Anchor>] = Array.isArray(anchors)
    ? [anchors.length, [...(anchors as readonly Anchor[])].sort((a, b) => b.seq - a.seq)]
    : [(anchors as { count: number }).count, (anchors as { newestFirst: () => AsyncIterable<Anchor> }).newestFirst()];
  let signedSeq = 0;
  let failed: { anchor: Anchor; why: string } | null = null;
  let failures = 0;
  for await (const anchor of newestFirst) {
    let why: string | null = null;
    if (!key) why = 'there is no station key to check it with';
    else if (anchor.seq > lastSeq) why = `the chain has no record #${anchor.seq}`;
    else if ((await input.hashAt(anchor.seq)) !== anchor.hash)
      why = `record #${anchor.seq} no longer has the hash it signed`;
    else if (!(await anchorSignatureOk(key, anchor))) why = "it is not this station's signature";
    if (why === null) {
      signedSeq = anchor.seq;
      break;
    }
    failures += 1;
    failed ??= { anchor, why };
  }
  const firstUnsigned = signedSeq < lastSeq ? signedSeq + 1 : null;
  if (failed) {
    const others = failures > 1 ? ` (and ${failures - 1} more signature(s) after the last valid one)` : '';
    const from = signedSeq === 0 ? 'No record is' : `Records after #${signedSeq} are not`;
    problems.push({
      kind: 'unanchored',
      seq: signedSeq + 1,
      message:
        `${from} covered by a valid station signature: the signature over ` +
        `#${failed.anchor.seq} fails because ${failed.why}${others}. Records from #${signedSeq + 1} on were ` +
        'rewritten and re-hashed, or the signatures were forged.',
    });
  }
  return {
    report: { station: identity?.fingerprint ?? null, anchors: count, signedSeq, firstUnsigned },
    problems,
  };
}

/** The chain report with the anchor check added: its problems first in line after the chain's own. */
export function withAnchors(
  report: VerifyReport,
  checked: { report: AnchorReport; problems: ChainProblem[] },
): VerifyReport {
  const problems = [...report.problems, ...checked.problems];
  return {
    ...report,
    ok: report.ok && checked.problems.length === 0,
    problems,
    problemCount: report.problemCount + checked.problems.length,
    anchor: checked.report,
  };
}
