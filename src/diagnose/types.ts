// Layer: diagnostics. The typed results every decoder returns. Plain JSON data (no classes, no functions) so the
// report (issue 6, item 6) can embed a decoded error as is and the worker can return it by structured clone.

export type DecodedKind = 'mbedtls' | 'psa' | 'x509-flags' | 'tls-alert' | 'nrf-cme' | 'errno' | 'stsafe' | 'message';

/** certain: the form or the words around it say what it is; likely: one reading fits best; possible: one of several. */
export type Confidence = 'certain' | 'likely' | 'possible';

export type MbedtlsVersion = '2.28' | '3.6' | '4.x';
export const MBEDTLS_VERSIONS: readonly MbedtlsVersion[] = ['2.28', '3.6', '4.x'];

/** Plain-language help for one code: what it means, why it usually happens, what to look at next. */
export interface Advice {
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

/** One mbedTLS name at one value in one version. `psaAlias`: in 4.x the name now equals that PSA code. */
export interface VersionEntry {
  readonly name: string;
  readonly description: string;
  readonly psaAlias?: string;
}

/** The high-level (|ret| & 0xFF80) or low-level (the rest) part of an mbedTLS code, per version. */
export interface MbedtlsPart {
  readonly value: number;
  readonly hex: string;
  readonly byVersion: Readonly<Record<MbedtlsVersion, VersionEntry | null>>;
}

/** same: one name everywhere; renamed: new name, same meaning; changed: the value means something else by version. */
export type VersionDifference = 'same' | 'renamed' | 'changed';

interface DecodedBase {
  readonly kind: DecodedKind;
  /** The text exactly as it was read from the input. */
  readonly read: string;
  /** [start, end) of `read` in the input given to decode / annotateLine. */
  readonly span: readonly [number, number];
  /** How the text was read, e.g. "negative hex", "unsigned 16-bit", "Zephyr TLS handshake error". */
  readonly form: string;
  /** The canonical way to write the code, e.g. "-0x2700", "PSA_ERROR_INVALID_ARGUMENT (-135)". */
  readonly canonical: string;
  readonly name: string;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
  /** Which versions or sources the meaning holds for, in words. */
  readonly versions: string;
  readonly confidence: Confidence;
  /** Present when the input could mean something else: says what and why this reading was chosen. */
  readonly ambiguity?: string;
}

export interface DecodedMbedtls extends DecodedBase {
  readonly kind: 'mbedtls';
  /** The error code as mbedTLS returns it (negative). */
  readonly value: number;
  readonly high?: MbedtlsPart;
  readonly low?: MbedtlsPart;
  /** strerror skips the low part after SSL_FATAL_ALERT_MESSAGE; so do we. */
  readonly lowIgnored: boolean;
  readonly difference: VersionDifference;
}

export interface DecodedPsa extends DecodedBase {
  readonly kind: 'psa';
  readonly value: number;
  /** mbedTLS 3.6 names that became this PSA code in 4.x. */
  readonly legacyNames: readonly string[];
}

export interface X509Flag {
  readonly bit: number;
  readonly name: string;
  /** The sentence mbedtls_x509_crt_verify_info prints. */
  readonly text: string;
  readonly meaning: string;
}

export interface DecodedX509Flags extends DecodedBase {
  readonly kind: 'x509-flags';
  readonly mask: number;
  readonly flags: readonly X509Flag[];
  /** Bits set that no mbedTLS version defines. */
  readonly unknownBits: number;
  /** The alert mbedTLS sends after a failed verify with these flags (its priority order), when any. */
  readonly alertSent?: number;
}

export interface DecodedTlsAlert extends DecodedBase {
  readonly kind: 'tls-alert';
  /** 1 warning, 2 fatal; absent when the input did not say. */
  readonly level?: number;
  readonly description: number;
  readonly direction?: 'sent' | 'received';
}

export interface DecodedCme extends DecodedBase {
  readonly kind: 'nrf-cme';
  readonly code: number;
  readonly source: 'nordic' | '3gpp';
}

export type Libc = 'newlib' | 'picolibc' | 'zephyr-minimal-old';
export const LIBCS: readonly Libc[] = ['newlib', 'picolibc', 'zephyr-minimal-old'];

export interface DecodedErrno extends DecodedBase {
  readonly kind: 'errno';
  /** The positive errno value (Zephyr and NCS APIs return it negated). */
  readonly value: number;
  readonly byLibc: Readonly<Record<Libc, string | null>>;
}

/** An STSAFE-A middleware status code (`StSafeA_ResponseCode_t`). */
export interface DecodedStsafe extends DecodedBase {
  readonly kind: 'stsafe';
  readonly code: number;
}

/** A message recognised by its words (Zephyr shell, TLS credentials shell, mbedTLS opaque-key paths, TLS). */
export interface DecodedMessage extends DecodedBase {
  readonly kind: 'message';
  /** The table row's id, e.g. `cred-exists`. */
  readonly id: string;
  readonly family: 'zephyr-shell' | 'zephyr-tls-credentials' | 'nrf-cloud-cred' | 'mbedtls-opaque-key' | 'tls';
}

export type Decoded =
  | DecodedMbedtls
  | DecodedPsa
  | DecodedX509Flags
  | DecodedTlsAlert
  | DecodedCme
  | DecodedErrno
  | DecodedStsafe
  | DecodedMessage;

/** A span of a console line that carries a code, with a one-line meaning for a tooltip or inline badge. */
export interface Annotation {
  readonly start: number;
  readonly end: number;
  readonly kind: DecodedKind;
  readonly label: string;
  readonly short: string;
}
