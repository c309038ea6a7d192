// Layer: diagnostics. The parser's fast path: which lines can be passed over, and what repeated lines said. A chunk
// of log is scanned once for the words classify() looks for (CandidateScan); a line without them, outside a
// certificate block, is only counted toward its source. Lines are remembered (SeenLines): a line read in full by its
// text in a bounded memo, and every line as a link in a chain of the lines that followed each other, so a repeated
// run of lines is recognised by one string comparison per line, without the scan, the memo's hashing or the source's
// regexes. Everything remembered is pure in the line's text.
import type { LogSource } from './timeline.ts';
import { lineSource, parseLine, type ParsedLine } from './line-format.ts';
import { classify, MAY_MATTER, type LineFact } from './classify.ts';
import { Memo } from './memo.ts';

const SEC_TAG = /sec[_ ]?tag\D{0,12}(\d{1,10})\b/i;

/** A line read in full: taken apart, the sec_tag its message names, what it says outside a certificate block. */
export interface ReadLine {
  readonly parsed: ParsedLine;
  readonly secTag: number | null;
}

export function readLine(raw: string): ReadLine {
  const parsed = parseLine(raw);
  const tag = SEC_TAG.exec(parsed.message);
  return { parsed, secTag: tag ? Number(tag[1]) : null };
}

export interface KnownLine extends ReadLine {
  /** What it says outside a certificate block (classify's answer). */
  readonly outside: LineFact;
}

/** A line as the fast path remembers it. Shared between the places the text comes back; only `next` changes. */
export interface SeenLine {
  /** The line's text (its key). */
  readonly raw: string;
  readonly source: LogSource;
  /**
   * The line read in full; null for a quiet line: no prefilter word and no ANSI escape (which can split a word), so
   * outside a certificate block it says nothing but its source.
   */
  readonly read: KnownLine | null;
  /**
   * The line that came next the last time this one was seen, if seen in this round: the next line is first compared
   * with it. Device logs repeat runs of lines in order (a debug log's handshake, every retry).
   */
  next: SeenLine | null;
  /** The round it was made in: links join lines of one round only, so what was forgotten stays forgotten. */
  readonly round: number;
}

const ESC = '\u001b';

/** Whether a line, tested on its own, may matter (the same answer as CandidateScan plus the escape check). */
export const mayMatterAlone = (raw: string): boolean => MAY_MATTER.test(raw) || raw.includes(ESC);

/**
 * What the parser remembers of one log. Bounded: at most `maxEntries` lines read in full in the memo (see Memo) and
 * `4 x maxEntries` lines made per round that it does not keep (quiet ones and ones too long for it, held only by
 * the chain); when either is reached,
 * it starts over (a new round).
 */
export class SeenLines {
  readonly facts = new Memo<LineFact>();
  readonly #lines: Memo<SeenLine>;
  readonly #unkeptBound: number;
  /** Lines made this round that the memo does not keep (quiet ones, and ones too long for it). */
  #unkept = 0;
  /** The last line seen (see SeenLine.next). */
  #last: SeenLine | null = null;

  constructor(maxEntries = 4096) {
    this.#lines = new Memo<SeenLine>(maxEntries);
    this.#unkeptBound = 4 * maxEntries;
  }

  /** The line that followed the last one last time, when `raw` is that line again; else null. */
  follow(raw: string): SeenLine | null {
    const guess = this.#last?.next;
    if (guess != null && guess.raw === raw) return (this.#last = guess);
    return null;
  }

  /** `raw`, which `follow` did not recognise, read in full (or recalled from the memo). */
  known(raw: string): SeenLine {
    if (raw.length > this.#lines.maxChars) this.#spend();
    return this.#link(this.#lines.get(raw, this.#know));
  }

  /** `raw`, which `follow` did not recognise and which the scan found quiet. */
  quiet(raw: string): SeenLine {
    this.#spend();
    return this.#link({ raw, source: lineSource(raw), read: null, next: null, round: this.#lines.rounds });
  }

  /** A line read in full, not linked (a quiet line met again inside a certificate block). */
  read(raw: string): KnownLine {
    return this.#lines.get(raw, this.#know).read!;
  }

  #know = (raw: string): SeenLine => {
    const line = readLine(raw);
    const read: KnownLine = { ...line, outside: classify(line.parsed, false, this.facts) };
    return { raw, source: line.parsed.source, read, next: null, round: this.#lines.rounds };
  };

  /** One more line made that only the chain holds: past the bound, start over. */
  #spend(): void {
    if (++this.#unkept > this.#unkeptBound) {
      this.#lines.startOver();
      this.#unkept = 1;
    }
  }

  #link(seen: SeenLine): SeenLine {
    const last = this.#last;
    const round = this.#lines.rounds;
    if (last !== null && last.round === round && seen.round === round) last.next = seen;
    return (this.#last = seen);
  }
}

/**
 * Where MAY_MATTER matches in one chunk, asked line by line in order: one regex scan over the chunk instead of one
 * test per line. MAY_MATTER has no anchors, look-arounds or classes that cross a newline (prefilter.test.ts), so a
 * match that starts inside a line is a match of that line, and a line with a match is never passed over.
 */
export class CandidateScan {
  static readonly #re = new RegExp(MAY_MATTER.source, 'gi');
  /** Where the last match found ends (test() leaves it in lastIndex; no match array is made). */
  #end = -1;
  constructor(readonly text: string) {}
  /**
   * Whether a match starts in text[from, to), where `to` is a newline or the end of the text; calls come with
   * increasing `from` (lines may be left out). A match never holds a newline, so it starts in this line exactly when
   * it ends by `to`, and one that ended before `from` belongs to an earlier line.
   */
  hit(from: number, to: number): boolean {
    if (this.#end < from) {
      const re = CandidateScan.#re;
      re.lastIndex = from;
      this.#end = re.test(this.text) ? re.lastIndex : Number.POSITIVE_INFINITY;
    }
    return this.#end <= to;
  }
}

/** CandidateScan plus ANSI escapes: whether a line of the chunk may matter, asked with increasing `from`. */
export class ChunkScan {
  readonly #scan: CandidateScan;
  /** The next escape character at or after the last line asked about (-1: none left). */
  #esc: number;
  constructor(readonly text: string) {
    this.#scan = new CandidateScan(text);
    this.#esc = text.indexOf(ESC);
  }
  mayMatter(from: number, to: number): boolean {
    let esc = this.#esc;
    if (esc !== -1 && esc < from) this.#esc = esc = this.text.indexOf(ESC, from);
    return (esc !== -1 && esc < to) || this.#scan.hit(from, to);
  }
}
