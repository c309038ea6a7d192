// Layer: diagnostics, generator logic (tools/gen-diagnose-tables.ts only). Builds the non-mbedTLS tables: PSA status
// codes (with the 3.6 names 4.x folds into each), X.509 verify flags, TLS alerts, nRF91 CME codes, errno per C
// library, cipher suites, STSAFE-A status codes and messages recognised by their words. Checks values are unique and
// complete, and that every message pattern compiles and matches its own example line.
import type {
  AlertRow,
  CiphersuiteRow,
  CmeRow,
  CodeTables,
  ErrnoRow,
  MessageRow,
  PsaRow,
  StsafeRow,
  X509FlagRow,
} from './rows.ts';
import type { TsvSet } from './build.ts';
import { PSA_SOURCE } from './source/psa.ts';
import { V4_PSA_ALIASES } from './source/mbedtls-v4.ts';
import { VERIFY_ALERT_DEFAULT, VERIFY_ALERT_RULES, X509_FLAG_SOURCE } from './source/x509-flags.ts';
import { ALERT_SOURCE } from './source/tls-alerts.ts';
import { CME_SOURCE } from './source/nrf-cme.ts';
import { ERRNO_CAVEAT, ERRNO_SOURCE } from './source/errno.ts';
import { CIPHERSUITE_SOURCE } from './source/ciphersuites.ts';
import { STSAFE_SOURCE } from './source/stsafe.ts';
import { MESSAGE_SOURCE } from './source/messages.ts';

function unique<T>(items: readonly T[], key: (item: T) => string | number, what: string): void {
  const seen = new Set<string | number>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new Error(`${what}: duplicate ${k}`);
    seen.add(k);
  }
}

function mbedtlsSpelling(iana: string): string {
  // TLS 1.3 suites (0x13xx) are logged as TLS1-3-AES-128-GCM-SHA256; TLS 1.2 ones as TLS-ECDHE-...
  return /^TLS_(AES|CHACHA20)_/.test(iana)
    ? iana.replace(/^TLS_/, 'TLS1-3-').replaceAll('_', '-')
    : iana.replaceAll('_', '-');
}

function buildStsafe(): StsafeRow[] {
  const rows = STSAFE_SOURCE.map((row) => ({ ...row }));
  unique(rows, (row) => row.code, 'STSAFE-A codes');
  unique(rows, (row) => row.name, 'STSAFE-A names');
  for (const row of rows) {
    if (!/^STSAFEA_[A-Z_]+$/.test(row.name)) throw new Error(`STSAFE-A name ${row.name} is not STSAFEA_*`);
    if (row.code < 1 || row.code > 0xff) throw new Error(`STSAFE-A code ${row.code} is not one byte`);
  }
  return rows;
}

function buildMessages(): MessageRow[] {
  const rows = MESSAGE_SOURCE.map((row) => ({ ...row }));
  unique(rows, (row) => row.id, 'message ids');
  for (const row of rows) {
    if (!new RegExp(row.pattern, 'i').test(row.example))
      throw new Error(`message ${row.id}: pattern does not match its example "${row.example}"`);
  }
  return rows;
}

export function buildCodeTables(tsv: TsvSet): CodeTables {
  const in36 = new Set(tsv['3.6'].map((row) => row.name));
  const psa: PsaRow[] = PSA_SOURCE.map((row) => ({
    ...row,
    legacyNames: Object.entries(V4_PSA_ALIASES)
      .filter(([name, alias]) => alias === row.name && in36.has(`MBEDTLS_ERR_${name}`))
      .map(([name]) => `MBEDTLS_ERR_${name}`),
  }));
  unique(psa, (row) => row.value, 'PSA codes');
  const flags: X509FlagRow[] = X509_FLAG_SOURCE.map((row) => ({ ...row }));
  unique(flags, (row) => row.bit, 'X.509 flags');
  for (const row of flags)
    if ((row.bit & (row.bit - 1)) !== 0) throw new Error(`X.509 flag ${row.name} is not one bit`);
  const alerts: AlertRow[] = ALERT_SOURCE.map((row) => ({ ...row }));
  unique(alerts, (row) => row.code, 'TLS alerts');
  for (const [, alert] of VERIFY_ALERT_RULES) {
    if (!alerts.some((row) => row.code === alert))
      throw new Error(`verify alert ${alert} missing from the alert table`);
  }
  const cme: CmeRow[] = CME_SOURCE.map((row) => ({ ...row }));
  unique(cme, (row) => row.code, 'CME codes');
  const errno: ErrnoRow[] = ERRNO_SOURCE.map((row) => ({
    name: row.name,
    newlib: row.newlib,
    picolibc: row.newlib,
    zephyrMinimalOld: row.zephyrMinimalOld,
    meaning: row.meaning,
    causes: row.causes ?? [],
    checks: row.checks ?? [],
  }));
  unique(errno, (row) => row.name, 'errno names');
  unique(errno, (row) => row.newlib, 'errno newlib values');
  unique(
    errno.filter((row) => row.zephyrMinimalOld !== null),
    (row) => row.zephyrMinimalOld ?? 0,
    'errno old minimal libc values',
  );
  const suites: CiphersuiteRow[] = CIPHERSUITE_SOURCE.map(([id, iana]) => ({
    id,
    iana,
    mbedtls: mbedtlsSpelling(iana),
  }));
  unique(suites, (row) => row.id, 'cipher suites');
  return {
    PSA_ROWS: psa,
    X509_FLAG_ROWS: flags,
    VERIFY_ALERT_RULES,
    VERIFY_ALERT_DEFAULT,
    ALERT_ROWS: alerts,
    CME_ROWS: cme,
    ERRNO_ROWS: errno,
    ERRNO_CAVEAT,
    CIPHERSUITE_ROWS: suites,
    STSAFE_ROWS: buildStsafe(),
    MESSAGE_ROWS: buildMessages(),
  };
}
