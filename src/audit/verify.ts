// Layer: audit trail. The chain verifier: a pure state machine fed records in chain order (store key order, or file
// line order) that names the first record edited, removed, reordered, duplicated, truncated or re-hashed. It checks
// integrity only (seq, prevHash, hash over the canonical body), so records from newer schema versions verify too.
// Every link is checked; a broken link is blamed only once the next one is known: a re-hashed record breaks the link
// after it, a record rewritten with a changed prevHash and re-hashed breaks both of its links.
import { tryRecordHash } from './chain.ts';
import { GENESIS_HASH } from './types.ts';
import type { AnchorReport } from './anchor-check.ts';

export type TamperKind =
  | 'edited'
  | 'removed'
  | 'reordered'
  | 'duplicated'
  | 'truncated'
  | 'forged-hash'
  | 'malformed'
  /** No valid station signature covers the records from `seq` on (anchor-check.ts). */
  | 'unanchored';

export interface ChainProblem {
  kind: TamperKind;
  /** The first record concerned; null when it cannot be told (an unparseable line between unknown neighbours). */
  seq: number | null;
  /** 1-based line in an imported file. */
  readonly line?: number;
  message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** Hash of the last record: compare it with an earlier export's to anchor the chain outside this browser. */
  readonly headHash: string | null;
  /** The first problems in chain order (at most MAX_PROBLEMS); problemCount counts them all. */
  readonly problems: readonly ChainProblem[];
  readonly problemCount: number;
  /** The station signatures, when checked (anchor-check.ts): who signed, and up to which record. */
  readonly anchor?: AnchorReport;
}

/** Where the chain should end: the store's head record or an export's end marker; 'missing' when a file has none. */
export type ChainAnchor = { readonly seq: number; readonly hash: string; readonly records?: number } | 'missing';

interface Prev {
  readonly seq: number;
  readonly hash: string;
  /** Its content matches its hash (else it was reported as edited or moved, and its links say nothing more). */
  readonly selfOk: boolean;
  /** Its link from record #brokenFrom is broken: who is to blame depends on its link to the next record. */
  readonly brokenFrom: number | null;
  /** Already reported as not starting the chain: a broken link after it is part of that rewrite. */
  readonly blamed: boolean;
}

interface Item {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** The record as fed, `hash` included: its body (bodyOf) is only needed when its hash is to be computed here. */
  readonly value: Record<string, unknown>;
  readonly line?: number;
  /** The hash its content should have, when the caller computed it already (hash-batch.ts). */
  readonly selfHash?: string | null;
}

const MAX_PROBLEMS = 100;
/** How far from its position a moved record is looked for (only when its hash fails). */
const MOVE_WINDOW = 16;

export class ChainVerifier {
  #problems: ChainProblem[] = [];
  #problemCount = 0;
  #checked = 0;
  #expected = 1;
  #prev: Prev | null = null;
  #first: number | null = null;
  #pending: Item | null = null;
  #displaced = new Map<number, Item>();
  #gaps: { from: number; to: number; missing: number; problem: ChainProblem }[] = [];
  #malformed: ChainProblem[] = [];
  #moved = new Set<number>();

