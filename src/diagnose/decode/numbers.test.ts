// readNumber, the reader of bare numbers (no log context): every printed form a code reaches a user in, each reading
// it offers, their order and confidence. A mistake here names the wrong error to someone debugging a board.
import { describe, expect, it } from 'vitest';
import { readNumber, type NumberHint } from './numbers.ts';

type Reading = [kind: string, canonical: string, form: string, confidence: 'likely' | 'possible'];

const ZEPHYR_HEX = 'negative hex printed without 0x (older Zephyr "-%x")';

const TABLE: [token: string, hint: NumberHint | null, readings: Reading[]][] = [
  // MBEDTLS_ERR_X509_CERT_VERIFY_FAILED (-0x2700) in every form it is printed in
  ['9984', null, [['mbedtls', '-0x2700', 'decimal magnitude (esp-tls style)', 'likely']]],
  ['+9984', null, [['mbedtls', '-0x2700', 'decimal magnitude (esp-tls style)', 'likely']]],
  ['-9984', null, [['mbedtls', '-0x2700', 'negative decimal', 'likely']]],
  ['0x2700', null, [['mbedtls', '-0x2700', 'hex magnitude without the minus sign', 'likely']]],
  ['-0x2700', null, [['mbedtls', '-0x2700', 'negative hex', 'likely']]],
  ['-2700', null, [['mbedtls', '-0x2700', ZEPHYR_HEX, 'likely']]],
  ['0xffffd900', null, [['mbedtls', '-0x2700', 'unsigned 32-bit', 'likely']]],
  ['FFFFD900', null, [['mbedtls', '-0x2700', 'unsigned 32-bit', 'likely']]],
  // MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE (-0x7780)
  ['30592', null, [['mbedtls', '-0x7780', 'decimal magnitude (esp-tls style)', 'likely']]],
  ['-30592', null, [['mbedtls', '-0x7780', 'negative decimal', 'likely']]],
  ['-0x7780', null, [['mbedtls', '-0x7780', 'negative hex', 'likely']]],
  ['0x7780', 'mbedtls', [['mbedtls', '-0x7780', 'hex magnitude without the minus sign', 'likely']]],
  [
    '-7780',
    null,
    [
      ['mbedtls', '-0x7780', ZEPHYR_HEX, 'possible'],
      ['mbedtls', '-0x1E64', 'negative decimal', 'possible'],
    ],
  ],
  ['-0x1e64', null, [['mbedtls', '-0x1E64', 'negative hex', 'likely']]],
  // unsigned 16-bit and small magnitudes
  ['0xc680', null, [['mbedtls', '-0x3980', 'unsigned 16-bit', 'likely']]],
  ['0xFFFF', null, [['mbedtls', '-0x0001', 'unsigned 16-bit', 'likely']]],
  ['-0x3a', null, [['mbedtls', '-0x003A', 'negative hex', 'likely']]],
  // PSA
  ['-149', null, [['psa', 'PSA_ERROR_INVALID_SIGNATURE (-149)', 'negative decimal', 'likely']]],
  ['-135', null, [['psa', 'PSA_ERROR_INVALID_ARGUMENT (-135)', 'negative decimal', 'likely']]],
  ['-0x87', null, [['psa', 'PSA_ERROR_INVALID_ARGUMENT (-135)', 'negative hex', 'likely']]],
  // errno, alerts, flags, CME: small decimals are ambiguous and say so
  [
    '-116',
    null,
    [
      ['errno', '-116 (ETIMEDOUT)', 'negative errno', 'possible'],
      ['mbedtls', '-0x0074', 'negative decimal', 'possible'],
    ],
  ],
  [
    '-116',
    'errno',
    [
      ['errno', '-116 (ETIMEDOUT)', 'negative errno', 'likely'],
      ['mbedtls', '-0x0074', 'negative decimal', 'possible'],
    ],
  ],
  [
    '116',
    null,
    [
      ['tls-alert', 'alert 116', 'TLS alert description', 'possible'],
      ['errno', '116 (ETIMEDOUT)', 'errno', 'possible'],
      ['mbedtls', '-0x0074', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '116',
    'errno',
    [
      ['errno', '116 (ETIMEDOUT)', 'errno', 'likely'],
      ['tls-alert', 'alert 116', 'TLS alert description', 'possible'],
      ['mbedtls', '-0x0074', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '48',
    null,
    [
      ['tls-alert', 'alert 48', 'TLS alert description', 'possible'],
      ['errno', '48 (EADDRINUSE)', 'errno', 'possible'],
      ['x509-flags', 'flags 0x00000030', 'X.509 verify flags (decimal)', 'possible'],
      ['mbedtls', '-0x0030', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '40',
    'alert',
    [
      ['tls-alert', 'alert 40', 'TLS alert description', 'likely'],
      ['errno', '40 (EDESTADDRREQ)', 'errno', 'possible'],
      ['x509-flags', 'flags 0x00000028', 'X.509 verify flags (decimal)', 'possible'],
      ['mbedtls', '-0x0028', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '128',
    null,
    [
      ['errno', '128 (ENOTCONN)', 'errno', 'likely'],
      ['x509-flags', 'flags 0x00000080', 'X.509 verify flags (decimal)', 'possible'],
    ],
  ],
  ['200', null, [['x509-flags', 'flags 0x000000c8', 'X.509 verify flags (decimal)', 'likely']]],
  ['256', null, [['x509-flags', 'flags 0x00000100', 'X.509 verify flags (decimal)', 'likely']]],
  [
    '8',
    null,
    [
      ['x509-flags', 'flags 0x00000008', 'X.509 verify flags (decimal)', 'possible'],
      ['mbedtls', '-0x0008', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '8',
    'flags',
    [
      ['x509-flags', 'flags 0x00000008', 'X.509 verify flags (decimal)', 'likely'],
      ['mbedtls', '-0x0008', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '4',
    'flags',
    [
      ['x509-flags', 'flags 0x00000004', 'X.509 verify flags (decimal)', 'likely'],
      ['errno', '4 (EINTR)', 'errno', 'possible'],
      ['nrf-cme', '+CME ERROR: 4', 'modem CME code', 'possible'],
      ['mbedtls', '-0x0004', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '0x8',
    null,
    [
      ['mbedtls', '-0x0008', 'hex magnitude without the minus sign', 'likely'],
      ['x509-flags', 'flags 0x00000008', 'X.509 verify flags (hex)', 'possible'],
    ],
  ],
  [
    '0x8',
    'flags',
    [
      ['x509-flags', 'flags 0x00000008', 'X.509 verify flags (hex)', 'likely'],
      ['mbedtls', '-0x0008', 'hex magnitude without the minus sign', 'possible'],
    ],
  ],
  // verify flags: one to three known bits
  [
    '7',
    null,
    [
      ['x509-flags', 'flags 0x00000007', 'X.509 verify flags (decimal)', 'possible'],
      ['mbedtls', '-0x0007', 'decimal magnitude', 'possible'],
    ],
  ],
  [
    '15', // four bits: not read as flags
    null,
    [
      ['errno', '15 (ENOTEMPTY)', 'errno', 'likely'],
      ['mbedtls', '-0x000F', 'decimal magnitude', 'possible'],
    ],
  ],
  ['0x209', null, [['x509-flags', 'flags 0x00000209', 'X.509 verify flags (hex)', 'likely']]],
  ['0x100000', null, []],
  ['0x8000', null, [['x509-flags', 'flags 0x00008000', 'X.509 verify flags (hex)', 'likely']]],
  [
    '518',
    null,
    [
      ['nrf-cme', '+CME ERROR: 518', 'modem CME code', 'likely'],
      ['x509-flags', 'flags 0x00000206', 'X.509 verify flags (decimal)', 'possible'],
    ],
  ],
  [
    '0',
    null,
    [
      ['tls-alert', 'alert 0', 'TLS alert description', 'likely'],
      ['nrf-cme', '+CME ERROR: 0', 'modem CME code', 'possible'],
    ],
  ],
  // the weak readings a hint promotes, and the forms only a whole code takes
  [
    '0x1081',
    null,
    [
      ['mbedtls', '-0x1081', 'hex magnitude without the minus sign', 'possible'],
      ['x509-flags', 'flags 0x00001081', 'X.509 verify flags (hex)', 'possible'],
    ],
  ],
  [
    '0x1081',
    'mbedtls',
    [
      ['mbedtls', '-0x1081', 'hex magnitude without the minus sign', 'likely'],
      ['x509-flags', 'flags 0x00001081', 'X.509 verify flags (hex)', 'possible'],
    ],
  ],
  [
    '4225',
    'mbedtls',
    [
      ['mbedtls', '-0x1081', 'decimal magnitude (esp-tls style)', 'likely'],
      ['x509-flags', 'flags 0x00001081', 'X.509 verify flags (decimal)', 'possible'],
    ],
  ],
  [
    '-7780',
    'mbedtls',
    [
      ['mbedtls', '-0x1E64', 'negative decimal', 'likely'],
      ['mbedtls', '-0x7780', ZEPHYR_HEX, 'possible'],
    ],
  ],
  [
    '-4480', // a whole code read either way: the decimal reading wins
    null,
    [
      ['mbedtls', '-0x1180', 'negative decimal', 'likely'],
      ['mbedtls', '-0x4480', ZEPHYR_HEX, 'possible'],
    ],
  ],
  ['-1081', null, []], // read as hex it is only a composite code: no "-%x" reading
  [
    '-58', // 0x58 is only a low-level code: no "-%x" reading for 1-3 digits
    null,
    [
      ['errno', '-58 (ESHUTDOWN)', 'negative errno', 'possible'],
      ['mbedtls', '-0x003A', 'negative decimal', 'possible'],
    ],
  ],
  ['-0x109b', null, []], // a high-level code with a low-level part no table knows
  ['-0x109b', 'mbedtls', [['mbedtls', '-0x109B', 'negative hex', 'likely']]], // ... read when the hint says mbedTLS
  ['0x0000ffff', null, [['mbedtls', '-0x0001', 'unsigned 16-bit', 'likely']]], // 8 digits, but a 16-bit value
  [
    '129',
    null,
    [
      ['psa', 'PSA_ERROR_PROGRAMMER_ERROR (-129)', 'decimal magnitude', 'possible'],
      ['x509-flags', 'flags 0x00000081', 'X.509 verify flags (decimal)', 'possible'],
    ],
  ],
  ['0xffffff79', null, [['psa', 'PSA_ERROR_INVALID_ARGUMENT (-135)', 'unsigned 32-bit', 'likely']]],
  ['0x00002700', null, [['mbedtls', '-0x2700', 'hex magnitude without the minus sign', 'likely']]],
  ['0x0000002700', null, [['mbedtls', '-0x2700', 'hex magnitude without the minus sign', 'likely']]],
  // nothing a board prints
  ['0x00000002700', null, []], // more than 10 digits
  ['0x0ffffd900', null, []], // 32-bit only with exactly 8 digits
  ['0x100002700', null, []],
  ['0x12700', null, []], // 16-bit only up to 0xFFFF
  ['2700', null, []],
  ['1000', null, []],
  ['600', null, []],
  ['0x7fff', null, []],
  ['0x80000000', null, []],
  ['12345678901', null, []],
  ['99999999999999999999', null, []],
  ['0x', null, []],
  ['-', null, []],
  ['1.5', null, []],
  ['0x2700 ', null, []],
];

const show = (token: string, hint: NumberHint | null) =>
  readNumber(token, 0, hint ?? undefined).map((d): Reading => [d.kind, d.canonical, d.form, d.confidence as never]);

describe('readNumber reads a bare number in every form a board prints it', () => {
  it.each(TABLE)('%j (hint %s)', (token, hint, want) => {
    expect(show(token, hint)).toEqual(want);
  });

  it('reads the error a bare decimal names, with its meaning', () => {
    const [d] = readNumber('9984', 0);
    expect(d).toMatchObject({ kind: 'mbedtls', canonical: '-0x2700', confidence: 'likely' });
    expect(d!.name).toContain('X509_CERT_VERIFY_FAILED');
    expect(d!.ambiguity).toBeUndefined();
  });

  it('gives each reading the token and where it was found', () => {
    for (const d of readNumber('-116', 17)) {
      expect(d.read).toBe('-116');
      expect(d.span).toEqual([17, 21]);
    }
  });

  it('says, for an ambiguous number, what else each reading could be', () => {
    const readings = readNumber('-7780', 0);
    expect(readings).toHaveLength(2);
    expect(readings[0]!.ambiguity).toBe(
      `Read as ${ZEPHYR_HEX}. The same number could also be: mbedTLS -0x1E64 ${readings[1]!.name}. Paste the whole log line for a sure answer.`,
    );
    expect(readings[1]!.ambiguity).toBe(
      `Read as negative decimal. The same number could also be: mbedTLS -0x7780 ${readings[0]!.name}. Paste the whole log line for a sure answer.`,
    );
    const flags = readNumber('8', 0);
    expect(flags[1]!.ambiguity).toContain('could also be: X.509 verify flags flags 0x00000008');
  });

  it('names every other kind in the ambiguity, separated', () => {
    expect(readNumber('48', 0)[0]!.ambiguity).toMatch(
      /could also be: errno 48 \(EADDRINUSE\) EADDRINUSE; X\.509 verify flags flags 0x00000030 [^;]+; mbedTLS -0x0030 /,
    );
    expect(readNumber('48', 0)[1]!.ambiguity).toMatch(/could also be: TLS alert alert 48 unknown_ca; /);
    expect(readNumber('129', 0)[1]!.ambiguity).toContain(
      'could also be: PSA PSA_ERROR_PROGRAMMER_ERROR (-129) PSA_ERROR_PROGRAMMER_ERROR.',
    );
    expect(readNumber('518', 0)[1]!.ambiguity).toContain('could also be: modem CME +CME ERROR: 518 Not allowed');
  });
});
