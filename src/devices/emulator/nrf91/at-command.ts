// Layer: emulated board, command syntax. Splits one AT command line into name, form and arguments
// (`AT%CMNG=0,16842753,0,"<pem>"` -> name %CMNG, form set, args [0, 16842753, 0, quoted pem]). Pure; never throws.

export type AtForm = 'action' | 'read' | 'test' | 'set';

export interface AtArg {
  /** Text without the quotes; for a quoted argument exactly the bytes between them (latin1), CR/LF included. */
  readonly text: string;
  readonly quoted: boolean;
}

export interface AtCommand {
  /** `+CGSN`, `%CMNG` ... upper case; '' for a bare `AT`. */
  readonly name: string;
  readonly form: AtForm;
  readonly args: readonly AtArg[];
  readonly raw: string;
}

/** Null when the line is not well-formed AT syntax (no AT prefix, unterminated quote, junk after a quote). */
export function parseAtCommand(line: string): AtCommand | null {
  const raw = line.replace(/^[ \t]+|[ \t]+$/g, '');
  const m = /^AT([+%#][A-Za-z][A-Za-z0-9]*)?(\?|=\?|=)?/i.exec(raw);
  if (!m) return null;
  const name = (m[1] ?? '').toUpperCase();
  const rest = raw.slice(m[0].length);
  const marker = m[2];
  if (marker === undefined) return rest === '' ? { name, form: 'action', args: [], raw } : null;
  if (name === '') return null;
  if (marker === '?' || marker === '=?')
    return rest === '' ? { name, form: marker === '?' ? 'read' : 'test', args: [], raw } : null;
  const args = splitArgs(rest);
  return args ? { name, form: 'set', args, raw } : null;
}

function splitArgs(text: string): AtArg[] | null {
  const args: AtArg[] = [];
  let at = 0;
  for (;;) {
    while (text[at] === ' ') at++;
    if (text[at] === '"') {
      const end = text.indexOf('"', at + 1);
      if (end < 0) return null;
      args.push({ text: text.slice(at + 1, end), quoted: true });
      at = end + 1;
      while (text[at] === ' ') at++;
    } else {
      const end = text.indexOf(',', at);
      const value = (end < 0 ? text.slice(at) : text.slice(at, end)).trim();
      if (value.includes('"')) return null;
      args.push({ text: value, quoted: false });
      at = end < 0 ? text.length : end;
    }
    if (at >= text.length) return args;
    if (text[at] !== ',') return null;
    at++;
  }
}

/** A non-negative decimal integer argument (unquoted), or null. */
export function intArg(arg: AtArg | undefined, max = Number.MAX_SAFE_INTEGER): number | null {
  if (!arg || arg.quoted || !/^\d{1,16}$/.test(arg.text)) return null;
  const n = Number(arg.text);
  return n <= max ? n : null;
}

/** Whether the argument at `index` is absent or empty (`AT%CMNG=1,,` style). */
export const isAbsent = (args: readonly AtArg[], index: number): boolean =>
  index >= args.length || (!args[index]!.quoted && args[index]!.text === '');
