// Layer: diagnostics, curated source data (generator input only). Plain-language advice for the X.509, PK, ECP, PEM,
// ASN.1, NET and RNG codes met when a board loads its credentials or checks the server (keys without MBEDTLS_ERR_).
import type { Advice } from '../../types.ts';

const CURVE_CHECK =
  'Compare the certificate key curve with the curves compiled into the board (CONFIG_MBEDTLS_ECP_DP_*).';

export const PKI_ADVICE: Readonly<Record<string, Advice>> = {
  X509_CERT_VERIFY_FAILED: {
    meaning: 'The server certificate chain did not verify on the board. The verify flags say why.',
    causes: [
      'The board CA store does not anchor the server chain (flag 0x08 NOT_TRUSTED): wrong or old root CA.',
      'The board clock is wrong or unset (0x01 EXPIRED, 0x200 FUTURE).',
      'The host name set on the board does not match the certificate (0x04 CN_MISMATCH).',
      'The chain uses a key or hash the board profile refuses (0x4000 BAD_MD, 0x8000 BAD_PK, 0x10000 BAD_KEY).',
    ],
    checks: [
      'Find "! Certificate verification flags" in the log and decode the flags.',
      'Check the root CA stored at the sec_tag matches the broker (AWS: Amazon Root CA 1; Azure: DigiCert Global Root G2).',
      'Check the board time source if dates are involved.',
    ],
  },
  X509_INVALID_FORMAT: {
    meaning: 'A certificate, CRL or CSR is not well-formed DER.',
    causes: [
      'Truncated or corrupted credential.',
      'PEM stored without the terminating NUL where the stack needs it (Zephyr).',
    ],
    checks: ['Read the credential back and compare its SHA-256 with the file you meant to write.'],
  },
  X509_UNKNOWN_SIG_ALG: {
    meaning: 'A certificate is signed with an algorithm the board does not support.',
    causes: ['RSA-PSS or a hash (SHA-384/512) not compiled in.', 'An Ed25519 certificate.'],
    checks: ['Check the signature algorithm of each certificate in the chain against the board configuration.'],
  },
  X509_INVALID_DATE: {
    meaning: 'A validity date in a certificate could not be parsed.',
    causes: ['Corrupted certificate or an unusual time encoding.'],
    checks: ['Inspect the certificate with the crypto tools in KeyWire.'],
  },
  X509_CERT_UNKNOWN_FORMAT: {
    meaning: 'The credential is neither DER nor PEM.',
    causes: ['Written with the wrong encoding (base64 without PEM armour, hex text).'],
    checks: ['Write PEM with LF line endings, including the BEGIN/END lines.'],
  },
  X509_FATAL_ERROR: {
    meaning: 'Chain verification stopped on a fatal condition.',
    causes: ['The chain is longer than MBEDTLS_X509_MAX_INTERMEDIATE_CA.', 'The application verify callback failed.'],
    checks: ['Count the certificates the server sends; check the verify callback.'],
  },
  X509_ALLOC_FAILED: {
    meaning: 'Out of memory while parsing a certificate.',
    causes: ['mbedTLS heap too small for the chain.'],
    checks: ['Raise the mbedTLS heap size.'],
  },
  PK_FEATURE_UNAVAILABLE: {
    meaning:
      'The key uses an algorithm that is not compiled into this mbedTLS build (e.g. RSA disabled for an RSA key).',
    causes: [
      'The server or client certificate is RSA but the firmware is built for ECC only (or the reverse).',
      'An opaque (PSA / secure element) key used with an operation it does not support.',
    ],
    checks: [
      'Check the key type of the client and server certificates against the firmware configuration (RSA, ECDSA, curves).',
    ],
  },
  PK_UNKNOWN_NAMED_CURVE: {
    meaning: 'The key uses an elliptic curve not compiled into the board.',
    causes: ['A P-384 or P-521 server key with only P-256 enabled.', 'A Brainpool or secp256k1 key.'],
    checks: [CURVE_CHECK],
  },
  PK_UNKNOWN_PK_ALG: {
    meaning: 'The key algorithm is not supported by this build (only RSA and EC are, when enabled).',
    causes: ['Server key type not compiled in (e.g. RSA disabled).', 'An Ed25519 key.'],
    checks: ['Check which key types the firmware enables (MBEDTLS_RSA_C, MBEDTLS_ECDSA_C).'],
  },
  PK_KEY_INVALID_FORMAT: {
    meaning: 'The private or public key could not be parsed.',
    causes: [
      'Key stored in a format the stack does not read (PKCS#8 encrypted, OpenSSH).',
      'Truncated key or missing NUL terminator.',
    ],
    checks: ['Store the key as unencrypted PEM (SEC1 or PKCS#8) and check its length.'],
  },
  PK_TYPE_MISMATCH: {
    meaning: 'The key type does not fit the operation (e.g. an EC key used for RSA).',
    causes: ['The private key at the sec_tag does not belong to the certificate.'],
    checks: ['Run the KeyWire health check: it compares the certificate key with the board key.'],
  },
  PK_PASSWORD_REQUIRED: {
    meaning: 'The private key is encrypted and no password was given.',
    causes: ['An encrypted PEM key was written to the board.'],
    checks: ['Write an unencrypted key (better: let the board generate its own key).'],
  },
  PK_INVALID_PUBKEY: {
    meaning: 'The public key in a certificate is malformed or of an unsupported type.',
    causes: ['Corrupted certificate.', 'Unsupported key type.'],
    checks: ['Inspect the certificate key with KeyWire.'],
  },
  ECP_FEATURE_UNAVAILABLE: {
    meaning: 'The requested curve or EC feature is not compiled in.',
    causes: ['Server or client key on a curve that is disabled in the firmware.'],
    checks: [CURVE_CHECK],
  },
  ECP_VERIFY_FAILED: {
    meaning: 'An ECDSA signature did not verify.',
    causes: ['The certificate and private key do not belong together.', 'A corrupted certificate.'],
    checks: ['Run the KeyWire health check to compare the certificate with the board key.'],
  },
  ECP_INVALID_KEY: {
    meaning: 'An EC private or public key is invalid for its curve.',
    causes: ['Corrupted key material or a key for another curve.'],
    checks: ['Regenerate the key on the board and reissue the certificate.'],
  },
  RSA_VERIFY_FAILED: {
    meaning: 'An RSA signature did not verify.',
    causes: ['Certificate and key mismatch, or a corrupted certificate.'],
    checks: ['Compare the certificate key with the board key.'],
  },
  PEM_NO_HEADER_FOOTER_PRESENT: {
    meaning: 'No "-----BEGIN ...-----" line was found.',
    causes: [
      'The credential was written as DER or bare base64 while the stack expects PEM.',
      'Not an error when mbedTLS then tries DER.',
    ],
    checks: ['Write PEM including the BEGIN/END lines, with LF line endings.'],
  },
  PEM_INVALID_DATA: {
    meaning: 'The PEM armour is present but the content is not valid base64 / not as expected.',
    causes: ['CRLF or stray characters inside the base64, a line cut in half by a terminal.'],
    checks: ['Compare the SHA-256 of the stored credential with the file; write with LF line endings.'],
  },
  ASN1_OUT_OF_DATA: {
    meaning: 'The DER data ended early: the credential is truncated.',
    causes: ['Credential cut by a buffer limit or an interrupted write.', 'Wrong length passed to the parser.'],
    checks: ['Read the credential back and compare its size and SHA-256 with the original.'],
  },
  ASN1_UNEXPECTED_TAG: {
    meaning: 'The DER structure has an unexpected element: wrong object type or a corrupted file.',
    causes: ['A key given where a certificate was expected, or the reverse.', 'Corrupted data.'],
    checks: ['Check the credential type at the sec_tag (certificate vs key).'],
  },
  ASN1_LENGTH_MISMATCH: {
    meaning: 'A DER length does not match the data.',
    causes: ['Trailing bytes or a truncated credential.'],
    checks: ['Check the stored length (Zephyr: PEM length includes the NUL, DER does not).'],
  },
  NET_CONNECT_FAILED: {
    meaning: 'The TCP connection to the server failed.',
    causes: ['Server unreachable, wrong port, no network.'],
    checks: ['Check the network registration, DNS and port.'],
  },
  NET_UNKNOWN_HOST: {
    meaning: 'The host name could not be resolved.',
    causes: ['DNS not available or wrong host name.'],
    checks: ['Check the endpoint name and DNS server.'],
  },
  NET_CONN_RESET: {
    meaning: 'The server reset the connection.',
    causes: ['The broker rejected the client (certificate not active, policy) or a middlebox reset it.'],
    checks: ['Check the broker logs for the client certificate.'],
  },
  NET_RECV_FAILED: {
    meaning: 'Reading from the socket failed.',
    causes: ['Connection lost or reset during the handshake.'],
    checks: ['Check the network and the socket errno logged next to it.'],
  },
  NET_SEND_FAILED: {
    meaning: 'Sending through the socket failed.',
    causes: ['Connection lost or reset during the handshake.'],
    checks: ['Check the network and the socket errno logged next to it.'],
  },
  CTR_DRBG_ENTROPY_SOURCE_FAILED: {
    meaning: 'The random generator could not get entropy.',
    causes: ['No hardware entropy source configured, or it failed.'],
    checks: ['Check the entropy driver (Zephyr CONFIG_ENTROPY_GENERATOR) is enabled.'],
  },
  ENTROPY_SOURCE_FAILED: {
    meaning: 'A critical entropy source failed.',
    causes: ['Hardware RNG driver missing or failing.'],
    checks: ['Check the entropy driver is enabled and working.'],
  },
};