  /**
   * Feeds one parsed value (a JSON object from a line, or a stored record). `selfHash`: the hash its content
   * should have, when computed ahead in a batch (`recordHashes`); else it is computed here.
   */
  push(value: unknown, line?: number, selfHash?: string | null): void {
    const item = toItem(value, line, selfHash);
    if (!item) return this.pushMalformed({ line }, 'not a KeyWire audit record');
    if (this.#pending) this.#process(this.#pending, item);
    this.#pending = item;
  }

  /** A value that is not a record at all: an unparseable line, or a stored value of the wrong shape. */
  pushMalformed(where: { line?: number; seq?: number }, reason: string): void {
    if (this.#pending) this.#process(this.#pending, null);
    this.#pending = null;
    const what = where.line !== undefined ? `Line ${where.line}` : `Stored record #${where.seq ?? '?'}`;
    const problem: ChainProblem = {
      kind: 'malformed',
      seq: where.seq ?? null,
      line: where.line,
      message: `${what} is ${reason}.`,
    };
    this.#malformed.push(problem);
    this.#report(problem);
  }

  finish(anchor: ChainAnchor | null): VerifyReport {
    if (this.#pending) this.#process(this.#pending, null);
    this.#pending = null;
    for (const item of [...this.#displaced.values()].sort((a, b) => a.seq - b.seq)) this.#handle(item, true);
    this.#displaced.clear();
    const last = this.#prev;
    const lastSeq = last?.seq ?? 0;
    const headBroken =
      !!anchor && anchor !== 'missing' && !!last && anchor.seq === lastSeq && anchor.hash !== last.hash;
    // A last record whose incoming link is broken and whose hash the head does not know was itself rewritten: the
    // head report below names it. Otherwise the record before it was re-hashed.
    if (!headBroken) this.#resolve(last, true);
    if (anchor === 'missing') {
      this.#report({
        kind: 'truncated',
        seq: lastSeq + 1,
        message: `The file has no end marker after record #${lastSeq}: it was cut short, or is not a complete export.`,
      });
    } else if (anchor && anchor.seq > lastSeq) {
      const range = anchor.seq === lastSeq + 1 ? `#${anchor.seq}` : `#${lastSeq + 1} to #${anchor.seq}`;
      this.#report({ kind: 'truncated', seq: lastSeq + 1, message: `Record ${range} missing from the end.` });
    } else if (headBroken) {
      this.#report({
        kind: 'forged-hash',
        seq: lastSeq,
        message: `Record #${lastSeq} was rewritten and re-hashed: the chain head recorded a different hash.`,
      });
    } else if (anchor && anchor.seq < lastSeq) {
      this.#report({
        kind: 'edited',
        seq: anchor.seq + 1,
        message: `The chain head says the last record is #${anchor.seq}, but records go on to #${lastSeq}.`,
      });
    }
    return {
      ok: this.#problemCount === 0,
      checked: this.#checked,
      firstSeq: this.#first,
      lastSeq: last?.seq ?? null,
      headHash: last?.hash ?? null,
      problems: this.#problems,
      problemCount: this.#problemCount,
    };
  }

  /** A problem found outside the chain's own checks (a sealed block under the wrong key: verify-run.ts). */
  report(problem: ChainProblem): void {
    this.#report(problem);
  }

  #report(problem: ChainProblem): void {
    this.#problemCount += 1;
    if (this.#problems.length < MAX_PROBLEMS) this.#problems.push(problem);
  }

  #drain(): void {
    for (let next = this.#displaced.get(this.#expected); next; next = this.#displaced.get(this.#expected)) {
      this.#displaced.delete(next.seq);
      this.#handle(next, false);
    }
  }

  #process(item: Item, next: Item | null): void {
    this.#checked += 1;
    this.#first ??= item.seq;
    this.#drain();
    const expected = this.#expected;
    if (item.seq === expected) {
      this.#handle(item, false);
      this.#drain();
    } else if (item.seq > expected && this.#malformed.length === item.seq - expected) {
      // The unparseable lines since the last good record stand in for exactly the missing seqs.
      this.#malformed.forEach((p, i) => (p.seq = expected + i));
      this.#handle(item, true);
    } else if (item.seq > expected && next?.seq === expected) {
      this.#report({
        kind: 'reordered',
        seq: item.seq,
        line: item.line,
        message: `Record #${item.seq} appears before record #${expected}: records were reordered.`,
      });
      this.#displaced.set(item.seq, item);
    } else if (item.seq > expected) {
      const count = item.seq - expected;
      const problem: ChainProblem = {
        kind: 'removed',
        seq: expected,
        line: item.line,
        message:
          count === 1
            ? `Record #${expected} was removed.`
            : `Records #${expected} to #${item.seq - 1} (${count}) were removed.`,
      };
      this.#report(problem);
      this.#gaps.push({ from: expected, to: item.seq - 1, missing: count, problem });
      this.#handle(item, true);
    } else {
      this.#late(item);
    }
    this.#malformed = [];
  }

  /** A record whose seq is behind the chain: part of a gap we reported (so it moved, not vanished) or a duplicate. */
  #late(item: Item): void {
    const gap = this.#gaps.find((g) => item.seq >= g.from && item.seq <= g.to);
    if (!gap) {
      this.#report({
        kind: 'duplicated',
        seq: item.seq,
        line: item.line,
        message: `Record #${item.seq} appears twice.`,
      });
      return;
    }
    gap.missing -= 1;
    if (gap.missing === 0) {
      const span = gap.from === gap.to ? `Record #${gap.from} was` : `Records #${gap.from} to #${gap.to} were`;
      gap.problem.kind = 'reordered';
      gap.problem.message = `${span} moved further down: records were reordered.`;
    }
    if (contentHash(item) !== item.hash) {
      this.#report({ kind: 'edited', seq: item.seq, line: item.line, message: editedMessage(item.seq) });
    }
  }

  /** Blames the broken link into `prev` on the record before it, unless `nextLinkOk` says prev broke both links. */
  #resolve(prev: Prev | null, nextLinkOk: boolean): void {
    if (!prev || prev.brokenFrom === null) return;
    const [seq, message] = nextLinkOk
      ? [
          prev.brokenFrom,
          `Record #${prev.brokenFrom} was rewritten and re-hashed: record #${prev.seq} was chained to a different hash.`,
        ]
      : [
          prev.seq,
          `Record #${prev.seq} was rewritten with another link and re-hashed: it is chained neither to record ` +
            `#${prev.brokenFrom} nor to record #${prev.seq + 1}.`,
        ];
    this.#report({ kind: 'forged-hash', seq, message });
  }

  #handle(item: Item, reanchor: boolean): void {
    const selfOk = contentHash(item) === item.hash;
    const prev = this.#prev;
    let brokenFrom: number | null = null;
    let blamed = false;
    if (!selfOk) {
      this.#resolve(prev, true);
      const origin = movedFrom(item);
      if (origin === null) {
        this.#report({ kind: 'edited', seq: item.seq, line: item.line, message: editedMessage(item.seq) });
      } else if (!this.#moved.has(item.seq)) {
        this.#moved.add(origin);
        this.#report({
          kind: 'reordered',
          seq: item.seq,
          line: item.line,
          message: `The record stored as #${item.seq} is record #${origin} moved out of place: records were reordered.`,
        });
      }
    } else if (!reanchor && prev?.selfOk) {
      const linkOk = item.prevHash === prev.hash;
      this.#resolve(prev, linkOk);
      // A link into a record that broke both of its links was already blamed on that record.
      if (!linkOk && prev.brokenFrom === null && !prev.blamed) brokenFrom = prev.seq;
    } else {
      this.#resolve(prev, true);
      if (!reanchor && !prev && item.seq === 1 && item.prevHash !== GENESIS_HASH) {
        blamed = true;
        this.#report({ kind: 'edited', seq: 1, line: item.line, message: 'Record #1 does not start the chain.' });
      }
    }
    this.#prev = { seq: item.seq, hash: item.hash, selfOk, brokenFrom, blamed };
    this.#expected = item.seq + 1;
  }
}

const contentHash = (item: Item): string | null =>
  item.selfHash !== undefined ? item.selfHash : tryRecordHash(bodyOf(item));

/** Everything but `hash`. */
function bodyOf(item: Item): Record<string, unknown> {
  const { hash: _hash, ...body } = item.value;
  return body;
}

const editedMessage = (seq: number) => `Record #${seq} was edited: its content no longer matches its hash.`;

/** For a record whose hash fails: the nearby seq under which its content hashes correctly (a moved record). */
function movedFrom(item: Item): number | null {
  for (let d = 1; d <= MOVE_WINDOW; d++) {
    for (const seq of [item.seq - d, item.seq + d]) {
      if (seq >= 1 && tryRecordHash({ ...bodyOf(item), seq }) === item.hash) return seq;
    }
  }
  return null;
}

function toItem(value: unknown, line?: number, selfHash?: string | null): Item | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const { seq, prevHash, hash } = record;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof prevHash !== 'string' || typeof hash !== 'string') return null;
  return selfHash === undefined
    ? { seq, prevHash, hash, value: record, line }
    : { seq, prevHash, hash, value: record, line, selfHash };
}
