import { describe, expect, it } from 'vitest';
import { decode } from './decode.ts';
import type { Decoded, DecodedKind } from '../types.ts';

interface Row {
  readonly input: string;
  readonly kind: DecodedKind;
  readonly canonical: string;
  /** a substring of the first result's name */
  readonly name: string;
  readonly confidence?: Decoded['confidence'];
}

// Real formats: Zephyr sockets_tls / mbedTLS hook lines, mbedTLS debug.c output, ESP-IDF esp-tls and MQTT client
// lines, nRF91 modem final results, and the bare numbers people paste from tickets.
const TABLE: readonly Row[] = [
  // bare numbers in every mbedTLS form
  {
    input: '0xc680',
    kind: 'mbedtls',
    canonical: '-0x3980',
    name: 'MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE',
    confidence: 'likely',
  },
  { input: '-0x2700', kind: 'mbedtls', canonical: '-0x2700', name: 'X509_CERT_VERIFY_FAILED' },
  { input: '-9984', kind: 'mbedtls', canonical: '-0x2700', name: 'X509_CERT_VERIFY_FAILED' },
  { input: '0xffffd900', kind: 'mbedtls', canonical: '-0x2700', name: 'X509_CERT_VERIFY_FAILED' },
  { input: '0xFFFF8880', kind: 'mbedtls', canonical: '-0x7780', name: 'SSL_FATAL_ALERT_MESSAGE' },
  {
    input: '-0x7800',
    kind: 'mbedtls',
    canonical: '-0x7800',
    name: 'SSL_UNRECOGNIZED_NAME (3.x) / MBEDTLS_ERR_SSL_PEER_VERIFY_FAILED (2.28)',
  },
  {
    input: '-0x6600',
    kind: 'mbedtls',
    canonical: '-0x6600',
    name: 'SSL_ILLEGAL_PARAMETER (3.x) / MBEDTLS_ERR_SSL_INVALID_VERIFY_HASH',
  },
  { input: '-0x6980', kind: 'mbedtls', canonical: '-0x6980', name: 'NO_USABLE_CIPHERSUITE (2.28 only)' },
  { input: '-0x3A00', kind: 'mbedtls', canonical: '-0x3A00', name: 'PK_UNKNOWN_NAMED_CURVE' },
  { input: '-0x3C80', kind: 'mbedtls', canonical: '-0x3C80', name: 'PK_UNKNOWN_PK_ALG' },
  { input: '-0x7100', kind: 'mbedtls', canonical: '-0x7100', name: 'SSL_BAD_INPUT_DATA' },
  { input: '-0x87', kind: 'psa', canonical: 'PSA_ERROR_INVALID_ARGUMENT (-135)', name: 'PSA_ERROR_INVALID_ARGUMENT' },
  {
    input: '-149',
    kind: 'psa',
    canonical: 'PSA_ERROR_INVALID_SIGNATURE (-149)',
    name: 'INVALID_SIGNATURE',
    confidence: 'likely',
  },
  {
    input: 'PSA_ERROR_NOT_PERMITTED',
    kind: 'psa',
    canonical: 'PSA_ERROR_NOT_PERMITTED (-133)',
    name: 'NOT_PERMITTED',
    confidence: 'certain',
  },
  {
    input: 'MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE',
    kind: 'mbedtls',
    canonical: '-0x7780',
    name: 'FATAL_ALERT',
    confidence: 'certain',
  },
  // mbedTLS debug lines (plain and through the Zephyr hook)
  {
    input: 'ssl_tls.c:9961: x509_verify_cert() returned -9984 (-0x2700)',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
    confidence: 'certain',
  },
  {
    input: '[00:00:06.211,334] <err> mbedtls: ssl_tls.c:9961: x509_verify_cert() returned -9984 (-0x2700)',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
    confidence: 'certain',
  },
  {
    input: 'ssl_tls.c:4521: |1| mbedtls_ssl_handshake() returned -30592 (-0x7780)',
    kind: 'mbedtls',
    canonical: '-0x7780',
    name: 'FATAL_ALERT_MESSAGE',
    confidence: 'certain',
  },
  {
    input: '[00:00:06.300,000] <wrn> mbedtls: ssl_msg.c:4840: got an alert message, type: [2:48]',
    kind: 'tls-alert',
    canonical: '[2:48]',
    name: 'unknown_ca (fatal)',
    confidence: 'certain',
  },
  {
    input: 'ssl_msg.c:4850: is a fatal alert message (msg 40)',
    kind: 'tls-alert',
    canonical: '[2:40]',
    name: 'handshake_failure',
  },
  {
    input: '[00:00:06.120,000] <inf> mbedtls: ssl_msg.c:5059: send alert level=2 message=48',
    kind: 'tls-alert',
    canonical: '[2:48]',
    name: 'unknown_ca',
  },
  {
    input: '[00:00:06.118,000] <inf> mbedtls: ssl_tls.c:8878: ! Certificate verification flags 00000008',
    kind: 'x509-flags',
    canonical: 'flags 0x00000008',
    name: 'BADCERT_NOT_TRUSTED',
    confidence: 'certain',
  },
  {
    input: 'ssl_tls.c:8878: |3| ! Certificate verification flags 00000201',
    kind: 'x509-flags',
    canonical: 'flags 0x00000201',
    name: 'BADCERT_EXPIRED | BADCERT_FUTURE',
  },
  {
    input: 'ssl_tls.c:8878: ! Certificate verification flags 4',
    kind: 'x509-flags',
    canonical: 'flags 0x00000004',
    name: 'CN_MISMATCH',
  },
  {
    input:
      'ssl_msg.c:2087: requesting more data than fits  ssl_msg.c:2150: mbedtls_ssl_fetch_input() returned -28928 (-0x7100)',
    kind: 'mbedtls',
    canonical: '-0x7100',
    name: 'SSL_BAD_INPUT_DATA',
  },
  // Zephyr sockets
  {
    input: '[00:00:06.230,000] <err> net_sock_tls: TLS handshake error: -0x7780',
    kind: 'mbedtls',
    canonical: '-0x7780',
    name: 'FATAL_ALERT_MESSAGE',
    confidence: 'certain',
  },
  {
    input: '[00:00:03.001,000] <err> net_sock_tls: TLS handshake error: -7780',
    kind: 'mbedtls',
    canonical: '-0x7780',
    name: 'FATAL_ALERT_MESSAGE',
    confidence: 'certain',
  },
  {
    input: '[00:00:03.001,000] <err> net_sock_tls: TLS handshake error: -2700',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
  },
  { input: 'E: TLS handshake error: -0x3a00', kind: 'mbedtls', canonical: '-0x3A00', name: 'UNKNOWN_NAMED_CURVE' },
  {
    input: '[00:00:06.231,000] <err> mqtt_simple: mqtt_connect, error: -113',
    kind: 'errno',
    canonical: '-113 (ECONNABORTED)',
    name: 'ECONNABORTED',
  },
  {
    input: '[00:00:09.002,000] <err> app: connect() failed, errno 116',
    kind: 'errno',
    canonical: '116 (ETIMEDOUT)',
    name: 'ETIMEDOUT',
  },
  {
    input: '<err> aws_iot: mqtt_connect, error: ECONNREFUSED',
    kind: 'errno',
    canonical: '111 (ECONNREFUSED)',
    name: 'ECONNREFUSED',
    confidence: 'certain',
  },
  // ESP-IDF
  {
    input: 'E (5123) esp-tls-mbedtls: mbedtls_ssl_handshake returned -0x2700',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
  },
  {
    input:
      'I (5124) esp-tls-mbedtls: (FFFFD900): X509 - Certificate verification failed, e.g. CRL, CA or signature check failed',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
    confidence: 'certain',
  },
  {
    input: 'E (5130) MQTT_CLIENT: esp_tls_stack_err=9984',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
    confidence: 'likely',
  },
  {
    input: 'E (5131) mqtt_example: Last error reported from tls stack: 0x2700',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
  },
  {
    input: 'E (5132) app: esp_tls_last_esp_err=32794, esp_tls_stack_err=30592, esp_tls_cert_verify_flags=0',
    kind: 'mbedtls',
    canonical: '-0x7780',
    name: 'FATAL_ALERT_MESSAGE',
  },
  {
    input: 'E (5133) app: esp_tls_cert_verify_flags=8',
    kind: 'x509-flags',
    canonical: 'flags 0x00000008',
    name: 'NOT_TRUSTED',
  },
  {
    input: 'I (5125) esp-tls-mbedtls: verification info:   ! The certificate is not correctly signed by the trusted CA',
    kind: 'x509-flags',
    canonical: 'flags 0x00000008',
    name: 'NOT_TRUSTED',
    confidence: 'certain',
  },
  {
    input: 'W (812) mbedtls: ssl_tls.c:8778 x509_verify_cert() returned -9984 (-0x2700)',
    kind: 'mbedtls',
    canonical: '-0x2700',
    name: 'CERT_VERIFY_FAILED',
  },
  // modem lines
  {
    input: '+CME ERROR: 518',
    kind: 'nrf-cme',
    canonical: '+CME ERROR: 518',
    name: 'Not allowed in active state',
    confidence: 'certain',
  },
  { input: '+CME ERROR: 513', kind: 'nrf-cme', canonical: '+CME ERROR: 513', name: 'Not found' },
  { input: '+CME ERROR: 514', kind: 'nrf-cme', canonical: '+CME ERROR: 514', name: 'No access' },
  { input: '+CME ERROR: 527', kind: 'nrf-cme', canonical: '+CME ERROR: 527', name: 'Invalid content' },
  // alerts and flags as people write them
  { input: '[2:48]', kind: 'tls-alert', canonical: '[2:48]', name: 'unknown_ca' },
  { input: 'alert 40', kind: 'tls-alert', canonical: 'alert 40', name: 'handshake_failure' },
  { input: 'flags 0x200', kind: 'x509-flags', canonical: 'flags 0x00000200', name: 'BADCERT_FUTURE' },
  { input: 'unknown_ca', kind: 'tls-alert', canonical: 'alert 48', name: 'unknown_ca' },
  { input: 'errno 113', kind: 'errno', canonical: '113 (ECONNABORTED)', name: 'ECONNABORTED' },
  {
    input: 'ECONNABORTED',
    kind: 'errno',
    canonical: '113 (ECONNABORTED)',
    name: 'ECONNABORTED',
    confidence: 'certain',
  },
];

