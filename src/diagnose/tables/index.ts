// Layer: diagnostics. The one entry point to every code table (and the messages recognised by their words): the generated rows (JSON data written by
// tools/gen-diagnose-tables.ts) typed with rows.ts, plus lookup maps built once at load. Everything outside
// src/diagnose/tables/ imports codes from here, never from source/ (generator input only) or the JSON files.
import type { MbedtlsVersion, VersionEntry } from '../types.ts';
import type {
  AlertRow,
  CiphersuiteRow,
  CodeTables,
  ErrnoRow,
  MbedtlsRow,
  MbedtlsTables,
  MessageRow,
  PsaRow,
  StsafeRow,
  X509FlagRow,
} from './rows.ts';
import mbedtlsJson from './mbedtls.generated.json' with { type: 'json' };
import codesJson from './codes.generated.json' with { type: 'json' };
import { CME_ROWS, cmeByCode } from './cme.ts';

// The shapes are the generator's own (build.ts returns these types) and tables.test.ts keeps the files in step; JSON
// only widens them (strings for unions, arrays for pairs), so the pairs are rebuilt and the unions asserted.
const mbedtls: MbedtlsTables = mbedtlsJson as MbedtlsTables;
const codes: CodeTables = {
  ...codesJson,
  CME_ROWS,
  VERIFY_ALERT_RULES: codesJson.VERIFY_ALERT_RULES.map(([mask = 0, alert = 0]) => [mask, alert] as const),
} as CodeTables;

export const { MBEDTLS_ROWS, MBEDTLS_ADVICE, V4_NO_COMPOSITES } = mbedtls;
const { MBEDTLS_TEXT } = mbedtls;
export const { ERRNO_CAVEAT, X509_FLAG_ROWS, VERIFY_ALERT_RULES, VERIFY_ALERT_DEFAULT } = codes;
const { ALERT_ROWS, CIPHERSUITE_ROWS, ERRNO_ROWS, PSA_ROWS, STSAFE_ROWS } = codes;
export const { MESSAGE_ROWS } = codes;
export { cmeByCode };

export type * from './rows.ts';

const byKey = <T, K>(rows: readonly T[], key: (row: T) => K): ReadonlyMap<K, T> =>
  new Map(rows.map((r) => [key(r), r]));

export const mbedtlsByValue: ReadonlyMap<number, MbedtlsRow> = byKey(MBEDTLS_ROWS, (r) => r.value);
export const psaByValue: ReadonlyMap<number, PsaRow> = byKey(PSA_ROWS, (r) => r.value);
export const psaByName: ReadonlyMap<string, PsaRow> = byKey(PSA_ROWS, (r) => r.name);
export const alertByCode: ReadonlyMap<number, AlertRow> = byKey(ALERT_ROWS, (r) => r.code);
export const alertByName: ReadonlyMap<string, AlertRow> = byKey(ALERT_ROWS, (r) => r.name);
export const errnoByName: ReadonlyMap<string, ErrnoRow> = byKey(ERRNO_ROWS, (r) => r.name);
export const errnoByNewlib: ReadonlyMap<number, ErrnoRow> = byKey(ERRNO_ROWS, (r) => r.newlib);
export const errnoByOldMinimal: ReadonlyMap<number | null, ErrnoRow> = byKey(ERRNO_ROWS, (r) => r.zephyrMinimalOld);
export const x509FlagByName: ReadonlyMap<string, X509FlagRow> = byKey(X509_FLAG_ROWS, (r) => r.name);
export const x509FlagByText: ReadonlyMap<string, X509FlagRow> = byKey(X509_FLAG_ROWS, (r) => r.text.replace(/\.$/, ''));
export const stsafeByCode: ReadonlyMap<number, StsafeRow> = byKey(STSAFE_ROWS, (r) => r.code);
export const stsafeByName: ReadonlyMap<string, StsafeRow> = byKey(STSAFE_ROWS, (r) => r.name);
export const messageById: ReadonlyMap<string, MessageRow> = byKey(MESSAGE_ROWS, (r) => r.id);
export const suiteById: ReadonlyMap<number, CiphersuiteRow> = byKey(CIPHERSUITE_ROWS, (r) => r.id);
export const suiteByName: ReadonlyMap<string, CiphersuiteRow> = new Map(
  CIPHERSUITE_ROWS.flatMap((r) => [[r.iana, r] as const, [r.mbedtls, r] as const]),
);

/** mbedTLS names of every version -> the value, for input like "MBEDTLS_ERR_X509_CERT_VERIFY_FAILED". */
export const mbedtlsByName: ReadonlyMap<string, MbedtlsRow> = new Map(
  MBEDTLS_ROWS.flatMap((row) => Object.values(row.names).flatMap((name) => (name ? [[name, row] as const] : []))),
);

/** The entry of one version at a table row, with its text and (4.x) PSA alias. */
export function versionEntry(row: MbedtlsRow, version: MbedtlsVersion): VersionEntry | null {
  const name = row.names[version];
  if (!name) return null;
  const description = MBEDTLS_TEXT[name] ?? '';
  if (version === '4.x' && row.psaAlias) {
    const psa = psaByName.get(row.psaAlias);
    return {
      name,
      psaAlias: row.psaAlias,
      description: `No longer returned in 4.x: the name now stands for ${row.psaAlias} (${psa?.value ?? '?'}), which 4.x returns instead.`,
    };
  }
  return { name, description };
}

export const suiteLabel = (id: number): string =>
  suiteById.get(id)?.iana ?? `unknown suite 0x${id.toString(16).padStart(4, '0')}`;
