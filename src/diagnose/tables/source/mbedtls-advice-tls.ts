// Layer: diagnostics, curated source data (generator input only). Plain-language meaning, likely causes and next
// checks for the mbedTLS SSL codes that show up when a board provisions or connects (keys: names without
// MBEDTLS_ERR_). Causes come from diagnostics facts: Zephyr defaults, nRF91 limits, broker rules.
import type { Advice } from '../../types.ts';

export const SSL_ADVICE: Readonly<Record<string, Advice>> = {
  SSL_FATAL_ALERT_MESSAGE: {
    meaning: 'The server ended the handshake with a fatal alert: it refused something the board sent.',
    causes: [
      'The server does not trust the CA that issued the board certificate (alert 48 unknown_ca).',
      'No cipher suite or signature algorithm in common (alert 40 handshake_failure).',
      'The board sent no client certificate or the wrong one (alerts 42, 46, 116).',
      'SNI missing where the server needs it (AWS IoT: alert 40 or 112).',
    ],
    checks: [
      'Find "got an alert message, type: [2:N]" in the log (mbedTLS debug level 2) and decode N.',
      'Check the client certificate is registered and active at the broker, and its CA is registered.',
      'Check the board sets the server name (SNI) and offers suites the broker accepts.',
    ],
  },
  SSL_BAD_INPUT_DATA: {
    meaning:
      'A function got bad input; during a handshake this usually means a TLS record was larger than the board input buffer ("requesting more data than fits").',
    causes: [
      'The server certificate chain does not fit the record buffer (Zephyr MBEDTLS_SSL_IN_CONTENT_LEN / SSL_MAX_CONTENT_LEN, 1500 by default in some configurations).',
      'Max Fragment Length negotiation not supported by the server while the board buffer is small.',
      'A credential passed with a wrong length (Zephyr PEM credentials need the terminating NUL in the length).',
    ],
    checks: [
      'Look for "requesting more data than fits" right before the error.',
      'Raise CONFIG_MBEDTLS_SSL_MAX_CONTENT_LEN (or IN_CONTENT_LEN) to at least the server chain size plus overhead (16384 is safe).',
      'Compare the server chain size with the board limit (nRF91 modem: about 4 kB).',
    ],
  },
  SSL_INVALID_RECORD: {
    meaning: 'The board received bytes that are not a valid TLS record.',
    causes: [
      'The server is not speaking TLS on that port (plain MQTT on 1883, HTTP proxy).',
      'A record larger than the board buffer was cut (see "requesting more data than fits").',
      'TLS version mismatch on a very old server.',
    ],
    checks: [
      'Check host and port (MQTT over TLS is 8883; AWS also 443 with ALPN).',
      'Check buffer sizes against the server chain size.',
    ],
  },
  SSL_CONN_EOF: {
    meaning: 'The server closed the TCP connection in the middle of the handshake without an alert.',
    causes: [
      'The broker rejected the client certificate silently (AWS IoT: certificate not active or no policy attached).',
      'A firewall or NAT closed the connection; the modem lost the network.',
      'The server did not get SNI and dropped the connection.',
    ],
    checks: [
      'Check the certificate is registered, active and has a policy at the broker.',
      'Check SNI and the network registration (+CEREG).',
    ],
  },
  SSL_PEER_CLOSE_NOTIFY: {
    meaning: 'The server closed the connection cleanly (close_notify).',
    causes: [
      'Normal end of a session, or the broker disconnected the client after the handshake (policy, duplicate client id).',
    ],
    checks: ['If it happens right after CONNECT, check the MQTT client id and the broker policy.'],
  },
  SSL_TIMEOUT: {
    meaning: 'The handshake or read timed out waiting for the server.',
    causes: [
      'No network or a very slow link.',
      'The server address is wrong or filtered.',
      'A packet was lost and DTLS retransmission gave up.',
    ],
    checks: [
      'Check registration and signal (+CEREG, +CESQ).',
      'Check the host name resolves and the port is reachable.',
    ],
  },
  SSL_HANDSHAKE_FAILURE: {
    meaning: 'The handshake negotiation failed: the two sides could not agree on parameters.',
    causes: [
      'No cipher suite in common.',
      'No signature algorithm or curve in common.',
      'The board has no certificate usable with the chosen suite.',
    ],
    checks: [
      'Compare the suites in the client hello with what the broker accepts.',
      'Check the key type of the client certificate against the suites offered.',
    ],
  },
  SSL_NO_CIPHER_CHOSEN: {
    meaning: 'The server has no cipher suite in common with the board.',
    causes: [
      'The board firmware compiled only suites the broker does not offer (e.g. only ECDHE-ECDSA against an RSA-only server).',
    ],
    checks: ['Compare the offered suites with the broker list (Azure IoT Hub TLS 1.2: ECDHE-RSA GCM/CBC only).'],
  },
  SSL_NO_USABLE_CIPHERSUITE: {
    meaning:
      'None of the cipher suites in common is usable, typically because no suitable certificate or key is configured.',
    causes: [
      'The own certificate key type does not match the suite (an EC key with an RSA suite).',
      'The curve of the key is not enabled.',
    ],
    checks: ['Check the client certificate key type and curve against the suites offered.'],
  },
  SSL_CA_CHAIN_REQUIRED: {
    meaning: 'Verification is required but no CA certificate is configured on the board.',
    causes: [
      'The CA was never written to the sec_tag the socket uses.',
      'The socket was given the wrong sec_tag list.',
    ],
    checks: ['List the credentials on the board and check a CA certificate exists at the sec_tag the firmware uses.'],
  },
  SSL_PRIVATE_KEY_REQUIRED: {
    meaning: 'The server asked for a client certificate but no private key (or PSK) is configured.',
    causes: [
      'The private key is missing at the sec_tag, or was not loaded (Zephyr: credential load returned -EINVAL).',
    ],
    checks: ['List the sec_tag and check it holds a private key next to the client certificate.'],
  },
  SSL_CERTIFICATE_REQUIRED: {
    meaning: 'The board has no own certificate set, but the server asked for one.',
    causes: ['No client certificate at the sec_tag used by the socket.'],
    checks: ['Check the client certificate exists at the sec_tag and loads without error.'],
  },
  SSL_NO_APPLICATION_PROTOCOL: {
    meaning: 'The server supports none of the ALPN protocols the board offered.',
    causes: ['AWS IoT on port 443 needs ALPN "x-amzn-mqtt-ca"; a wrong or missing ALPN list fails here.'],
    checks: ['Check the ALPN list configured on the socket (TLS_ALPN_LIST on Zephyr).'],
  },
  SSL_PEER_VERIFY_FAILED: {
    meaning: 'Verification of the server failed.',
    causes: ['The server chain does not verify against the board CA store.', 'Hostname mismatch.'],
    checks: ['Look for "! Certificate verification flags" in the log and decode the flags.'],
  },
  SSL_UNRECOGNIZED_NAME: {
    meaning: 'No server matched the SNI name the board sent.',
    causes: ['Wrong endpoint name configured on the board.', 'The board sends an IP address or an empty name.'],
    checks: ['Check the host name set with TLS_HOSTNAME / mbedtls_ssl_set_hostname.'],
  },
  SSL_BAD_HS_CERTIFICATE: {
    meaning: 'The Certificate message could not be processed: parsing the server chain failed or it did not verify.',
    causes: [
      'A server certificate uses an algorithm or curve not compiled in.',
      'The chain is larger than the buffer.',
    ],
    checks: ['Decode the low-level part of the code, if any, and the verify flags in the log.'],
  },
  SSL_BAD_CERTIFICATE: {
    meaning: 'The Certificate message could not be processed: parsing the server chain failed or it did not verify.',
    causes: [
      'A server certificate uses an algorithm or curve not compiled in.',
      'The chain is larger than the buffer.',
    ],
    checks: ['Decode the low-level part of the code, if any, and the verify flags in the log.'],
  },
  SSL_CERTIFICATE_VERIFICATION_WITHOUT_HOSTNAME: {
    meaning: 'mbedTLS 3.6 refuses to verify a server certificate when no expected host name was set.',
    causes: ['Firmware did not set the host name (Zephyr: TLS_HOSTNAME socket option not set).'],
    checks: ['Set the host name before connect; it must match the server certificate (CN or SAN).'],
  },
  SSL_BAD_HS_PROTOCOL_VERSION: {
    meaning: 'The server picked a TLS version outside what the board allows.',
    causes: ['The server offers only TLS 1.3 and the board only TLS 1.2, or the reverse.'],
    checks: ['Check CONFIG_MBEDTLS_TLS_VERSION_1_2 / 1_3 against the server.'],
  },
  SSL_BAD_PROTOCOL_VERSION: {
    meaning: 'The server picked a TLS version outside what the board allows.',
    causes: ['The server offers only TLS 1.3 and the board only TLS 1.2, or the reverse.'],
    checks: ['Check CONFIG_MBEDTLS_TLS_VERSION_1_2 / 1_3 against the server.'],
  },
  SSL_ALLOC_FAILED: {
    meaning: 'mbedTLS ran out of heap during the handshake.',
    causes: [
      'The mbedTLS heap (CONFIG_MBEDTLS_HEAP_SIZE) is too small for the chain and buffers.',
      'A memory leak across reconnects.',
    ],
    checks: ['Raise the mbedTLS heap; check it is freed between attempts (does the first attempt succeed?).'],
  },
  SSL_BUFFER_TOO_SMALL: {
    meaning: 'A handshake message does not fit the TLS buffer.',
    causes: ['Own certificate chain larger than the output buffer.', 'A large ClientHello (many suites, long SNI).'],
    checks: ['Compare the client chain size with MBEDTLS_SSL_OUT_CONTENT_LEN.'],
  },
  SSL_INTERNAL_ERROR: {
    meaning: 'A lower-level module failed inside the TLS stack.',
    causes: [
      'A crypto operation failed (hardware driver, PSA key not usable, opaque key without the right usage flags).',
    ],
    checks: ['Look for the failing function just before ("... returned -0x...").'],
  },
  SSL_UNEXPECTED_MESSAGE: {
    meaning: 'The server sent a message the board did not expect at that point.',
    causes: ['Protocol mismatch (DTLS vs TLS, TLS 1.3 features the board lacks).'],
    checks: ['Check the TLS version and transport configured on both ends.'],
  },
  SSL_CERTIFICATE_TOO_LARGE: {
    meaning: "The board's own certificate chain is too large to send in a TLS message.",
    causes: ['Client chain larger than the output buffer.'],
    checks: ['Shorten the client chain or raise the output buffer size.'],
  },
  SSL_UNSUPPORTED_EXTENSION: {
    meaning: 'The server hello contained an extension the board does not support.',
    causes: ['Server / board TLS feature mismatch (e.g. record size limit, max fragment length).'],
    checks: ['Check which extensions the board offered in the client hello.'],
  },
  SSL_INVALID_MAC: {
    meaning: 'A record failed its integrity check.',
    causes: ['Corrupted link, or the two sides derived different keys (rare; buggy hardware acceleration).'],
    checks: ['Retry; if repeatable, disable hardware acceleration to compare.'],
  },
  SSL_WANT_READ: {
    meaning: 'Not an error: the call must be repeated when more data arrives (non-blocking socket).',
    causes: ['Normal on non-blocking sockets.'],
    checks: ['Only a problem if the application treats it as a failure.'],
  },
  SSL_WANT_WRITE: {
    meaning: 'Not an error: the call must be repeated when the socket can send (non-blocking socket).',
    causes: ['Normal on non-blocking sockets.'],
    checks: ['Only a problem if the application treats it as a failure.'],
  },
};
