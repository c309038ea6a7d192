// Layer: diagnostics, report. Everything a board, a log or a user supplied goes into the report through here. In the
// HTML, the five characters that can end a text node or an attribute value become entities; in both files, control
// characters (other than tab and newline), bidi overrides and isolates, lone surrogates and U+FFFD are shown as
// visible escapes (`\x07`, `\u202E`: src/lib/board-text.ts), so a hostile board or log line can smuggle neither
// markup nor terminal junk nor text that reads backwards.
import { escapeBoardText } from '../../lib/board-text.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return escapeBoardText(String(value ?? ''), { keepLineBreaks: true }).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** JSON.stringify replacer for the report's JSON file: every string escaped as board text, line breaks kept. */
export const escapeJsonStrings = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? escapeBoardText(value, { keepLineBreaks: true }) : value;
