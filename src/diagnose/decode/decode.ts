// Layer: diagnostics. decode(): any number, name or log fragment -> every code it carries, each with meaning, causes,
// next checks, versions and a confidence. A bare number gets every plausible reading (ranked, ambiguity spelled
// out); a log line or a pasted log is scanned line by line with the recognizers.
import type { Decoded } from '../types.ts';
import { alertByName } from '../tables/index.ts';
import { decodeAlert } from './kinds.ts';
import { readNumber } from './numbers.ts';
import { scanLine } from './scan.ts';

/** Refuse absurd input instead of freezing the page: the log timeline handles big logs. */
export const DECODE_MAX_CHARS = 200_000;

const BARE_NUMBER = /^[+-]?(0x)?[0-9a-f]+$/i;
const BARE_ALERT = /^\[([12]):(\d{1,3})\]$/;

function decodeBare(token: string, start: number): Decoded[] | null {
  if (BARE_NUMBER.test(token)) return readNumber(token, start);
  const bracket = BARE_ALERT.exec(token);
  if (bracket) {
    const d = decodeAlert(
      Number(bracket[2]),
      { read: token, span: [start, start + token.length], form: 'alert [level:description]', confidence: 'likely' },
      Number(bracket[1]),
    );
    return d ? [d] : [];
  }
  const alert = alertByName.get(token.toLowerCase());
  if (alert) {
    const d = decodeAlert(alert.code, {
      read: token,
      span: [start, start + token.length],
      form: 'alert name',
      confidence: 'likely',
    });
    return d ? [d] : [];
  }
  return null;
}

export function decode(input: string): Decoded[] {
  const text = input.length > DECODE_MAX_CHARS ? input.slice(0, DECODE_MAX_CHARS) : input;
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const bare = decodeBare(trimmed, text.indexOf(trimmed));
  if (bare) return bare;
  const results: Decoded[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    results.push(...scanLine(line, offset, false));
    offset += line.length + 1;
  }
  return results;
}
