// Layer: diagnostics. Decoders for the non-mbedTLS kinds: PSA status codes, X.509 verify flag masks, TLS alerts,
// nRF91 +CME ERROR codes and errno values (named per C library, with the caveat). Each returns null when the value
// is not a code of its kind.
import type { DecodedCme, DecodedErrno, DecodedPsa, DecodedTlsAlert, DecodedX509Flags, Libc } from '../types.ts';
import {
  ERRNO_CAVEAT,
  VERIFY_ALERT_DEFAULT,
  VERIFY_ALERT_RULES,
  X509_FLAG_ROWS,
  alertByCode,
  cmeByCode,
  errnoByNewlib,
  errnoByOldMinimal,
  psaByValue,
  type ErrnoRow,
} from '../tables/index.ts';
import { uniqueList, type ReadMeta } from './meta.ts';

export function decodePsa(value: number, meta: ReadMeta): DecodedPsa | null {
  const row = psaByValue.get(-Math.abs(value));
  if (!row) return null;
  const legacy = row.legacyNames.length ? ` In mbedTLS 4.x it also replaces ${row.legacyNames.length} 3.6 codes.` : '';
  return {
    kind: 'psa',
    ...meta,
    canonical: `${row.name} (${row.value})`,
    name: row.name,
    meaning: row.meaning,
    causes: row.causes,
    checks: row.checks,
    versions: `PSA Crypto API (mbedTLS 2.28 and 3.x psa_* functions; every mbedTLS 4.x / TF-PSA-Crypto function).${legacy}`,
    value: row.value,
    legacyNames: row.legacyNames,
  };
}

const KNOWN_FLAG_BITS = X509_FLAG_ROWS.reduce((mask, row) => mask | row.bit, 0);

export function verifyAlert(mask: number): number | undefined {
  if (mask === 0) return undefined;
  return VERIFY_ALERT_RULES.find(([bits]) => (mask & bits) !== 0)?.[1] ?? VERIFY_ALERT_DEFAULT;
}

export function decodeX509Flags(mask: number, meta: ReadMeta): DecodedX509Flags | null {
  if (!Number.isInteger(mask) || mask < 0 || mask > 0xffffffff) return null;
  const rows = X509_FLAG_ROWS.filter((row) => (mask & row.bit) !== 0);
  const unknownBits = mask & ~KNOWN_FLAG_BITS;
  const alertSent = verifyAlert(mask);
  const alertName =
    alertSent === undefined ? '' : ` mbedTLS then sends alert ${alertSent} (${alertByCode.get(alertSent)?.name}).`;
  return {
    kind: 'x509-flags',
    ...meta,
    canonical: `flags 0x${mask.toString(16).padStart(8, '0')}`,
    name: rows.length ? rows.map((row) => row.name.replace('MBEDTLS_X509_', '')).join(' | ') : 'no flags set',
    meaning:
      mask === 0
        ? 'No verification problem: every check passed.'
        : `${rows.map((row) => row.meaning).join(' ')}${unknownBits ? ` Unknown bits 0x${unknownBits.toString(16)}.` : ''}${alertName}`,
    causes: uniqueList(...rows.map((row) => row.causes)),
    checks: uniqueList(...rows.map((row) => row.checks)),
    versions: 'Same bits in mbedTLS 2.28, 3.6 and 4.x',
    mask,
    flags: rows.map((row) => ({ bit: row.bit, name: row.name, text: row.text, meaning: row.meaning })),
    unknownBits,
    ...(alertSent === undefined ? {} : { alertSent }),
  };
}

export function decodeAlert(
  description: number,
  meta: ReadMeta,
  level?: number,
  direction?: 'sent' | 'received',
): DecodedTlsAlert | null {
  const row = alertByCode.get(description);
  if (!row || (level !== undefined && level !== 1 && level !== 2)) return null;
  const meaning =
    direction === 'sent'
      ? row.sent
      : direction === 'received'
        ? row.received
        : `Received from the server: ${row.received} Sent by the board: ${row.sent}`;
  return {
    kind: 'tls-alert',
    ...meta,
    canonical: level ? `[${level}:${description}]` : `alert ${description}`,
    name: level === 2 ? `${row.name} (fatal)` : level === 1 ? `${row.name} (warning)` : row.name,
    meaning,
    causes: row.causes,
    checks: row.checks,
    versions: 'TLS 1.2 and 1.3 (IANA TLS Alerts registry)',
    ...(level ? { level } : {}),
    description,
    ...(direction ? { direction } : {}),
  };
}

export function decodeCme(code: number, meta: ReadMeta): DecodedCme | null {
  const row = cmeByCode.get(code);
  if (!row) return null;
  return {
    kind: 'nrf-cme',
    ...meta,
    canonical: `+CME ERROR: ${code}`,
    name: row.meaning.split(/[:.]/)[0] ?? `CME ${code}`,
    meaning: row.meaning,
    causes: row.causes,
    checks: row.checks,
    versions:
      row.source === 'nordic'
        ? 'nRF91 modem firmware (Nordic code)'
        : '3GPP TS 27.007 general error, as nRF91 modems use it',
    code,
    source: row.source,
  };
}

/** Names an errno value in each C library; null when no library we know defines it. */
export function decodeErrno(value: number, meta: ReadMeta, only?: Libc): DecodedErrno | null {
  const n = Math.abs(value);
  const modern = only === 'zephyr-minimal-old' ? undefined : errnoByNewlib.get(n);
  const old = only && only !== 'zephyr-minimal-old' ? undefined : errnoByOldMinimal.get(n);
  const main: ErrnoRow | undefined = modern ?? old;
  if (!main) return null;
  const byLibc = {
    newlib: modern?.name ?? null,
    picolibc: modern?.name ?? null,
    'zephyr-minimal-old': old?.name ?? null,
  };
  const both = modern && old && modern.name !== old.name;
  const name = both ? `${modern.name} or ${old.name}` : main.name;
  const where = modern
    ? `${n} is ${modern.name} in newlib and picolibc${old ? (both ? `, but ${old.name} in the old Zephyr minimal libc` : ' and in the old Zephyr minimal libc') : `; the old Zephyr minimal libc numbers ${modern.name} ${modern.zephyrMinimalOld ?? '(undefined)'}`}.`
    : `${n} is ${old?.name} only in the old Zephyr minimal libc (newlib/picolibc number it ${old?.newlib}).`;
  return {
    kind: 'errno',
    ...meta,
    canonical: `${value < 0 ? '-' : ''}${n} (${name})`,
    name,
    meaning: both ? `newlib/picolibc: ${modern.meaning} Old minimal libc: ${old.meaning}` : main.meaning,
    causes: uniqueList(modern?.causes, old?.causes),
    checks: uniqueList(modern?.checks, old?.checks),
    versions: `${where} ${ERRNO_CAVEAT}`,
    value: n,
    byLibc,
  };
}
