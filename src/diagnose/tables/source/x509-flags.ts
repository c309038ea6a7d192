// Layer: diagnostics, curated source data (generator input only). X.509 verify result flags (mbedtls/x509.h
// MBEDTLS_X509_BADCERT_* / BADCRL_*), the sentence mbedtls_x509_crt_verify_info prints for each (x509_crt.c), and what
// a technician should make of it. `alert` is the alert mbedTLS sends after a failed verify, in its priority order.

export interface X509FlagSource {
  readonly bit: number;
  readonly name: string;
  readonly text: string;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

export const X509_FLAG_SOURCE: readonly X509FlagSource[] = [
  {
    bit: 0x01,
    name: 'MBEDTLS_X509_BADCERT_EXPIRED',
    text: 'The certificate validity has expired',
    meaning: 'A certificate in the chain is past its end date, by the board clock.',
    causes: [
      'The board clock is wrong (no time sync before the handshake).',
      'The server or CA certificate really expired.',
    ],
    checks: [
      'Compare the board time with the real time.',
      'Check the validity dates of the server chain and the CA stored on the board.',
    ],
  },
  {
    bit: 0x02,
    name: 'MBEDTLS_X509_BADCERT_REVOKED',
    text: 'The certificate has been revoked (is on a CRL)',
    meaning: 'A certificate is on a CRL the board has.',
    causes: ['Revoked server certificate or an outdated CRL.'],
    checks: ['Check the CRL configured on the board.'],
  },
  {
    bit: 0x04,
    name: 'MBEDTLS_X509_BADCERT_CN_MISMATCH',
    text: 'The certificate Common Name (CN) does not match with the expected CN',
    meaning: 'The server certificate is not for the host name the board expects.',
    causes: [
      'Host name not set (Zephyr TLS_HOSTNAME), or set to an IP or another endpoint.',
      'Connecting to a regional or legacy endpoint with a different certificate.',
    ],
    checks: ['Check the host name the firmware sets against the certificate CN and SAN.'],
  },
  {
    bit: 0x08,
    name: 'MBEDTLS_X509_BADCERT_NOT_TRUSTED',
    text: 'The certificate is not correctly signed by the trusted CA',
    meaning: "The board's CA store does not anchor the server chain.",
    causes: [
      'The wrong root CA is stored (AWS: VeriSign legacy instead of Amazon Root CA 1; Azure: Baltimore instead of DigiCert Global Root G2).',
      'The CA was written to another sec_tag than the one the socket uses.',
      'An intermediate is missing and the server does not send it.',
    ],
    checks: [
      'Read the CA at the sec_tag and compare it with the root of the server chain.',
      'Use the KeyWire broker check with the server chain.',
    ],
  },
  {
    bit: 0x10,
    name: 'MBEDTLS_X509_BADCRL_NOT_TRUSTED',
    text: 'The CRL is not correctly signed by the trusted CA',
    meaning: 'A CRL on the board is not signed by a trusted CA.',
    causes: ['Wrong CRL for this CA.'],
    checks: ['Check the CRL and its issuer.'],
  },
  {
    bit: 0x20,
    name: 'MBEDTLS_X509_BADCRL_EXPIRED',
    text: 'The CRL is expired',
    meaning: 'The CRL on the board is out of date.',
    causes: ['CRL not refreshed, or board clock wrong.'],
    checks: ['Refresh the CRL; check the board time.'],
  },
  {
    bit: 0x40,
    name: 'MBEDTLS_X509_BADCERT_MISSING',
    text: 'Certificate was missing',
    meaning: 'The peer sent no certificate.',
    causes: ['Server misconfiguration, or PSK suite chosen while a certificate was expected.'],
    checks: ['Check the suite chosen and the server setup.'],
  },
  {
    bit: 0x80,
    name: 'MBEDTLS_X509_BADCERT_SKIP_VERIFY',
    text: 'Certificate verification was skipped',
    meaning: 'Verification was disabled (authmode none or optional).',
    causes: ['Firmware built with verification off.'],
    checks: ['Turn verification on in production.'],
  },
  {
    bit: 0x100,
    name: 'MBEDTLS_X509_BADCERT_OTHER',
    text: 'Other reason (can be used by verify callback)',
    meaning: 'The application verify callback rejected the certificate.',
    causes: ['Custom checks in the firmware (pinning, policy).'],
    checks: ['Check the firmware verify callback.'],
  },
  {
    bit: 0x200,
    name: 'MBEDTLS_X509_BADCERT_FUTURE',
    text: 'The certificate validity starts in the future',
    meaning: 'A certificate is not valid yet by the board clock: the clock is behind.',
    causes: [
      'Board clock not set (often 1970 or the build date).',
      'A freshly issued certificate and a slightly slow clock.',
    ],
    checks: ['Sync the board time (SNTP, modem network time) before connecting.'],
  },
  {
    bit: 0x400,
    name: 'MBEDTLS_X509_BADCRL_FUTURE',
    text: 'The CRL is from the future',
    meaning: 'The CRL is not valid yet by the board clock.',
    causes: ['Board clock behind.'],
    checks: ['Sync the board time.'],
  },
  {
    bit: 0x800,
    name: 'MBEDTLS_X509_BADCERT_KEY_USAGE',
    text: 'Usage does not match the keyUsage extension',
    meaning: 'A certificate keyUsage does not allow this use.',
    causes: ['Server certificate without digitalSignature / keyEncipherment as the suite needs.'],
    checks: ['Check the keyUsage of the certificates.'],
  },
  {
    bit: 0x1000,
    name: 'MBEDTLS_X509_BADCERT_EXT_KEY_USAGE',
    text: 'Usage does not match the extendedKeyUsage extension',
    meaning: 'The extendedKeyUsage does not allow server (or client) authentication.',
    causes: ['A client-only certificate used as server certificate, or the reverse.'],
    checks: ['Check the EKU: serverAuth for servers, clientAuth for boards.'],
  },
  {
    bit: 0x2000,
    name: 'MBEDTLS_X509_BADCERT_NS_CERT_TYPE',
    text: 'Usage does not match the nsCertType extension',
    meaning: 'The legacy Netscape certificate type does not allow this use.',
    causes: ['Old certificate with a restrictive nsCertType.'],
    checks: ['Reissue the certificate without nsCertType.'],
  },
  {
    bit: 0x4000,
    name: 'MBEDTLS_X509_BADCERT_BAD_MD',
    text: 'The certificate is signed with an unacceptable hash.',
    meaning: 'A certificate hash is not allowed by the board profile (e.g. SHA-1).',
    causes: ['SHA-1 signed certificate with the default profile (SHA-256/384/512 only).'],
    checks: ['Check the signature hash of each certificate in the chain.'],
  },
  {
    bit: 0x8000,
    name: 'MBEDTLS_X509_BADCERT_BAD_PK',
    text: 'The certificate is signed with an unacceptable PK alg (eg RSA vs ECDSA).',
    meaning: 'A certificate uses a public key algorithm the board profile refuses.',
    causes: ['RSA chain on an ECC-only profile, or the reverse.'],
    checks: ['Check the key algorithms in the chain against the board profile.'],
  },
  {
    bit: 0x10000,
    name: 'MBEDTLS_X509_BADCERT_BAD_KEY',
    text: 'The certificate is signed with an unacceptable key (eg bad curve, RSA too short).',
    meaning: 'A key in the chain is too weak or on a refused curve.',
    causes: ['RSA key below 2048 bits, or a curve outside the profile (default: P-256/384/521 and Brainpool).'],
    checks: ['Check key sizes and curves in the chain.'],
  },
  {
    bit: 0x20000,
    name: 'MBEDTLS_X509_BADCRL_BAD_MD',
    text: 'The CRL is signed with an unacceptable hash.',
    meaning: 'The CRL hash is not allowed by the profile.',
    causes: ['SHA-1 signed CRL.'],
    checks: ['Check the CRL signature hash.'],
  },
  {
    bit: 0x40000,
    name: 'MBEDTLS_X509_BADCRL_BAD_PK',
    text: 'The CRL is signed with an unacceptable PK alg (eg RSA vs ECDSA).',
    meaning: 'The CRL key algorithm is refused by the profile.',
    causes: ['CRL signer key type not allowed.'],
    checks: ['Check the CRL signer.'],
  },
  {
    bit: 0x80000,
    name: 'MBEDTLS_X509_BADCRL_BAD_KEY',
    text: 'The CRL is signed with an unacceptable key (eg bad curve, RSA too short).',
    meaning: 'The CRL signer key is too weak or on a refused curve.',
    causes: ['Weak CRL signer key.'],
    checks: ['Check the CRL signer key.'],
  },
];

/** The alert mbedTLS sends after a failed verify (ssl_tls.c), first matching rule wins; anything else: 46. */
export const VERIFY_ALERT_RULES: readonly (readonly [mask: number, alert: number])[] = [
  [0x100, 49],
  [0x04, 42],
  [0x800 | 0x1000 | 0x2000 | 0x8000 | 0x10000, 43],
  [0x01, 45],
  [0x02, 44],
  [0x08, 48],
];
export const VERIFY_ALERT_DEFAULT = 46;
