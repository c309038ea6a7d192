// Layer: protocols (Zephyr shell). Turns the shell's byte stream into screen lines the way a VT100 terminal would
// show them: CR, LF and CRLF end a line (empty lines are dropped); VT100 sequences are interpreted, not kept:
// colour (SGR `ESC[...m`) only sets the line's colour, cursor left/right (`ESC[nD`, `ESC[nC`, backspace) move the
// write position inside the line, erase (`ESC[K`, `ESC[J`) cuts the line at the cursor, and anything else (save /
// restore cursor, `ESC[?25h`, `ESC 7`) is dropped. The text after the last line break is kept as `pending`: that is
// where a prompt shows (the shell prints no line break after it), so the client looks there for completion.
// Bytes are decoded as UTF-8 per line; Zephyr sends ASCII.

/** How the shell coloured a line: Zephyr prints errors in red and warnings in yellow (SHELL_ERROR / SHELL_WARNING). */
export type ShellColour = 'normal' | 'error' | 'warning';

export interface ScreenLine {
  readonly text: string;
  /** The colour of the line's first visible character (the shell colours whole messages). */
  readonly colour: ShellColour;
}

/** No shell line is anywhere near this: a longer one is garbage or a runaway answer, cut here. */
export const MAX_SHELL_LINE_CHARS = 16 * 1024;

const ESC = 0x1b;
const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;

type EscState = 'none' | 'esc' | 'csi';

/** SGR parameters -> colour: 31 (red) is an error, 33 (yellow) a warning, 0 / 39 / empty reset. */
function colourOf(params: string, current: ShellColour): ShellColour {
  let colour = current;
  for (const p of params.split(';')) {
    const n = p === '' ? 0 : Number(p);
    if (n === 0 || n === 39) colour = 'normal';
    else if (n === 31 || n === 91) colour = 'error';
    else if (n === 33 || n === 93) colour = 'warning';
    else if (n >= 30 && n <= 37) colour = 'normal';
  }
  return colour;
}

export class ShellLineSplitter {
  #chars: number[] = [];
  #cursor = 0;
  #colour: ShellColour = 'normal';
  #lineColour: ShellColour | null = null;
  #esc: EscState = 'none';
  #csi = '';
  #lastWasCr = false;
  #decoder = new TextDecoder();

  /** Feeds received bytes; returns the lines they complete, in order. */
  push(bytes: Uint8Array): ScreenLine[] {
    const out: ScreenLine[] = [];
    for (const b of bytes) {
      const wasCr = this.#lastWasCr;
      this.#lastWasCr = false;
      if (this.#esc !== 'none') {
        this.#escape(b);
        continue;
      }
      if (b === ESC) this.#esc = 'esc';
      else if (b === CR) {
        this.#emit(out);
        this.#lastWasCr = true;
      } else if (b === LF) {
        // CRLF is one line end: the CR already ended the line.
        if (!wasCr) this.#emit(out);
      } else if (b === BS) this.#cursor = Math.max(0, this.#cursor - 1);
      else if (b >= 0x20 && b !== 0x7f) this.#put(b);
      if (this.#chars.length >= MAX_SHELL_LINE_CHARS) this.#emit(out);
    }
    return out;
  }

  /** The text after the last line break, as the screen shows it (a prompt, a half-echoed command). */
  get pending(): string {
    return this.#decoder.decode(Uint8Array.from(this.#chars));
  }

  /** Forgets the partial line (the prompt was consumed) but keeps the colour state. */
  clearPending(): void {
    this.#chars = [];
    this.#cursor = 0;
    this.#lineColour = null;
  }

  reset(): void {
    this.clearPending();
    this.#colour = 'normal';
    this.#esc = 'none';
    this.#csi = '';
    this.#lastWasCr = false;
  }

  #put(b: number): void {
    this.#lineColour ??= this.#colour;
    if (this.#cursor < this.#chars.length) this.#chars[this.#cursor] = b;
    else {
      while (this.#chars.length < this.#cursor) this.#chars.push(0x20);
      this.#chars.push(b);
    }
    this.#cursor++;
  }

  #escape(b: number): void {
    if (this.#esc === 'esc') {
      // ESC [ starts a control sequence; any other ESC x (ESC 7, ESC 8, ESC c) is a two-byte command we drop.
      if (b === 0x5b) {
        this.#esc = 'csi';
        this.#csi = '';
      } else this.#esc = 'none';
      return;
    }
    // CSI: parameter and intermediate bytes 0x20..0x3f, then one final byte 0x40..0x7e.
    if (b >= 0x20 && b <= 0x3f) {
      if (this.#csi.length < 32) this.#csi += String.fromCharCode(b);
      return;
    }
    this.#esc = 'none';
    const params = this.#csi;
    const n = Math.max(1, Number.parseInt(params, 10) || 1);
    switch (String.fromCharCode(b)) {
      case 'm':
        this.#colour = colourOf(params, this.#colour);
        break;
      case 'D':
        this.#cursor = Math.max(0, this.#cursor - n);
        break;
      case 'C':
        this.#cursor += n;
        break;
      case 'K':
      case 'J':
        // Erase from the cursor (0 / empty) or the whole line (2): what is left of the line is what stays visible.
        if (params === '2') this.clearPending();
        else this.#chars.length = Math.min(this.#chars.length, this.#cursor);
        break;
      default:
        break;
    }
  }

  #emit(out: ScreenLine[]): void {
    const text = this.pending;
    const colour = this.#lineColour ?? this.#colour;
    this.clearPending();
    if (text.trim().length > 0) out.push({ text: text.replace(/\s+$/, ''), colour });
  }
}
