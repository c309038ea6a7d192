// Layer: basics. Text a board sent, made safe to show, print and store: every character that could hide, reorder
// or fake what a reader sees is shown as a visible escape instead. C0 controls, DEL and C1 controls become `\xNN`
// (NUL is `\x00`); bidirectional overrides, embeddings, isolates and marks (U+202A-202E, U+2066-2069, U+200E/F,
// U+061C), lone surrogates and U+FFFD (what invalid UTF-8 decodes to) become `\uXXXX`. Everything else, ordinary
// Unicode included, is left as it is. A backslash is not escaped, so escaping twice changes nothing (each layer
// may apply it again); a board that sends a literal `\x00` shows the same text, which is as visible.

/** Characters shown escaped: C0, DEL, C1, bidi controls and marks, lone surrogates, U+FFFD. */
// eslint-disable-next-line no-control-regex
const HIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const HIDDEN_KEEP_LINES =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, '0');

/** The visible escape of one hidden character: `\x00`, `\x9B`, `\u202E`, `\uD800`. */
export function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0x9f ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

export interface BoardTextOptions {
  /** Keep line feeds and tabs (multi-line text such as a log); CR is still escaped. Default false. */
  readonly keepLineBreaks?: boolean;
}

/** Board text with every control, bidi, lone-surrogate and U+FFFD character shown escaped; the rest untouched. */
export function escapeBoardText(text: string, { keepLineBreaks = false }: BoardTextOptions = {}): string {
  return String(text).replace(keepLineBreaks ? HIDDEN_KEEP_LINES : HIDDEN, escapeChar);
}

/** Board text for one field (an identity row, a label line): escaped as above and cut to `max` characters, never
 * inside an escape, with `…` marking the cut. */
export function boardField(text: string, max = 120): string {
  const escaped = escapeBoardText(text);
  if (escaped.length <= max) return escaped;
  let end = max - 1;
  // Do not cut an escape (`\x00` is 4, `\u202E` 6 characters) or a surrogate pair in two.
  const tail = escaped.slice(Math.max(0, end - 5), end);
  const at = tail.lastIndexOf('\\');
  if (at >= 0 && /^\\(|x[0-9A-F]?|u[0-9A-F]{0,3})$/.test(tail.slice(at))) end -= tail.length - at;
  const code = escaped.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${escaped.slice(0, end)}…`;
}
