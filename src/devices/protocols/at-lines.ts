// Layer: protocols (AT). Splits the received byte stream into AT lines. CR, LF and CRLF all end a line outside
// double quotes; inside quotes they are content (a modem echoes PEM inside a quoted answer parameter). Empty lines are
// dropped. A lost or spurious quote would otherwise swallow every later line, so inside quotes a line that is
// exactly a final result (OK, ERROR, +CME/+CMS ERROR) ends the quoted line early: the command still completes.
// Lines are decoded as UTF-8; bytes are kept exact for ASCII, which is all the modem sends.
import { parseFinal } from './at-result.ts';

/** A line longer than this is cut: no AT answer is anywhere near it, so it is garbage or a runaway quote. */
export const MAX_AT_LINE_BYTES = 64 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

export class AtLineSplitter {
  #buf = new Uint8Array(256);
  #len = 0;
  #quoted = false;
  /** Inside quotes: where the text after the last line break starts. */
  #segment = 0;
  #decoder = new TextDecoder();

  push(bytes: Uint8Array): string[] {
    const out: string[] = [];
    for (const b of bytes) {
      if (b === CR || b === LF) {
        if (!this.#quoted) this.#emit(out, this.#len);
        else if (!this.#recoverUnclosedQuote(out)) {
          this.#append(b);
          this.#segment = this.#len;
        }
        continue;
      }
      if (b === QUOTE) this.#quoted = !this.#quoted;
      this.#append(b);
      if (this.#len >= MAX_AT_LINE_BYTES) this.#emit(out, this.#len);
    }
    return out;
  }

  /** True while a quoted string is open (a multi-line answer is arriving). */
  get inQuotes(): boolean {
    return this.#quoted;
  }

  reset(): void {
    this.#len = 0;
    this.#quoted = false;
    this.#segment = 0;
  }

  /** At a line break inside quotes: if the text since the previous break is a final result, split it off. */
  #recoverUnclosedQuote(out: string[]): boolean {
    if (this.#segment === 0) return false;
    const segment = this.#decoder.decode(this.#buf.subarray(this.#segment, this.#len));
    if (parseFinal(segment) === null) return false;
    // The quote never closed: what came before the segment is one (broken) line, the segment is the final result.
    let end = this.#segment;
    while (end > 0 && (this.#buf[end - 1] === CR || this.#buf[end - 1] === LF)) end--;
    const head = this.#decoder.decode(this.#buf.subarray(0, end));
    if (head) out.push(head);
    out.push(segment);
    this.reset();
    return true;
  }

  #emit(out: string[], end: number): void {
    if (end > 0) out.push(this.#decoder.decode(this.#buf.subarray(0, end)));
    this.reset();
  }

  #append(b: number): void {
    if (this.#len === this.#buf.length) {
      const grown = new Uint8Array(this.#buf.length * 2);
      grown.set(this.#buf);
      this.#buf = grown;
    }
    this.#buf[this.#len++] = b;
  }
}
