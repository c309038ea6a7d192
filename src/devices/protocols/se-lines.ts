// Layer: protocols (KWSE). Bytes -> lines and lines -> answers. LF ends a line, a CR before it is dropped; a line
// longer than SE_MAX_ANSWER_CHARS is never held whole (the splitter reports it as overlong and skips to the next LF),
// so a board that streams garbage cannot grow the client's memory.
import { SE_ERROR_CODES, SE_MAX_ANSWER_CHARS, type SeErrorCode } from './se-constants.ts';

export type SeLine = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'overlong' };

export class SeLineSplitter {
  #buffer = '';
  #skipping = false;

  constructor(private readonly max = SE_MAX_ANSWER_CHARS) {}

  push(bytes: Uint8Array): SeLine[] {
    const out: SeLine[] = [];
    for (const byte of bytes) {
      if (byte === 0x0a) {
        if (!this.#skipping) out.push({ kind: 'line', text: this.#buffer.replace(/\r$/, '') });
        this.#buffer = '';
        this.#skipping = false;
      } else if (!this.#skipping) {
        this.#buffer += String.fromCharCode(byte);
        if (this.#buffer.length > this.max + 1) {
          this.#buffer = '';
          this.#skipping = true;
          out.push({ kind: 'overlong' });
        }
      }
    }
    return out;
  }
}

export type SeFields = Readonly<Record<string, string>>;

export type SeParsed =
  | { readonly kind: 'event'; readonly event: string; readonly fields: SeFields }
  | { readonly kind: 'ok'; readonly seq: number | null; readonly fields: SeFields }
  | {
      readonly kind: 'err';
      readonly seq: number | null;
      readonly code: SeErrorCode | string;
      readonly status: number;
      readonly text: string;
    };

/** `key=value` tokens; null when a token has no '=' or a key repeats. */
export function parseFields(tokens: readonly string[]): SeFields | null {
  const fields: Record<string, string> = {};
  for (const token of tokens) {
    const at = token.indexOf('=');
    if (at <= 0) return null;
    const key = token.slice(0, at);
    if (key in fields) return null;
    fields[key] = token.slice(at + 1);
  }
  return fields;
}

/** One board line; null when it is not a KWSE answer or event (noise, a boot log, an AT modem's ERROR). */
export function parseSeLine(line: string): SeParsed | null {
  const tokens = line.split(' ');
  const [head, second] = tokens;
  if (head === '*') {
    const fields = parseFields(tokens.slice(2));
    return second && /^[A-Z]+$/.test(second) && fields ? { kind: 'event', event: second, fields } : null;
  }
  if (head === undefined || !/^(\d{1,4}|\?)$/.test(head)) return null;
  const seq = head === '?' ? null : Number(head);
  if (second === 'OK') {
    const fields = parseFields(tokens.slice(2));
    return fields ? { kind: 'ok', seq, fields } : null;
  }
  if (second !== 'ERR') return null;
  const [code, status] = [tokens[2], tokens[3]];
  if (!code || !/^[A-Z]+$/.test(code) || !status || !/^[0-9A-Fa-f]{2}$/.test(status)) return null;
  return { kind: 'err', seq, code, status: parseInt(status, 16), text: tokens.slice(4).join(' ') };
}

export const isKnownSeError = (code: string): code is SeErrorCode => code in SE_ERROR_CODES;
