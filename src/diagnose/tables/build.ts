// Layer: diagnostics, generator logic (used by tools/gen-diagnose-tables.ts only; the app imports the generated
// tables). Merges the TSV rows with the curated sources, checks every curated name against the TSVs, and returns
// the tables as plain data (the tool writes them as JSON). Throws with a precise message on any inconsistency.
import type { Advice, VersionDifference } from '../types.ts';
import type { MbedtlsRow, MbedtlsTables } from './rows.ts';
import { TLS_MODULE_TEXT } from './source/mbedtls-text-tls.ts';
import { CRYPTO_MODULE_TEXT, SUFFIX_TEXT } from './source/mbedtls-text-crypto.ts';
import { RENAMED_SAME_MEANING, V4_NO_COMPOSITES, V4_PSA_ALIASES } from './source/mbedtls-v4.ts';
import { SSL_ADVICE } from './source/mbedtls-advice-tls.ts';
import { PKI_ADVICE } from './source/mbedtls-advice-pki.ts';
import { PSA_SOURCE } from './source/psa.ts';
export { buildCodeTables } from './build-codes.ts';

export interface TsvRow {
  readonly value: number;
  readonly name: string;
  readonly header: string;
}
export type TsvSet = Readonly<Record<'2.28' | '3.6', readonly TsvRow[]>>;

const PREFIX = 'MBEDTLS_ERR_';
const short = (name: string): string => name.slice(PREFIX.length);

function describe(name: string): string {
  const key = short(name);
  const text =
    TLS_MODULE_TEXT[key] ?? CRYPTO_MODULE_TEXT[key] ?? SUFFIX_TEXT.find(([suffix]) => key.endsWith(suffix))?.[1];
  if (!text) throw new Error(`no text for ${name}: add it to src/diagnose/tables/source/mbedtls-text-*.ts`);
  return text;
}

function indexByValue(rows: readonly TsvRow[], version: string): Map<number, TsvRow> {
  const map = new Map<number, TsvRow>();
  for (const row of rows) {
    if (map.has(row.value)) throw new Error(`mbedTLS ${version}: two names for -0x${row.value.toString(16)}`);
    map.set(row.value, row);
  }
  return map;
}

function checkCuratedNames(tsv: TsvSet): void {
  const known = new Set([...tsv['2.28'], ...tsv['3.6']].map((row) => short(row.name)));
  const in36 = new Set(tsv['3.6'].map((row) => short(row.name)));
  const psaNames = new Set(PSA_SOURCE.map((row) => row.name));
  const curated = [TLS_MODULE_TEXT, CRYPTO_MODULE_TEXT, SSL_ADVICE, PKI_ADVICE];
  for (const table of curated) {
    for (const key of Object.keys(table)) {
      if (!known.has(key)) throw new Error(`curated entry ${key} matches no MBEDTLS_ERR_ name in the TSVs`);
    }
  }
  for (const [key, psa] of Object.entries(V4_PSA_ALIASES)) {
    if (!in36.has(key)) throw new Error(`4.x alias ${key} is not an mbedTLS 3.6 name`);
    if (!psaNames.has(psa)) throw new Error(`4.x alias ${key} -> ${psa}: unknown PSA name`);
  }
}

function difference(value: number, names: MbedtlsRow['names'], psaAlias: string | undefined): VersionDifference {
  if (psaAlias) return 'changed';
  if (names['2.28'] === names['3.6']) return 'same';
  return names['2.28'] && names['3.6'] && RENAMED_SAME_MEANING.includes(value) ? 'renamed' : 'changed';
}

export function buildMbedtlsTables(tsv: TsvSet): MbedtlsTables {
  checkCuratedNames(tsv);
  const old = indexByValue(tsv['2.28'], '2.28');
  const cur = indexByValue(tsv['3.6'], '3.6');
  const values = [...new Set([...old.keys(), ...cur.keys()])].sort((a, b) => a - b);
  const text: Record<string, string> = {};
  const rows: MbedtlsRow[] = values.map((value) => {
    if (value > 0x7fff || (value & 0xff80 && value & 0x7f))
      throw new Error(`-0x${value.toString(16)} is not a single mbedTLS code`);
    const oldName = old.get(value)?.name ?? null;
    const curName = cur.get(value)?.name ?? null;
    for (const name of [oldName, curName]) if (name) text[name] = describe(name);
    const psaAlias = curName ? V4_PSA_ALIASES[short(curName)] : undefined;
    const names = { '2.28': oldName, '3.6': curName, '4.x': curName };
    const part = value & 0xff80 ? 'high' : 'low';
    return { value, part, names, psaAlias, difference: difference(value, names, psaAlias) };
  });
  const advice: Record<string, Advice> = {};
  for (const [key, value] of Object.entries({ ...SSL_ADVICE, ...PKI_ADVICE })) advice[PREFIX + key] = value;
  return { MBEDTLS_ROWS: rows, MBEDTLS_TEXT: text, MBEDTLS_ADVICE: advice, V4_NO_COMPOSITES };
}
