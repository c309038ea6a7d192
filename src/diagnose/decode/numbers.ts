// Layer: diagnostics. Every plausible reading of a number seen without (or with weak) context: mbedTLS in each
// printed form (negative hex, decimal, unsigned 16/32-bit, unsigned magnitude, old Zephyr "-%x"), PSA, errno, TLS
// alert, X.509 flags, CME. Readings are weighted, ranked, and each says what else the number could be.
import type { Confidence, Decoded } from '../types.ts';
import { X509_FLAG_ROWS } from '../tables/index.ts';
import { decodeMbedtls, mbedtlsFit } from './mbedtls.ts';
import { decodeAlert, decodeCme, decodeErrno, decodePsa, decodeX509Flags } from './kinds.ts';
import type { ReadMeta } from './meta.ts';
import { KIND_LABEL } from './kind-label.ts';

export type NumberHint = 'errno' | 'mbedtls' | 'alert' | 'flags';

export { KIND_LABEL };

const ALL_FLAG_BITS = X509_FLAG_ROWS.reduce((mask, row) => mask | row.bit, 0);
/** A bare number reads as verify flags only when it is a few known bits: real failures set one to three. */
const plausibleFlags = (value: number): boolean =>
  value > 0 && (value & ~ALL_FLAG_BITS) === 0 && value.toString(2).replaceAll('0', '').length <= 3;
const NUMBER = /^([+-]?)(0x)?([0-9a-f]+)$/i;

interface Reading {
  readonly decoded: Decoded;
  readonly weight: number;
}

/** Readings of `token` (a number, optionally signed / 0x-prefixed) found at `start` in the input. */
export function readNumber(token: string, start: number, hint?: NumberHint): Decoded[] {
  const m = NUMBER.exec(token);
  if (!m) return [];
  const [, sign = '', prefix, digits = ''] = m;
  const hex = !!prefix || /[a-f]/i.test(digits);
  const value = Number.parseInt(digits, hex ? 16 : 10);
  if (!Number.isSafeInteger(value) || digits.length > 10) return [];
  const span = [start, start + token.length] as const;
  const readings: Reading[] = [];
  const add = (weight: number, form: string, make: (meta: ReadMeta) => Decoded | null): void => {
    const decoded = make({ read: token, span, form, confidence: 'possible' });
    if (decoded) readings.push({ decoded, weight });
  };
  const fitWeight = (code: number, exact: number): number => [0, 0, exact - 3, exact][mbedtlsFit(code)] ?? 0;
  const boost = (kind: NumberHint, base: number): number => (hint === kind ? base + 6 : base);

  if (sign === '-') {
    if (hex) {
      add(boost('mbedtls', fitWeight(value, 10)), 'negative hex', (meta) => decodeMbedtls(-value, meta));
      add(9, 'negative hex', (meta) => decodePsa(-value, meta));
    } else {
      add(boost('mbedtls', fitWeight(value, value >= 0x80 ? 8 : 5)), 'negative decimal', (meta) =>
        decodeMbedtls(-value, meta),
      );
      add(8, 'negative decimal', (meta) => decodePsa(-value, meta));
      add(boost('errno', value <= 142 ? 6 : 0), 'negative errno', (meta) => decodeErrno(-value, meta));
      const asHex = Number.parseInt(digits, 16);
      if (asHex >= 0x1000 && asHex <= 0x7fff && mbedtlsFit(asHex) === 3) {
        const weight = mbedtlsFit(value) === 3 ? 3 : 7;
        add(weight, 'negative hex printed without 0x (older Zephyr "-%x")', (meta) => decodeMbedtls(-asHex, meta));
      }
    }
  } else if (hex) {
    if (digits.length === 8 && value >= 0x80000000) {
      add(9, 'unsigned 32-bit', (meta) => decodeMbedtls(value - 0x100000000, meta));
      add(9, 'unsigned 32-bit', (meta) => decodePsa(value - 0x100000000, meta));
    } else if (value >= 0x8000 && value <= 0xffff) {
      add(9, 'unsigned 16-bit', (meta) => decodeMbedtls(value - 0x10000, meta));
    } else if (value < 0x8000) {
      add(boost('mbedtls', fitWeight(value, 6)), 'hex magnitude without the minus sign', (meta) =>
        decodeMbedtls(-value, meta),
      );
    }
    if (plausibleFlags(value)) {
      add(boost('flags', 3), 'X.509 verify flags (hex)', (meta) => decodeX509Flags(value, meta));
    }
  } else {
    if (value >= 0x80)
      add(boost('mbedtls', fitWeight(value, 7)), 'decimal magnitude (esp-tls style)', (meta) =>
        decodeMbedtls(-value, meta),
      );
    if (value >= 128 && value <= 255) add(4, 'decimal magnitude', (meta) => decodePsa(-value, meta));
    if (value <= 255) {
      add(boost('alert', 5), 'TLS alert description', (meta) => decodeAlert(value, meta));
      add(boost('errno', 5), 'errno', (meta) => decodeErrno(value, meta));
    }
    if (plausibleFlags(value))
      add(boost('flags', 2), 'X.509 verify flags (decimal)', (meta) => decodeX509Flags(value, meta));
    add(value >= 500 && value < 600 ? 7 : 2, 'modem CME code', (meta) => decodeCme(value, meta));
    if (value < 0x80) add(2, 'decimal magnitude', (meta) => decodeMbedtls(-value, meta));
  }
  return rank(readings);
}

function rank(readings: Reading[]): Decoded[] {
  const sorted = readings.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
  return sorted.slice(0, 6).map((reading, i) => {
    const others = sorted
      .filter((_, j) => j !== i)
      .map((r) => `${KIND_LABEL[r.decoded.kind]} ${r.decoded.canonical} ${r.decoded.name}`);
    const second = sorted[1]?.weight ?? -Infinity;
    const confidence: Confidence =
      sorted.length === 1 || (i === 0 && reading.weight >= second + 3) ? 'likely' : 'possible';
    const ambiguity = others.length
      ? `Read as ${reading.decoded.form}. The same number could also be: ${others.join('; ')}. Paste the whole log line for a sure answer.`
      : undefined;
    return { ...reading.decoded, confidence, ...(ambiguity ? { ambiguity } : {}) } as Decoded;
  });
}
