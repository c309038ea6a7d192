// Layer: transport (console view of the byte tap). Turns tapped chunks into console lines: one assembler per
// direction, CR, LF and CRLF each end a line (a CRLF split across chunks counts once), empty lines are skipped, and
// everything outside printable ASCII is shown escaped (\r, \n, \t, \xNN; a backslash as \\) so nothing is hidden.

export type LineDirection = 'rx' | 'tx' | 'note';

export interface ConsoleLine {
  /** Increasing id, stable for the life of the log (keys for a list view). */
  readonly id: number;
  /** When the line's first byte crossed the port, ms since the epoch. */
  readonly t: number;
  readonly dir: LineDirection;
  readonly text: string;
}

/** A line longer than this is cut and continued on the next, so one runaway line cannot swamp the view. */
export const MAX_LINE_CHARS = 16 * 1024;

export function escapeByte(b: number): string {
  if (b === 0x5c) return '\\\\';
  if (b >= 0x20 && b <= 0x7e) return String.fromCharCode(b);
  if (b === 0x09) return '\\t';
  if (b === 0x0d) return '\\r';
  if (b === 0x0a) return '\\n';
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += escapeByte(b);
  return out;
}

export interface AssembledLine {
  readonly t: number;
  readonly text: string;
}

export class LineAssembler {
  #text = '';
  #t = 0;
  #afterCr = false;

  /** Feeds one chunk; returns the lines it completed. */
  push(t: number, bytes: Uint8Array): AssembledLine[] {
    const out: AssembledLine[] = [];
    for (const b of bytes) {
      if (b === 0x0a && this.#afterCr) {
        this.#afterCr = false;
        continue;
      }
      this.#afterCr = b === 0x0d;
      if (b === 0x0d || b === 0x0a) {
        this.#flush(out);
        continue;
      }
      if (this.#text === '') this.#t = t;
      this.#text += escapeByte(b);
      if (this.#text.length >= MAX_LINE_CHARS) this.#flush(out);
    }
    return out;
  }

  /** The unterminated text so far (a prompt, a line still arriving), or null. */
  get pending(): AssembledLine | null {
    return this.#text === '' ? null : { t: this.#t, text: this.#text };
  }

  #flush(out: AssembledLine[]): void {
    if (this.#text !== '') out.push({ t: this.#t, text: this.#text });
    this.#text = '';
  }
}
