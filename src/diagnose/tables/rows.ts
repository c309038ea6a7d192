// Layer: diagnostics. The row shapes of the generated tables (*.generated.json). Written by hand so the generator,
// the decoders and the tests agree on one contract; the data itself only ever comes from the generator.
import type { Advice, MbedtlsVersion, VersionDifference } from '../types.ts';

export interface MbedtlsRow {
  /** Magnitude of the code: -0x2700 is stored as 0x2700. */
  readonly value: number;
  readonly part: 'high' | 'low';
  /** The MBEDTLS_ERR_ name at this value per version; null when the version has none. Texts: MBEDTLS_TEXT. */
  readonly names: Readonly<Record<MbedtlsVersion, string | null>>;
  /** 4.x: the PSA code the 3.6 name now stands for (the value itself is no longer returned). */
  readonly psaAlias?: string;
  readonly difference: VersionDifference;
}

export interface PsaRow extends Advice {
  readonly value: number;
  readonly name: string;
  /** mbedTLS 3.6 names (with MBEDTLS_ERR_) that 4.x maps to this code. */
  readonly legacyNames: readonly string[];
}

export interface X509FlagRow extends Advice {
  readonly bit: number;
  readonly name: string;
  readonly text: string;
}

export interface AlertRow {
  readonly code: number;
  readonly name: string;
  readonly received: string;
  readonly sent: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

export interface CmeRow extends Advice {
  readonly code: number;
  /** Short lower-case name from the AT command reference ("not allowed in active state"), for one-line messages. */
  readonly name: string;
  readonly source: 'nordic' | '3gpp';
}

/** An STSAFE-A middleware status code (`StSafeA_ResponseCode_t`). */
export interface StsafeRow extends Advice {
  readonly code: number;
  /** `STSAFEA_…` as the middleware names it. */
  readonly name: string;
  /** The short words firmware prints next to the number (`Inconsistent Cmd Data`). */
  readonly words: string;
}

export type MessageFamily = 'zephyr-shell' | 'zephyr-tls-credentials' | 'nrf-cloud-cred' | 'mbedtls-opaque-key' | 'tls';

/** A message a board prints in words (no code to look up): recognised by its text. */
export interface MessageRow extends Advice {
  readonly id: string;
  readonly family: MessageFamily;
  /** Short name for the card title. */
  readonly name: string;
  /** RegExp source, matched case-insensitively against one line; numbers after it are left to the code decoders. */
  readonly pattern: string;
  /** A real line it must match (the generator checks it does). */
  readonly example: string;
  /** Where the text comes from. */
  readonly source: string;
}

export interface ErrnoRow {
  readonly name: string;
  readonly newlib: number;
  readonly picolibc: number;
  readonly zephyrMinimalOld: number | null;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

export interface CiphersuiteRow {
  readonly id: number;
  readonly iana: string;
  /** The spelling mbedTLS debug output uses. */
  readonly mbedtls: string;
}

/** mbedtls.generated.json: every MBEDTLS_ERR_ value of 2.28/3.6 (4.x by alias), their texts and the curated advice. */
export interface MbedtlsTables {
  readonly MBEDTLS_ROWS: readonly MbedtlsRow[];
  /** MBEDTLS_ERR_ name -> what it means. */
  readonly MBEDTLS_TEXT: Readonly<Record<string, string>>;
  readonly MBEDTLS_ADVICE: Readonly<Record<string, Advice>>;
  readonly V4_NO_COMPOSITES: string;
}

/** codes.generated.json: the tables that are not mbedTLS error codes. */
export interface CodeTables {
  readonly PSA_ROWS: readonly PsaRow[];
  readonly X509_FLAG_ROWS: readonly X509FlagRow[];
  /** [verify flag mask, alert code]: the alert mbedTLS sends for the first rule whose mask meets the flags. */
  readonly VERIFY_ALERT_RULES: readonly (readonly [number, number])[];
  readonly VERIFY_ALERT_DEFAULT: number;
  readonly ALERT_ROWS: readonly AlertRow[];
  readonly CME_ROWS: readonly CmeRow[];
  readonly ERRNO_ROWS: readonly ErrnoRow[];
  readonly ERRNO_CAVEAT: string;
  readonly CIPHERSUITE_ROWS: readonly CiphersuiteRow[];
  readonly STSAFE_ROWS: readonly StsafeRow[];
  readonly MESSAGE_ROWS: readonly MessageRow[];
}
