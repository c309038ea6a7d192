// Layer: diagnostics. STSAFE-A middleware status codes in the forms firmware prints them: the `STSAFEA_…` name, a
// number after `status_code` with ST's words in parentheses (`status_code: 2 (Inconsistent Cmd Data)`), ST's example
// style `StatusCode UpdateZone=0x2`, or a bare `status_code` number on a line that says STSAFE. A number alone is
// never read as STSAFE: the small values collide with errno and alerts.
import type { DecodedStsafe } from '../types.ts';
import { stsafeByCode, stsafeByName, type StsafeRow } from '../tables/index.ts';
import type { ReadMeta } from './meta.ts';
import type { Recognizer } from './recognizers.ts';

const VERSIONS = 'ST STSAFE-A1xx middleware (StSafeA_ResponseCode_t, stsafea_types.h)';
const HOST_SIDE = new Set([0x01, 0x30, 0x31, 0x32]);

const hex2 = (code: number) => `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
/** "Inconsistent Cmd Data" and STSAFEA_INCONSISTENT_COMMAND_DATA compare equal. */
const normal = (words: string) =>
  words
    .toLowerCase()
    .replace(/^stsafea_/, '')
    .replace(/\bcmd\b/g, 'command')
    .replace(/\bresp\b/g, 'response')
    .replace(/[^a-z]/g, '');

function decodeRow(row: StsafeRow, meta: ReadMeta): DecodedStsafe {
  return {
    kind: 'stsafe',
    ...meta,
    canonical: `${row.name} (${hex2(row.code)})`,
    name: row.name,
    meaning: row.meaning,
    causes: row.causes,
    checks: row.checks,
    versions: `${VERSIONS}; ${HOST_SIDE.has(row.code) ? 'raised by the middleware on the host' : 'answered by the chip'}`,
    code: row.code,
  };
}

export function decodeStsafe(code: number, meta: ReadMeta, words?: string): DecodedStsafe | null {
  const row = stsafeByCode.get(code);
  if (!row) return null;
  if (words !== undefined && normal(words) !== normal(row.words) && normal(words) !== normal(row.name)) {
    return decodeRow(row, {
      ...meta,
      confidence: 'possible',
      ambiguity: `The words "${words}" are not ST's for ${row.name} ("${row.words}"): the number may come from another library.`,
    });
  }
  return decodeRow(row, meta);
}

type Meta = (m: RegExpExecArray, span: readonly [number, number], form: string) => ReadMeta;
const value = (prefix: string | undefined, digits: string) => Number.parseInt(digits, prefix ? 16 : 10);
const one = (d: DecodedStsafe | null) => (d ? [d] : []);

export function stsafeRecognizers(meta: Meta): Recognizer[] {
  return [
    {
      id: 'stsafe-name',
      annotate: true,
      pattern: /\bSTSAFEA_[A-Z_]{2,}\b/g,
      decode: (m, at) => {
        const row = stsafeByName.get(m[0]);
        return row ? [decodeRow(row, meta(m, at(0), 'STSAFE-A middleware name'))] : [];
      },
    },
    {
      id: 'stsafe-status-words',
      annotate: true,
      pattern: /\bstatus[_ ]?code\s*[:=]\s*(0x)?([0-9a-fA-F]{1,2})\s*\(([A-Za-z][A-Za-z ]{2,40})\)/gi,
      decode: (m, at) =>
        one(decodeStsafe(value(m[1], m[2]!), meta(m, at(0), 'STSAFE-A status code with its words'), m[3]!.trim())),
    },
    {
      id: 'stsafe-statuscode-st-example',
      annotate: true,
      pattern: /\bStatusCode\b[ \w]{0,30}[:=]\s*(0x)?([0-9a-fA-F]{1,2})\b/g,
      decode: (m, at) =>
        one(decodeStsafe(value(m[1], m[2]!), meta(m, at(0), 'STSAFE-A StatusCode (ST example style)'))),
    },
    {
      id: 'stsafe-status-in-context',
      annotate: true,
      // The look-behind is bounded: an unbounded `.*` there is tried at every position of a long line (quadratic;
      // a fuzz finding: 65 kB took 7 s). The word STSAFE must come at most 200 characters before the status code.
      // It is checked only where `status` matched, not at every position.
      pattern: /\bstatus(?<=(?:stsafe|StSafeA)[^\n]{0,200}status)[_ ]?code\s*[:=]\s*(0x)?([0-9a-fA-F]{1,2})\b/gi,
      decode: (m, at) => one(decodeStsafe(value(m[1], m[2]!), meta(m, at(0), 'STSAFE-A status code'))),
    },
  ];
}
