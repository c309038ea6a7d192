// Layer: diagnostics. Every plausible reading of a number seen without (or with weak) context: mbedTLS in each
// printed form (negative hex, decimal, unsigned 16/32-bit, unsigned magnitude, old Zephyr "-%x"), PSA, errno, TLS
// alert, X.509 flags, CME. Readings are weighted, ranked, and each says what else the number could be.
import type { Confidence, Decoded } from '../types.ts';
import { X509_FLAG_ROWS, cmeByCode } from '../tables/index.ts';
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
/** An mbedTLS magnitude with a high-level part (bits 0xFF80), as `decodeMbedtls` splits it. */
const hasHighPart = (magnitude: number): boolean => (magnitude & 0xff80) !== 0;
const NUMBER = /^([+-]?)(0x)?([0-9a-f]+)$/i;

interface Reading {
  readonly decoded: Decoded;
  readonly weight: number;
}

/**
 * Readings of `token` (a number, optionally signed / 0x-prefixed) found at `start` in the input.
 *
 * The sign is settled once, by which forms are tried; the decoders are then given the magnitude (they read codes by
 * it), except errno, which shows the number as read. Each decoder returns null outside its own table, so a form is
 * only fenced off where another form would otherwise read the same digits.
 */
export function readNumber(token: string, start: number, hint?: NumberHint): Decoded[] {
  const m = NUMBER.exec(token);
  if (!m) return [];
  // both groups always take part in a match (the sign group matches the empty string)
  const [, sign, prefix, digits] = m as unknown as [string, string, string | undefined, string];
  const hex = !!prefix || /[a-f]/i.test(digits);
  const value = Number.parseInt(digits, hex ? 16 : 10);
  if (!Number.isSafeInteger(value) || digits.length > 10) return [];
  const span = [start, start + token.length] as const;
  const readings: Reading[] = [];
  // Every reading is 'possible' until rank() finds a clear leader.
  const add = (weight: number, form: string, make: (meta: ReadMeta) => Decoded | null): void => {
    if (weight <= 0) return;
    const decoded = make({ read: token, span, form, confidence: 'possible' });
    if (decoded) readings.push({ decoded, weight });
  };
  const fitWeight = (code: number, exact: number): number => [0, 0, exact - 3, exact][mbedtlsFit(code)] ?? 0;
  const boost = (kind: NumberHint, base: number): number => (hint === kind ? base + 6 : base);

  if (sign === '-') {
    if (hex) {
      add(boost('mbedtls', fitWeight(value, 10)), 'negative hex', (meta) => decodeMbedtls(value, meta));
      add(9, 'negative hex', (meta) => decodePsa(value, meta));
    } else {
      add(boost('mbedtls', fitWeight(value, hasHighPart(value) ? 8 : 5)), 'negative decimal', (meta) =>
        decodeMbedtls(value, meta),
      );
      add(8, 'negative decimal', (meta) => decodePsa(value, meta));
      add(boost('errno', 6), 'negative errno', (meta) => decodeErrno(-value, meta));
      // older Zephyr printed a whole high-level code with "-%x": -2700 for -0x2700
      const asHex = Number.parseInt(digits, 16);
      if (hasHighPart(asHex) && mbedtlsFit(asHex) === 3) {
        const weight = mbedtlsFit(value) === 3 ? 3 : 7;
        add(weight, 'negative hex printed without 0x (older Zephyr "-%x")', (meta) => decodeMbedtls(asHex, meta));
      }
    }
  } else if (hex) {
    if (digits.length === 8 && value > 0xffff) {
      add(9, 'unsigned 32-bit', (meta) => decodeMbedtls(value - 0x100000000, meta));
      add(9, 'unsigned 32-bit', (meta) => decodePsa(value - 0x100000000, meta));
    } else if (value & 0x8000) {
      add(9, 'unsigned 16-bit', (meta) => decodeMbedtls(value - 0x10000, meta));
    } else {
      add(boost('mbedtls', fitWeight(value, 6)), 'hex magnitude without the minus sign', (meta) =>
        decodeMbedtls(value, meta),
      );
    }
    if (plausibleFlags(value)) {
      add(boost('flags', 3), 'X.509 verify flags (hex)', (meta) => decodeX509Flags(value, meta));
    }
  } else {
    const high = hasHighPart(value);
    if (high)
      add(boost('mbedtls', fitWeight(value, 7)), 'decimal magnitude (esp-tls style)', (meta) =>
        decodeMbedtls(value, meta),
      );
    add(4, 'decimal magnitude', (meta) => decodePsa(value, meta));
    add(boost('alert', 5), 'TLS alert description', (meta) => decodeAlert(value, meta));
    add(boost('errno', 5), 'errno', (meta) => decodeErrno(value, meta));
    if (plausibleFlags(value))
      add(boost('flags', 2), 'X.509 verify flags (decimal)', (meta) => decodeX509Flags(value, meta));
    const nordic = cmeByCode.get(value)?.source === 'nordic';
    add(nordic ? 7 : 2, 'modem CME code', (meta) => decodeCme(value, meta));
    if (!high) add(2, 'decimal magnitude', (meta) => decodeMbedtls(value, meta));
  }
  return rank(readings);
}

/** Heaviest first; the first is 'likely' when it leads the next by 3 or stands alone. */
function rank(readings: Reading[]): Decoded[] {
  const sorted = readings.sort((a, b) => b.weight - a.weight);
  const [first, second] = sorted;
  const clearLead = second === undefined || first!.weight >= second.weight + 3;
  return sorted.map((reading, i) => {
    const decoded: Decoded = i === 0 && clearLead ? { ...reading.decoded, confidence: 'likely' } : reading.decoded;
    const others = sorted
      .filter((_, j) => j !== i)
      .map((r) => `${KIND_LABEL[r.decoded.kind]} ${r.decoded.canonical} ${r.decoded.name}`);
    return others.length
      ? {
          ...decoded,
          ambiguity: `Read as ${decoded.form}. The same number could also be: ${others.join('; ')}. Paste the whole log line for a sure answer.`,
        }
      : decoded;
  });
}