describe('decode() on real-format inputs', () => {
  it('reads every kind of code from these inputs, and bare numbers where they were pasted', () => {
    expect([...new Set(TABLE.map((row) => decode(row.input)[0]?.kind))].sort()).toEqual([
      'errno',
      'mbedtls',
      'nrf-cme',
      'psa',
      'tls-alert',
      'x509-flags',
    ]);
    const [padded] = decode('  \n 9984 \n');
    expect(padded).toMatchObject({ canonical: '-0x2700', read: '9984', span: [4, 8] });
  });

  it.each(TABLE)('$input -> $canonical', ({ input, kind, canonical, name, confidence }) => {
    const [first] = decode(input);
    expect(first, 'nothing decoded').toBeDefined();
    expect(first!.kind).toBe(kind);
    expect(first!.canonical).toBe(canonical);
    expect(first!.name).toContain(name);
    if (confidence) expect(first!.confidence).toBe(confidence);
    expect(input.slice(first!.span[0], first!.span[1])).toBe(first!.read);
    expect(first!.meaning.length).toBeGreaterThan(10);
  });
});

describe('decode() details', () => {
  it('splits a combined code into high and low parts with both named', () => {
    const [d] = decode('-0x2180'); // X509_INVALID_FORMAT alone
    expect(d?.kind === 'mbedtls' && d.high?.byVersion['3.6']?.name).toBe('MBEDTLS_ERR_X509_INVALID_FORMAT');
    const [c] = decode('-0x21E0');
    if (c?.kind !== 'mbedtls') throw new Error('expected mbedtls');
    expect(c.high?.byVersion['3.6']?.name).toBe('MBEDTLS_ERR_X509_INVALID_FORMAT');
    expect(c.low?.byVersion['3.6']?.name).toBe('MBEDTLS_ERR_ASN1_OUT_OF_DATA');
    expect(c.name).toBe('MBEDTLS_ERR_X509_INVALID_FORMAT + MBEDTLS_ERR_ASN1_OUT_OF_DATA');
    expect(c.versions).toContain('4.x never adds');
  });

  it('skips the low part after SSL_FATAL_ALERT_MESSAGE as strerror does', () => {
    const [d] = decode('-0x7782');
    if (d?.kind !== 'mbedtls') throw new Error('expected mbedtls');
    expect(d.lowIgnored).toBe(true);
    expect(d.low).toBeUndefined();
    expect(d.name).toBe('MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE');
  });

  it('shows a 2.28 / 3.x difference side by side', () => {
    const [d] = decode('-0x7E80');
    if (d?.kind !== 'mbedtls') throw new Error('expected mbedtls');
    expect(d.difference).toBe('changed');
    expect(d.high?.byVersion['2.28']?.name).toBe('MBEDTLS_ERR_SSL_BAD_HS_FINISHED');
    expect(d.high?.byVersion['3.6']?.name).toBe('MBEDTLS_ERR_SSL_CACHE_ENTRY_NOT_FOUND');
    expect(d.meaning).toMatch(/mbedTLS 3\.6\/4\.x: .*mbedTLS 2\.28: /);
  });

  it('says 4.x returns a PSA code where 3.6 returned SSL_BAD_INPUT_DATA', () => {
    const [d] = decode('-0x7100');
    if (d?.kind !== 'mbedtls') throw new Error('expected mbedtls');
    expect(d.high?.byVersion['4.x']?.psaAlias).toBe('PSA_ERROR_INVALID_ARGUMENT');
    expect(d.meaning).toContain('PSA_ERROR_INVALID_ARGUMENT (-135)');
  });

  it('is explicit when -116 could be errno or mbedTLS', () => {
    const results = decode('-116');
    expect(results.map((d) => d.kind).sort()).toEqual(['errno', 'mbedtls']);
    for (const d of results) {
      expect(d.confidence).toBe('possible');
      expect(d.ambiguity).toMatch(/could also be/);
    }
    const errno = results.find((d) => d.kind === 'errno');
    expect(errno?.kind === 'errno' && errno.byLibc.picolibc).toBe('ETIMEDOUT');
  });

  it('names errno per C library with the caveat', () => {
    const [d] = decode('errno 53');
    if (d?.kind !== 'errno') throw new Error('expected errno');
    expect(d.byLibc['zephyr-minimal-old']).toBe('ECONNABORTED');
    expect(d.versions).toMatch(/C library/);
  });

  it('offers the old Zephyr hex reading and the decimal reading of a bare -7780', () => {
    const results = decode('-7780');
    expect(results[0]?.canonical).toBe('-0x7780');
    expect(results[0]?.form).toMatch(/without 0x/);
    expect(results.some((d) => d.canonical === '-0x1E64')).toBe(true);
  });

  it('lists X.509 flags one by one with the alert mbedTLS sends', () => {
    const [d] = decode('! Certificate verification flags 00000209');
    if (d?.kind !== 'x509-flags') throw new Error('expected flags');
    expect(d.flags.map((f) => f.bit)).toEqual([0x01, 0x08, 0x200]);
    expect(d.alertSent).toBe(45);
  });

  it('decodes several codes on one line and many lines', () => {
    const results = decode('got an alert message, type: [2:40]\nTLS handshake error: -0x7780\n+CME ERROR: 514');
    expect(results.map((d) => d.kind)).toEqual(['tls-alert', 'mbedtls', 'nrf-cme']);
  });

  it('returns nothing for text without codes, and for empty input', () => {
    expect(decode('')).toEqual([]);
    expect(decode('   ')).toEqual([]);
    expect(decode('hello world')).toEqual([]);
    expect(decode('%XMODEMUUID: 50503041-3633-4261-803d-1e2b8f70111a')).toEqual([]);
  });
});
