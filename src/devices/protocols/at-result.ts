// Layer: protocols (AT). The grammar of AT answer lines as one table: which lines are final results, how parameters
// split (commas outside quotes), how a command names its answer prefix. Pure functions, no state.
import type { FinalResult } from '../errors.ts';

export type AtFinal = { readonly kind: 'ok' } | FinalResult;

// Error codes are small integers (3GPP TS 27.007 §9.2, 27.005 §3.2.5); nine digits at most keeps the code exact, so
// a board's endless digits are not read as a final result whose code prints as "Infinity" (fuzz finding).
const FINAL = /^(?:(OK)|(ERROR)|\+(CME|CMS) ERROR:\s*(\d{1,9}))$/;

/** The final result a line is, or null for information and unsolicited lines. Surrounding spaces are tolerated. */
export function parseFinal(line: string): AtFinal | null {
  const m = FINAL.exec(line.trim());
  if (!m) return null;
  if (m[1]) return { kind: 'ok' };
  if (m[2]) return { kind: 'error' };
  return { kind: m[3] === 'CME' ? 'cme' : 'cms', code: Number(m[4]) };
}

/**
 * The final result a line most likely was before one byte of it was lost or changed on the wire (`K`, `O`, `0K`,
 * `ERRR`, `ERROR` with one letter changed), or null. Only OK and ERROR are recognised: a damaged `+CME ERROR: <n>`
 * cannot be told from other text, and waits out the command's time limit. The client ends the command at once with
 * such a line instead of waiting for a final result that already came and went.
 */
export function damagedFinal(line: string): 'OK' | 'ERROR' | null {
  const text = line.trim();
  if (parseFinal(text) !== null) return null;
  for (const final of ['OK', 'ERROR'] as const) if (oneByteFrom(text, final)) return final;
  return null;
}

/** `text` is `word` with one character dropped or changed (characters, not bytes: a changed byte may decode as U+FFFD). */
function oneByteFrom(text: string, word: string): boolean {
  if (text.length === word.length - 1) {
    for (let i = 0; i < word.length; i++) if (word.slice(0, i) + word.slice(i + 1) === text) return true;
    return false;
  }
  if (text.length !== word.length) return false;
  let changed = 0;
  for (let i = 0; i < word.length; i++) if (text[i] !== word[i]) changed++;
  return changed === 1;
}

export function describeFinal(final: AtFinal): string {
  switch (final.kind) {
    case 'ok':
      return 'OK';
    case 'error':
      return 'ERROR';
    case 'cme':
      return `+CME ERROR: ${final.code}`;
    case 'cms':
      return `+CMS ERROR: ${final.code}`;
  }
}

/** Splits parameters on commas outside double quotes; unquoted parameters are trimmed, quoted ones kept whole. */
export function splitParams(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x2c && !quoted) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** `"abc"` -> `abc`; anything not wrapped in quotes is returned as is. */
export function unquote(param: string): string {
  return param.length >= 2 && param.startsWith('"') && param.endsWith('"') ? param.slice(1, -1) : param;
}

export interface InfoLine {
  /** `+CGSN`, `+CGMI` ... */
  readonly prefix: string;
  /** The text after `<prefix>:`, untouched. */
  readonly body: string;
  /** Parameters split outside quotes (still quoted: use unquote()). */
  readonly params: string[];
}

const INFO = /^([+%][A-Z0-9_]+):[ \t]*([\s\S]*)$/;

/** `+CGSN: 1,"3526.."` -> prefix, body and parameters; null for a line without a `+X:`/`%X:` prefix. */
export function parseInfoLine(line: string): InfoLine | null {
  const m = INFO.exec(line);
  if (!m) return null;
  return { prefix: m[1]!, body: m[2]!, params: splitParams(m[2]!) };
}

/** The answer prefix a command's information lines carry: `AT+CGSN=1` -> `+CGSN`, `AT+CCLK?` -> `+CCLK`. */
export function commandPrefix(command: string): string | null {
  const m = /^AT([+%][A-Z0-9_]+)/i.exec(command.trim());
  return m ? m[1]!.toUpperCase() : null;
}
