// Layer: diagnostics, board data. What each board family's TLS stack can do, as one table: the cipher suites it
// offers, the curves, RSA sizes and signature hashes it verifies, the client keys it can hold, and whether SNI is
// built in. The broker check intersects this with a broker profile and a pasted server chain.
// Sources: nRF91 — nrfxlib nrf_socket.h cipher suite list (GCM suites need mfw 1.3.1+ / 1.2.7+ / 1.1.5+) and the
// modem release notes (server chain about 4 kB); Zephyr/mbedTLS — mbedTLS 3.6 default X.509 profile
// (diagnostics.md); STSAFE-A110 — NIST/Brainpool 256/384 keys only. Where a source is silent the table says so.
import type { DeviceFamily } from '../../devices/device.ts';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5';

export interface TlsStack {
  readonly id: 'nrf91-modem' | 'zephyr-mbedtls' | 'secure-element-mbedtls';
  readonly name: string;
  /** IANA ids of the suites it offers; null: depends on how the firmware was built. */
  readonly suites: readonly number[] | null;
  /** Curves it verifies server signatures with (and agrees keys on). */
  readonly curves: readonly string[];
  /** Smallest and largest RSA modulus it verifies, in bits. */
  readonly rsaBits: { readonly min: number; readonly max: number } | null;
  readonly hashes: readonly HashName[];
  /** Keys the board itself can hold as its client key. */
  readonly clientKeys: { readonly curves: readonly string[]; readonly rsa: boolean };
  readonly sni: 'always' | 'build-option';
  /** Where these facts come from and what is assumed. */
  readonly notes: readonly string[];
}

const NRF91_SUITES = [
  0xc024, 0xc00a, 0xc023, 0xc009, 0xc014, 0xc027, 0xc013, 0x008d, 0x00ae, 0x008c, 0xc0a8, 0x00ff,
  // mfw 1.3.1+ (1.2.7+, 1.1.5+): the GCM suites. No 0xC02C (ECDHE-ECDSA AES-256-GCM).
  0xc02b, 0xc030, 0xc02f,
];

export const TLS_STACKS: Readonly<Record<TlsStack['id'], TlsStack>> = {
  'nrf91-modem': {
    id: 'nrf91-modem',
    name: 'nRF91 modem TLS (offloaded sockets)',
    suites: NRF91_SUITES,
    curves: ['P-256', 'P-384'],
    rsaBits: { min: 2048, max: 4096 },
    hashes: ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'],
    clientKeys: { curves: ['P-256'], rsa: false },
    sni: 'always',
    notes: [
      'Cipher suites from nrfxlib nrf_socket.h; the GCM suites need modem firmware 1.3.1 or later (1.2.7, 1.1.5).',
      'Curves P-256 and P-384 and RSA 2048-4096 are what Nordic documents and ships with (nRF Cloud, AWS); other curves are not documented and are treated as unsupported.',
      'The modem generates P-256 client keys (%KEYGEN); the server certificate chain may be about 4 kB at most.',
      'SNI: the application sets the host name (NRF_SO_SEC_HOSTNAME / SLM #XTLSCFG); without it the broker may refuse.',
    ],
  },
  'zephyr-mbedtls': {
    id: 'zephyr-mbedtls',
    name: 'Zephyr with mbedTLS (native TLS)',
    suites: null,
    curves: ['P-256', 'P-384', 'P-521', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1'],
    rsaBits: { min: 2048, max: 8192 },
    hashes: ['SHA-256', 'SHA-384', 'SHA-512'],
    clientKeys: { curves: ['P-256', 'P-384', 'P-521'], rsa: true },
    sni: 'build-option',
    notes: [
      "mbedTLS 3.6's default X.509 profile: SHA-256/384/512, NIST and Brainpool curves, RSA 2048 or more; a build may enable fewer (Kconfig).",
      'Cipher suites depend on the Kconfig of the firmware: not checked here; read them from the client hello in a debug log (Log timeline).',
      'SNI needs CONFIG_MBEDTLS_SSL_SERVER_NAME_INDICATION (default n) and TLS_HOSTNAME set on the socket.',
      'Certificate dates are checked only with MBEDTLS_HAVE_TIME_DATE (Zephyr default n).',
    ],
  },
  'secure-element-mbedtls': {
    id: 'secure-element-mbedtls',
    name: 'mbedTLS with a secure element key (STSAFE-A110 class)',
    suites: null,
    curves: ['P-256', 'P-384', 'brainpoolP256r1', 'brainpoolP384r1'],
    rsaBits: { min: 2048, max: 8192 },
    hashes: ['SHA-256', 'SHA-384', 'SHA-512'],
    clientKeys: { curves: ['P-256', 'P-384', 'brainpoolP256r1', 'brainpoolP384r1'], rsa: false },
    sni: 'build-option',
    notes: [
      "STSAFE-A110 holds NIST P-256/P-384 and Brainpool 256/384 keys only; the TLS stack is the firmware's mbedTLS.",
      'Cipher suites depend on the firmware build: not checked here.',
    ],
  },
};

export function stackFor(family: DeviceFamily): TlsStack {
  switch (family) {
    case 'nrf91':
      return TLS_STACKS['nrf91-modem'];
    case 'zephyr-tls-shell':
      return TLS_STACKS['zephyr-mbedtls'];
    case 'secure-element':
      return TLS_STACKS['secure-element-mbedtls'];
  }
}

/** Names as the worker's inspect reports them ('P-256', or an OID) mapped to the table's names. */
export function curveName(curve: string | null): string | null {
  if (!curve) return null;
  const byOid: Record<string, string> = {
    '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
    '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
    '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
  };
  return byOid[curve] ?? curve;
}

/** The board families a broker check can assume without a board, with their TLS stack's words, for a picker. */
export const STACK_FAMILY_CHOICES: readonly { readonly family: DeviceFamily; readonly label: string }[] = [
  { family: 'nrf91', label: 'nRF91 (modem TLS)' },
  { family: 'zephyr-tls-shell', label: 'Zephyr with mbedTLS' },
  { family: 'secure-element', label: 'Secure element + mbedTLS' },
];
