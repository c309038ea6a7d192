// Layer: diagnostics. The real-world forms a code takes inside a log line, most specific first. Each recognizer
// claims its whole match so a later, vaguer one cannot read the same digits again. `annotate` marks the recognizers
// precise enough for live console decoding (no false positives on IMEIs, SHA hex or +CEREG fields).
import type { Decoded } from '../types.ts';
import { alertByName, errnoByName, mbedtlsByName, psaByName, x509FlagByName, x509FlagByText } from '../tables/index.ts';
import { decodeMbedtls } from './mbedtls.ts';
import { decodeAlert, decodeCme, decodeErrno, decodePsa, decodeX509Flags } from './kinds.ts';
import { readNumber } from './numbers.ts';
import type { ReadMeta } from './meta.ts';
import { stsafeRecognizers } from './stsafe.ts';

export interface Recognizer {
  readonly id: string;
  readonly pattern: RegExp;
  readonly annotate: boolean;
  /** Decodes one match; `at(group)` gives the [start, end) of a capture group in the line. */
  readonly decode: (m: RegExpExecArray, at: (group: number) => readonly [number, number]) => Decoded[];
}

const meta = (
  m: RegExpExecArray,
  span: readonly [number, number],
  form: string,
  confidence: ReadMeta['confidence'] = 'certain',
): ReadMeta => ({
  read: m.input.slice(span[0], span[1]),
  span,
  form,
  confidence,
});
const one = (d: Decoded | null): Decoded[] => (d ? [d] : []);
const join = (a: readonly [number, number], b: readonly [number, number]): [number, number] => [
  Math.min(a[0], b[0]),
  Math.max(a[1], b[1]),
];
const hexOrDec = (prefix: string | undefined, digits: string): number =>
  Number.parseInt(digits, prefix || /[a-f]/i.test(digits) ? 16 : 10);
/** Span of an optional "0x" group followed by a digits group (an unmatched group has no indices). */
const prefixed = (
  m: RegExpExecArray,
  at: (g: number) => readonly [number, number],
  prefix: number,
  digits: number,
): [number, number] => [at(digits)[0] - (m[prefix] ? m[prefix].length : 0), at(digits)[1]];
const EDGE = '(?<=^|[\\s(=:,\\[])';

