// Layer: transport (console view of the byte tap). Hides key material in console lines before they are kept: the
// quoted content of a %CMNG write of a private key (type 2) or PSK (type 3), and of a %CMNG read answer of those
// types, becomes `"<PSK, 32 bytes, hidden>"`. A private key PEM spans several lines: they are held back and shown as
// one masked line when the closing quote arrives. The tap itself is untouched (byte counts stay exact); only the
// text people see and download is masked. One mask per direction.
import type { AssembledLine } from './console-lines.ts';

/** `AT%CMNG=0,<tag>,<2|3>,"` (a write) and `%CMNG: <tag>,<2|3>,"<sha>","` (a read answer), up to the opening quote. */
const SECRET_START = [
  /^(AT%CMNG\s*=\s*0\s*,\s*\d+\s*,\s*([23])\s*,\s*")/i,
  /^(%CMNG:\s*\d+\s*,\s*([23])\s*,\s*"[^"]*"\s*,\s*")/i,
];
/** A final result ends a quote the board never closed (as the AT client's line splitter does). */
const ENDS_OPEN_QUOTE = /^(?:OK|ERROR|\+CME ERROR: ?\d+|\+CMS ERROR: ?\d+)$/;
/** A held secret longer than any command can be is shown (hidden) so far, and hiding goes on. */
const MAX_HELD_CHARS = 16 * 1024;

export function secretPlaceholder(type: string, chars: number): string {
  if (type === '3') return chars % 2 === 0 ? `<PSK, ${chars / 2} bytes, hidden>` : `<PSK, ${chars} characters, hidden>`;
  return `<private key, ${chars} characters, hidden>`;
}

/** One line with any %CMNG secret content masked: a typed command shown back to the user. */
export function maskSecretLine(text: string): string {
  const start = secretStart(text);
  if (!start) return text;
  const rest = text.slice(start.prefix.length);
  const close = rest.indexOf('"');
  return close < 0
    ? start.prefix + secretPlaceholder(start.type, rest.length)
    : start.prefix + secretPlaceholder(start.type, close) + rest.slice(close);
}

interface Held {
  prefix: string;
  readonly type: string;
  readonly t: number;
  chars: number;
}

function secretStart(text: string): { prefix: string; type: string } | null {
  for (const re of SECRET_START) {
    const m = re.exec(text);
    if (m) return { prefix: m[1]!, type: m[2]! };
  }
  return null;
}

export class SecretMask {
  #held: Held | null = null;

  /** The line to show for an assembled line, or none while a secret's lines are held back (in order). */
  push(line: AssembledLine): AssembledLine[] {
    const held = this.#held;
    if (held) {
      const close = line.text.indexOf('"');
      if (close < 0 && ENDS_OPEN_QUOTE.test(line.text)) {
        this.#held = null;
        return [this.#flush(held, ''), ...this.push(line)];
      }
      if (close < 0) {
        held.chars += line.text.length + 1;
        if (held.chars <= MAX_HELD_CHARS) return [];
        const shown = this.#flush(held, '');
        held.prefix = '';
        held.chars = 0;
        return [shown];
      }
      held.chars += close + 1;
      this.#held = null;
      return [this.#flush(held, line.text.slice(close))];
    }
    const start = secretStart(line.text);
    if (!start) return [line];
    const rest = line.text.slice(start.prefix.length);
    const close = rest.indexOf('"');
    if (close >= 0)
      return [{ t: line.t, text: start.prefix + secretPlaceholder(start.type, close) + rest.slice(close) }];
    this.#held = { prefix: start.prefix, type: start.type, t: line.t, chars: rest.length };
    return [];
  }

  /** What to show for text still waiting for its line end. */
  pending(text: string | null): string | null {
    if (text === null) return this.#held ? '<secret content, hidden>' : null;
    if (this.#held) return '<secret content, hidden>';
    const start = secretStart(text);
    return start ? `${start.prefix}<secret content, hidden>` : text;
  }

  #flush(held: Held, rest: string): AssembledLine {
    return { t: held.t, text: held.prefix + secretPlaceholder(held.type, held.chars) + rest };
  }
}
