// Layer: transport (console view of the byte tap). Hides key material in console lines before they are kept, by the
// rules of the board families (`FamilyProfile.console.secretLines`, e.g. the nRF91 adapter's: the quoted content of
// a write or read answer of a private key or PSK becomes `"<PSK, 32 bytes, hidden>"`). A private key PEM spans
// several lines: they are held back and shown as one masked line when the closing quote arrives. The tap itself is
// untouched (byte counts stay exact); only the text people see and download is masked. One mask per direction.
import type { SecretLineRule } from '../family-profile.ts';
import type { AssembledLine } from './console-lines.ts';

/** A final result ends a quote the board never closed (as the AT client's line splitter does). */
const ENDS_OPEN_QUOTE = /^(?:OK|ERROR|\+CME ERROR: ?\d+|\+CMS ERROR: ?\d+)$/;
/** A held secret longer than any command can be is shown (hidden) so far, and hiding goes on. */
const MAX_HELD_CHARS = 16 * 1024;

/** One line with any secret content masked by `rules`: a typed command shown back to the user. */
export function maskSecretLine(text: string, rules: readonly SecretLineRule[]): string {
  const start = secretStart(text, rules);
  if (!start) return text;
  const rest = text.slice(start.prefix.length);
  const close = rest.indexOf('"');
  return close < 0
    ? start.prefix + start.rule.placeholder(start.type, rest.length)
    : start.prefix + start.rule.placeholder(start.type, close) + rest.slice(close);
}

interface Held {
  prefix: string;
  readonly type: string;
  readonly rule: SecretLineRule;
  readonly t: number;
  chars: number;
}

function secretStart(
  text: string,
  rules: readonly SecretLineRule[],
): { prefix: string; type: string; rule: SecretLineRule } | null {
  for (const rule of rules) {
    const m = rule.start.exec(text);
    if (m) return { prefix: m[1]!, type: m[2]!, rule };
  }
  return null;
}

export class SecretMask {
  #held: Held | null = null;
  readonly #rules: readonly SecretLineRule[];

  constructor(rules: readonly SecretLineRule[]) {
    this.#rules = rules;
  }

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
    const start = secretStart(line.text, this.#rules);
    if (!start) return [line];
    const rest = line.text.slice(start.prefix.length);
    const close = rest.indexOf('"');
    if (close >= 0)
      return [{ t: line.t, text: start.prefix + start.rule.placeholder(start.type, close) + rest.slice(close) }];
    this.#held = { prefix: start.prefix, type: start.type, rule: start.rule, t: line.t, chars: rest.length };
    return [];
  }

  /** What to show for text still waiting for its line end. */
  pending(text: string | null): string | null {
    if (text === null) return this.#held ? '<secret content, hidden>' : null;
    if (this.#held) return '<secret content, hidden>';
    const start = secretStart(text, this.#rules);
    return start ? `${start.prefix}<secret content, hidden>` : text;
  }

  #flush(held: Held, rest: string): AssembledLine {
    return { t: held.t, text: held.prefix + held.rule.placeholder(held.type, held.chars) + rest };
  }
}