export const RECOGNIZERS: readonly Recognizer[] = [
  ...stsafeRecognizers(meta),
  {
    id: 'cme',
    annotate: true,
    pattern: /\+CME ERROR:\s*(\d{1,4})\b/g,
    decode: (m, at) => one(decodeCme(Number(m[1]), meta(m, join(at(0), at(1)), 'modem final result'))),
  },
  {
    id: 'mbedtls-debug-ret',
    annotate: true,
    // Bounded: an unbounded [\w.]+ backtracks quadratically over a long run of word characters (fuzz finding).
    pattern: /\b[\w.]{1,128}\(\) returned (-\d+) \(-0x([0-9a-fA-F]+)\)/g,
    decode: (m, at) =>
      one(
        decodeMbedtls(-Number.parseInt(m[2] ?? '', 16), meta(m, join(at(1), at(2)), 'mbedTLS debug "returned" line')),
      ),
  },
  {
    id: 'zephyr-handshake',
    annotate: true,
    pattern: /TLS (?:handshake|reset) error: (-(0x)?([0-9a-fA-F]+))\b/g,
    decode: (m, at) => {
      const form = m[2]
        ? 'Zephyr TLS handshake error'
        : 'Zephyr TLS handshake error, older form without 0x (printed with -%x)';
      return one(decodeMbedtls(-Number.parseInt(m[3] ?? '', 16), meta(m, at(1), form)));
    },
  },
  {
    id: 'esp-stack-err',
    annotate: true,
    pattern: /(?:esp_tls_stack_err|tls_stack_err|reported from tls stack)\s*[=:]?\s*(0x)?([0-9a-fA-F]+)\b/gi,
    decode: (m, at) => {
      const value = hexOrDec(m[1], m[2] ?? '');
      const d = decodeMbedtls(-value, {
        ...meta(m, prefixed(m, at, 1, 2), 'esp-tls stack error (positive magnitude)', 'likely'),
      });
      return d
        ? [
            {
              ...d,
              ambiguity:
                'esp-tls reports the magnitude of the TLS stack error; this assumes the stack is mbedTLS (the ESP-IDF default).',
            },
          ]
        : [];
    },
  },
  {
    id: 'esp-strerror',
    annotate: true,
    pattern: /\(([0-9A-Fa-f]{8})\):\s*[A-Z0-9]+ - /g,
    decode: (m, at) =>
      one(
        decodeMbedtls(
          Number.parseInt(m[1] ?? '', 16) - 0x100000000,
          meta(m, at(1), 'unsigned 32-bit (esp-tls strerror line)'),
        ),
      ),
  },
  {
    id: 'returned-hex',
    annotate: true,
    pattern: /\breturned\s+-0x([0-9a-fA-F]{2,4})\b/g,
    decode: (m, at) =>
      one(
        decodeMbedtls(
          -Number.parseInt(m[1] ?? '', 16),
          meta(m, [at(1)[0] - 3, at(1)[1]], 'negative hex after "returned"', 'likely'),
        ),
      ),
  },
  {
    id: 'verify-flags',
    annotate: true,
    pattern: /Certificate verification flags\s+(?:0x)?([0-9a-fA-F]{1,8})\b/g,
    decode: (m, at) =>
      one(decodeX509Flags(Number.parseInt(m[1] ?? '', 16), meta(m, at(1), 'mbedTLS verify flags (hex)'))),
  },
  {
    id: 'verify-flags-field',
    annotate: true,
    pattern:
      /\b(?:esp_tls_cert_verify_flags|cert_verify_flags|cert_flags|verify_result|verify flags)\s*[=:]?\s*(0x)?([0-9a-fA-F]{1,8})\b/gi,
    decode: (m, at) =>
      one(
        decodeX509Flags(
          hexOrDec(m[1], m[2] ?? ''),
          meta(m, prefixed(m, at, 1, 2), 'X.509 verify flags field', 'likely'),
        ),
      ),
  },
  {
    id: 'flags-hex',
    annotate: false,
    pattern: /\bflags?\s*[=:]?\s*0x([0-9a-fA-F]{1,8})\b/gi,
    decode: (m, at) =>
      one(
        decodeX509Flags(
          Number.parseInt(m[1] ?? '', 16),
          meta(m, [at(1)[0] - 2, at(1)[1]], 'flags value (read as X.509 verify flags)', 'likely'),
        ),
      ),
  },
  {
    id: 'verify-text',
    annotate: true,
    pattern: new RegExp(
      `(${[...x509FlagByText.keys()].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
      'g',
    ),
    decode: (m, at) =>
      one(decodeX509Flags(x509FlagByText.get(m[1] ?? '')?.bit ?? 0, meta(m, at(1), 'mbedTLS verify info sentence'))),
  },
  {
    id: 'alert-received',
    annotate: true,
    pattern: /got an alert message, type: \[(\d):(\d{1,3})\]/g,
    decode: (m, at) =>
      one(
        decodeAlert(
          Number(m[2]),
          meta(m, [at(1)[0] - 1, at(2)[1] + 1], 'mbedTLS "got an alert message"'),
          Number(m[1]),
          'received',
        ),
      ),
  },
  {
    id: 'alert-fatal',
    annotate: true,
    pattern: /is a fatal alert message \(msg (\d{1,3})\)/g,
    decode: (m, at) =>
      one(decodeAlert(Number(m[1]), meta(m, at(1), 'mbedTLS "is a fatal alert message"'), 2, 'received')),
  },
  {
    id: 'alert-sent',
    annotate: true,
    pattern: /send alert level=(\d) message=(\d{1,3})/g,
    decode: (m, at) =>
      one(decodeAlert(Number(m[2]), meta(m, join(at(1), at(2)), 'mbedTLS "send alert"'), Number(m[1]), 'sent')),
  },
  {
    id: 'alert-bracket',
    annotate: true,
    pattern: /\balert\b[^[\n]{0,40}\[(\d):(\d{1,3})\]/gi,
    decode: (m, at) =>
      one(
        decodeAlert(
          Number(m[2]),
          meta(m, [at(1)[0] - 1, at(2)[1] + 1], 'alert [level:description]', 'likely'),
          Number(m[1]),
        ),
      ),
  },
  {
    id: 'alert-number',
    annotate: true,
    pattern: /\balert(?: message| description| code)?\s*[:=#]?\s*(\d{1,3})\b/gi,
    decode: (m, at) => one(decodeAlert(Number(m[1]), meta(m, at(1), 'alert number', 'likely'))),
  },
  {
    id: 'errno',
    annotate: true,
    pattern: /\berrno\s*[:=]?\s*\(?(-?\d{1,3})\b/gi,
    decode: (m, at) => one(decodeErrno(Number(m[1]), meta(m, at(1), 'errno value', 'likely'))),
  },
  {
    id: 'symbol',
    annotate: true,
    pattern:
      /\b(MBEDTLS_ERR_[A-Z0-9_]+|PSA_ERROR_[A-Z_]+|PSA_OPERATION_INCOMPLETE|MBEDTLS_X509_BAD(?:CERT|CRL)_[A-Z_]+|E[A-Z0-9]{3,15})\b/g,
    decode: (m, at) => {
      const name = m[1] ?? '';
      const mm = meta(m, at(1), 'symbolic name');
      const row = mbedtlsByName.get(name);
      if (row) return one(decodeMbedtls(-row.value, mm));
      const psa = psaByName.get(name);
      if (psa) return one(decodePsa(psa.value, mm));
      const flag = x509FlagByName.get(name);
      if (flag) return one(decodeX509Flags(flag.bit, mm));
      const errno = errnoByName.get(name);
      return errno ? one(decodeErrno(errno.newlib, mm)) : [];
    },
  },
  {
    id: 'alert-name',
    annotate: true,
    pattern: /\b([a-z]+(?:_[a-z]+)+)\b/g,
    decode: (m, at) => {
      const row = alertByName.get(m[1] ?? '');
      return row && /\balert\b/i.test(m.input)
        ? one(decodeAlert(row.code, meta(m, at(1), 'alert name', 'likely')))
        : [];
    },
  },
  {
    id: 'error-context-negative',
    annotate: true,
    pattern: /\b(?:err|error|errno|ret|rc|failed|failure)\b[^-\d\n]{0,12}(-\d{2,5})\b/gi,
    decode: (m, at) => readNumber(m[1] ?? '', at(1)[0]),
  },
  {
    id: 'negative-hex',
    annotate: true,
    pattern: new RegExp(`${EDGE}-0x([0-9a-fA-F]{2,8})\\b`, 'g'),
    decode: (m, at) => readNumber(`-0x${m[1]}`, at(1)[0] - 3, 'mbedtls'),
  },
  {
    id: 'u32-hex',
    annotate: true,
    pattern: new RegExp(`${EDGE}0x[fF]{4}[0-9a-fA-F]{4}\\b`, 'g'),
    decode: (m, at) => readNumber(m[0], at(0)[0]).filter((d) => d.kind !== 'x509-flags'),
  },
  {
    id: 'negative-decimal',
    annotate: false,
    pattern: new RegExp(`${EDGE}-(\\d{2,5})\\b`, 'g'),
    decode: (m, at) => readNumber(`-${m[1]}`, at(1)[0] - 1),
  },
];
