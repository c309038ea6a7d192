// Layer: diagnostics, data. Log messages from mbedTLS (debug output), Zephyr sockets and ESP-IDF esp-tls that carry
// no code but explain a failure. Matched against the message after its prefix; `error` notes can decide a diagnosis.
import type { Severity } from './timeline.ts';

export interface NoteRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly severity: Severity;
  readonly title: string;
  readonly note: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

const BUFFER_CHECK =
  'Raise CONFIG_MBEDTLS_SSL_MAX_CONTENT_LEN (or MBEDTLS_SSL_IN_CONTENT_LEN) above the server chain size; 16384 always fits.';

export const NOTE_RULES: readonly NoteRule[] = [
  {
    id: 'record-too-big',
    pattern: /requesting more data than fits/,
    severity: 'error',
    title: 'A TLS record from the server is larger than the board input buffer',
    note: 'mbedTLS cannot fit the next record in its input buffer ("requesting more data than fits").',
    causes: [
      'The server certificate chain is larger than the configured TLS buffer (Zephyr setups with 1500-4096 bytes).',
      'The server ignores Max Fragment Length.',
    ],
    checks: [BUFFER_CHECK, 'Compare the server chain size with the board limit (nRF91 modem: about 4 kB).'],
  },
  {
    id: 'no-ca-chain',
    pattern: /got no CA chain/,
    severity: 'error',
    title: 'No CA certificate is configured for this connection',
    note: 'Verification is required but the board has no CA chain for this socket.',
    causes: ['The CA was never written, or the socket uses another sec_tag.'],
    checks: ['List the board credentials and check the CA at the sec_tag the firmware uses.'],
  },
  {
    id: 'bad-curve',
    pattern: /bad certificate \(EC key curve\)/,
    severity: 'error',
    title: 'The server certificate uses an elliptic curve the board does not allow',
    note: 'The server key curve is not in the board curve list.',
    causes: ['P-384/P-521 server key with only P-256 enabled.'],
    checks: ['Enable the curve (CONFIG_MBEDTLS_ECP_DP_*) or connect to an endpoint with a supported key.'],
  },
  {
    id: 'bad-usage',
    pattern: /bad certificate \(usage extensions\)/,
    severity: 'error',
    title: 'The server certificate usage does not allow TLS server authentication',
    note: 'keyUsage / extendedKeyUsage of the server certificate do not fit.',
    causes: ['Wrong certificate installed on the server.'],
    checks: ['Check the EKU (serverAuth) of the server certificate.'],
  },
  {
    id: 'bad-server-hello',
    pattern: /bad server hello message/,
    severity: 'error',
    title: 'The server chose parameters the board did not offer',
    note: 'The ServerHello was refused (unknown suite or version).',
    causes: ['Server picked a suite not in the client hello (middlebox or misconfigured server).'],
    checks: ['Compare the chosen suite with the suites the board offered.'],
  },
  {
    id: 'alloc-failed',
    pattern: /alloc\(\d+ bytes\) failed/,
    severity: 'error',
    title: 'mbedTLS ran out of heap during the handshake',
    note: 'A memory allocation inside mbedTLS failed.',
    causes: ['mbedTLS heap too small for the buffers and the chain.'],
    checks: ['Raise CONFIG_MBEDTLS_HEAP_SIZE; check memory is freed between attempts.'],
  },
  {
    id: 'handshake-timeout',
    pattern: /TLS handshake timeout/,
    severity: 'error',
    title: 'The TLS handshake timed out',
    note: 'Zephyr gave up waiting for the server (connect returns ETIMEDOUT).',
    causes: ['No network, a wrong address or a filtered port.'],
    checks: ['Check registration (+CEREG), DNS and the port.'],
  },
  {
    id: 'esp-verify-failed',
    pattern: /Failed to verify peer certificate!/,
    severity: 'warn',
    title: 'The server certificate did not verify',
    note: 'esp-tls reports the server certificate did not verify; the verification info line says why.',
    causes: ['See the verification info / flags.'],
    checks: ['Decode the flags on the next lines.'],
  },
  {
    id: 'no-hostname',
    pattern: /without (having )?set (the )?hostname|set_hostname/i,
    severity: 'warn',
    title: 'No host name set for certificate verification',
    note: 'Certificate verification ran without an expected host name.',
    causes: ['Firmware does not set TLS_HOSTNAME / mbedtls_ssl_set_hostname.'],
    checks: ['Set the host name before connecting; mbedTLS 3.6 refuses to verify without it.'],
  },
];
