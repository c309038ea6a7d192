import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateLine } from './annotate.ts';

const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../test-data/nrf91-modem-vectors.json'), 'utf8'),
) as { keygen_wire_lines: string[] };

describe('annotateLine() for the live console', () => {
  it.each([
    ['+CME ERROR: 518', 0, 15, 'nrf-cme'],
    ['[00:00:06.230,000] <err> net_sock_tls: TLS handshake error: -0x7780', 60, 67, 'mbedtls'],
    ['[00:00:06.300,000] <wrn> mbedtls: ssl_msg.c:4840: got an alert message, type: [2:48]', 78, 84, 'tls-alert'],
    ['ssl_tls.c:8878: ! Certificate verification flags 00000008', 49, 57, 'x509-flags'],
    ['E (5130) MQTT_CLIENT: esp_tls_stack_err=9984', 40, 44, 'mbedtls'],
  ] as const)('marks the code in %s', (line, start, end, kind) => {
    const [a] = annotateLine(line);
    expect(a).toMatchObject({ kind });
    expect(line.slice(a!.start, a!.end)).toBe(line.slice(start, end));
    expect(a!.short.length).toBeGreaterThan(5);
    expect(a!.short.length).toBeLessThanOrEqual(110);
  });

  it.each([
    'OK',
    'ERROR',
    '352656100367872',
    '+CGSN: "352656100367872"',
    '%XMODEMUUID: 50503041-3633-4261-803d-1e2b8f70111a',
    '%CMNG: 16842753,0,"2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1"',
    '%CMNG: 42,1,"0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9"',
    '+CEREG: 5,"4E5A","00A2B3C4",7,,,"11100000","11100000"',
    '+CEREG: 2,"1A2B","0012BEEF",9',
    '+CFUN: 4',
    '+CESQ: 99,99,255,255,31,62',
    '%HWVERSION: nRF9160 SICA B0A',
    'mfw_nrf9160_1.3.5',
    '%XICCID: 8901234567890123456',
    '[00:00:01.234,567] <inf> app: Connecting to mqtt.example.com:8883',
    '[00:00:02.000,000] <inf> date_time: Date-time updated: 2026-11-21 08:30:00',
    'I (1234) wifi: connected with ap, channel 6, bssid = aa:bb:cc:dd:ee:ff, rssi -67',
    'D (812) mbedtls: ssl_msg.c:4020: in_left: 0, nb_want: 5',
    "dumping 'input record from network' (1234 bytes)",
    '0000:  16 03 03 00 4a 02 00 00 46 03 03 5f 3c 0d 6a 86  ....J...F.._<.j.',
  ])('stays silent on ordinary output: %s', (line) => {
    expect(annotateLine(line)).toEqual([]);
  });

  it('stays silent on real %KEYGEN answers (base64url with "-" and digits)', () => {
    for (const line of vectors.keygen_wire_lines) expect(annotateLine(line)).toEqual([]);
  });

  it('does not annotate a number whose reading is ambiguous', () => {
    expect(annotateLine('<err> app: something failed: -116')).toEqual([]);
    expect(annotateLine('<err> app: something failed: -113')).toMatchObject([{ kind: 'errno' }]);
  });

  it('annotates several codes on one line in order', () => {
    const line = 'E (1) app: esp_tls_stack_err=30592 esp_tls_cert_verify_flags=8';
    expect(annotateLine(line).map((a) => a.kind)).toEqual(['mbedtls', 'x509-flags']);
  });
});
