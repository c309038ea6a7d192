// Layer: nRF91 adapter, the %CMNG wire format. Builds the four commands and parses the list/read lines
// (`%CMNG: <sec_tag>,<type>[,"<sha>"[,"<content>"]]`, lenient about spaces), and checks content before it is sent:
// the command limit, quotes (a `"` cannot be carried inside an AT string), and line endings.
import { utf8 } from '../../../lib/bytes.ts';
import { parseInfoLine, unquote } from '../../protocols/at-result.ts';
import { MAX_SEC_TAG } from './credential-types.ts';

export const NRF91_MAX_COMMAND_CHARS = 4096;

export interface CmngEntry {
  readonly secTag: number;
  readonly type: number;
  /** Uppercase hex, when the line carries it. */
  readonly sha256?: string;
  readonly content?: string;
}

/** Whether an information line is a %CMNG answer at all (well-formed or not). */
export const isCmngLine = (line: string): boolean => parseInfoLine(line)?.prefix === '%CMNG';

export function parseCmngLine(line: string): CmngEntry | null {
  const info = parseInfoLine(line);
  if (info?.prefix !== '%CMNG') return null;
  const [tag, type, sha, content] = info.params;
  const secTag = Number(tag);
  const typeNo = Number(type);
  if (!/^\d+$/.test(tag ?? '') || !/^\d+$/.test(type ?? '') || secTag > MAX_SEC_TAG) return null;
  const hash = sha === undefined ? undefined : unquote(sha).toUpperCase();
  if (hash !== undefined && !/^[0-9A-F]{64}$/.test(hash)) return null;
  return {
    secTag,
    type: typeNo,
    ...(hash ? { sha256: hash } : {}),
    ...(content !== undefined ? { content: unquote(content) } : {}),
  };
}

export const cmngList = (secTag?: number, type?: number) =>
  `AT%CMNG=1${secTag === undefined ? '' : `,${secTag}${type === undefined ? '' : `,${type}`}`}`;
export const cmngRead = (secTag: number, type: number) => `AT%CMNG=2,${secTag},${type}`;
export const cmngDelete = (secTag: number, type: number) => `AT%CMNG=3,${secTag},${type}`;
export const cmngWrite = (secTag: number, type: number, content: string) => `AT%CMNG=0,${secTag},${type},"${content}"`;

/** Length the modem's AT buffer sees: bytes, terminator excluded. */
export const commandBytes = (command: string) => utf8(command).length;

/** PEM content with CRLF or lone CR turned into LF (what the modem hashes and accepts). */
export function normalizePem(content: string): { text: string; changed: boolean } {
  const text = content.replace(/\r\n?/g, '\n');
  return { text, changed: text !== content };
}
