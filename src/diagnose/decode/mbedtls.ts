// Layer: diagnostics. Decodes one mbedTLS error value: splits it into the high-level part (|ret| & 0xFF80) and the
// low-level part (the rest), names both in 2.28, 3.6 and 4.x, and words the meaning per version where it differs.
// Returns null when the value is not an mbedTLS code (unknown high part, out of range).
import type { Advice, DecodedMbedtls, MbedtlsPart, MbedtlsVersion, VersionDifference } from '../types.ts';
import { MBEDTLS_VERSIONS } from '../types.ts';
import { MBEDTLS_ADVICE, V4_NO_COMPOSITES, mbedtlsByValue, versionEntry, type MbedtlsRow } from '../tables/index.ts';
import { hex4, mbedtlsHex, uniqueList, type ReadMeta } from './meta.ts';

const FATAL_ALERT = 0x7780;

function part(value: number, row: MbedtlsRow | undefined): MbedtlsPart {
  const byVersion = Object.fromEntries(MBEDTLS_VERSIONS.map((v) => [v, row ? versionEntry(row, v) : null]));
  return { value, hex: `0x${hex4(value)}`, byVersion: byVersion as MbedtlsPart['byVersion'] };
}

const DISPLAY_ORDER: readonly MbedtlsVersion[] = ['3.6', '4.x', '2.28'];

function primaryName(p: MbedtlsPart): string | undefined {
  const current = p.byVersion['3.6']?.name;
  const old = p.byVersion['2.28']?.name;
  if (current && old && current !== old) return `${current} (3.x) / ${old} (2.28)`;
  return current ?? (old ? `${old} (2.28 only)` : undefined);
}

function meaningOf(p: MbedtlsPart, version: MbedtlsVersion): string {
  const entry = p.byVersion[version];
  if (!entry) return 'not defined in this version.';
  if (entry.psaAlias) return entry.description;
  return MBEDTLS_ADVICE[entry.name]?.meaning ?? entry.description;
}

/** "mbedTLS 3.6/4.x: …. mbedTLS 2.28: …." grouping versions that say the same. */
function meaningByVersion(p: MbedtlsPart): string {
  const groups = new Map<string, MbedtlsVersion[]>();
  for (const v of DISPLAY_ORDER) groups.set(meaningOf(p, v), [...(groups.get(meaningOf(p, v)) ?? []), v]);
  if (groups.size === 1) return meaningOf(p, '3.6');
  return [...groups].map(([text, versions]) => `mbedTLS ${versions.join('/')}: ${text}`).join(' ');
}

function adviceOf(p: MbedtlsPart | undefined): Advice[] {
  if (!p) return [];
  const names = new Set(MBEDTLS_VERSIONS.map((v) => p.byVersion[v]?.name).filter((n): n is string => !!n));
  return [...names].flatMap((name) => (MBEDTLS_ADVICE[name] ? [MBEDTLS_ADVICE[name]] : []));
}

function differenceOf(rows: (MbedtlsRow | undefined)[]): VersionDifference {
  const kinds = rows.filter((r): r is MbedtlsRow => !!r).map((r) => r.difference);
  return kinds.includes('changed') ? 'changed' : kinds.includes('renamed') ? 'renamed' : 'same';
}

type Reading = Omit<DecodedMbedtls, 'kind' | keyof ReadMeta>;

// What a value means does not depend on where it was read: worked out once per value (at most 0x7fff of them),
// so a 10 MB debug log repeating the same few codes does not word their meaning again on every line.
const readings = new Map<number, Reading | null>();

export function decodeMbedtls(code: number, meta: ReadMeta): DecodedMbedtls | null {
  const magnitude = Math.abs(code);
  if (!Number.isInteger(magnitude) || magnitude === 0 || magnitude > 0x7fff) return null;
  let reading = readings.get(magnitude);
  if (reading === undefined) {
    reading = readingOf(magnitude);
    readings.set(magnitude, reading);
  }
  return reading && { kind: 'mbedtls', ...meta, ...reading };
}

function readingOf(magnitude: number): Reading | null {
  const highValue = magnitude & 0xff80;
  const lowValue = magnitude & 0x7f;
  const highRow = highValue ? mbedtlsByValue.get(highValue) : undefined;
  if (highValue && !highRow) return null;
  const lowIgnored = highValue === FATAL_ALERT && lowValue !== 0;
  const lowRow = lowValue && !lowIgnored ? mbedtlsByValue.get(lowValue) : undefined;
  if (!highValue && !lowRow) return null;
  const high = highValue ? part(highValue, highRow) : undefined;
  const low = lowValue && !lowIgnored ? part(lowValue, lowRow) : undefined;
  const composite = !!high && !!low;
  const difference = differenceOf([highRow, lowRow]);

  const name = [high, low].map((p) => (p ? (primaryName(p) ?? `unknown low-level code ${p.hex}`) : undefined));
  const meaningParts = [
    high ? meaningByVersion(high) : undefined,
    low ? (high ? `Underlying cause: ${meaningByVersion(low)}` : meaningByVersion(low)) : undefined,
  ];
  if (lowIgnored)
    meaningParts.push(`(mbedTLS, like its strerror, ignores the low bits 0x${hex4(lowValue)} after a fatal alert.)`);
  if (low && !lowRow) meaningParts.push(`The low part 0x${hex4(lowValue)} is not a known mbedTLS code.`);
  const advice = [...adviceOf(high), ...adviceOf(low)];
  const versions =
    difference === 'same'
      ? 'Same in mbedTLS 2.28, 3.6 and 4.x'
      : difference === 'renamed'
        ? 'Renamed in 3.x, same meaning; see the versions side by side'
        : 'Differs by mbedTLS version: see the versions side by side';
  return {
    canonical: mbedtlsHex(magnitude),
    name: name.filter(Boolean).join(' + '),
    meaning: meaningParts.filter(Boolean).join(' '),
    causes: uniqueList(...advice.map((a) => a.causes)),
    checks: uniqueList(...advice.map((a) => a.checks)),
    versions: composite ? `${versions}. ${V4_NO_COMPOSITES}` : versions,
    value: -magnitude,
    ...(high ? { high } : {}),
    ...(low ? { low } : {}),
    lowIgnored,
    difference,
  };
}

/** How well a value decodes, for ranking readings of an ambiguous number: 3 exact code, 2 composite, 0 not at all. */
export function mbedtlsFit(code: number): number {
  const d = decodeMbedtls(code, { read: '', span: [0, 0], form: '', confidence: 'possible' });
  if (!d) return 0;
  if (d.high && d.low) return d.low.byVersion['3.6'] || d.low.byVersion['2.28'] ? 2 : 1;
  return 3;
}
