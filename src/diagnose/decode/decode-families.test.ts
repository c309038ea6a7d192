// The decoder on the other families' codes (issue 15, item 3): STSAFE-A status codes as ST's middleware and its
// examples print them, Zephyr shell and TLS credentials shell messages, nrf_cloud_cred, mbedTLS opaque-key paths and
// "no shared cipher"; each from the one generated table, with its meaning, causes and checks. Small numbers alone
// are never read as STSAFE codes, and ordinary lines give no message.
import { describe, expect, it } from 'vitest';
import { MESSAGE_ROWS } from '../tables/index.ts';
import type { Decoded } from '../types.ts';
import { annotateLine } from './annotate.ts';
import { decode } from './decode.ts';

const of = (input: string, kind: Decoded['kind']) => decode(input).filter((d) => d.kind === kind);

describe('STSAFE-A status codes', () => {
  const table: { name: string; input: string; want: { name: string; code: number; confidence: string } }[] = [
    {
      name: 'the middleware name alone',
      input: 'STSAFEA_INVALID_PARAMETER',
      want: { name: 'STSAFEA_INVALID_PARAMETER', code: 0x30, confidence: 'certain' },
    },
    {
      name: 'a name inside a firmware log line',
      input: '[00:00:02.100,000] <err> se: StSafeA_GenerateSignature: STSAFEA_INVALID_RESP_LENGTH',
      want: { name: 'STSAFEA_INVALID_RESP_LENGTH', code: 0x31, confidence: 'certain' },
    },
    {
      name: 'status_code with ST words',
      input: 'status_code: 2 (Inconsistent Cmd Data)',
      want: { name: 'STSAFEA_INCONSISTENT_COMMAND_DATA', code: 0x02, confidence: 'certain' },
    },
    {
      name: 'ST example style StatusCode, hex',
      input: 'ERROR: StatusCode UpdateZone=0x14',
      want: { name: 'STSAFEA_BOUNDARY_EXCEEDED', code: 0x14, confidence: 'certain' },
    },
    {
      name: 'status_code on a line that says STSAFE',
      input: 'stsafe: sign failed, status_code=0x31',
      want: { name: 'STSAFEA_INVALID_RESP_LENGTH', code: 0x31, confidence: 'certain' },
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const [d] = of(t.input, 'stsafe');
      expect(d).toMatchObject(t.want);
      expect(d?.meaning.length).toBeGreaterThan(10);
      expect(d?.causes.length).toBeGreaterThan(0);
      expect(d?.checks.length).toBeGreaterThan(0);
    });

  it('INVALID_RESP_LENGTH names the key size the firmware must keep for the slot', () => {
    const [d] = of('STSAFEA_INVALID_RESP_LENGTH', 'stsafe');
    expect(d?.causes.join(' ')).toMatch(/wrong key size/);
    expect(d?.checks.join(' ')).toMatch(/does not report the key size/);
    expect(d?.versions).toMatch(/raised by the middleware on the host/);
  });

  it('a number whose words are not ST words is only a possible reading, and says why', () => {
    const [d] = of('status_code: 2 (Invalid CRC)', 'stsafe');
    expect(d?.confidence).toBe('possible');
    expect(d?.ambiguity).toMatch(/Inconsistent Cmd Data/);
  });

  it('a bare or context-free number is never read as STSAFE', () => {
    expect(of('2', 'stsafe')).toEqual([]);
    expect(of('0x31', 'stsafe')).toEqual([]);
    expect(of('http: status_code=2', 'stsafe')).toEqual([]);
    expect(of('STSAFEA_OK', 'stsafe')).toEqual([]);
  });
});

describe('messages known by their words', () => {
  it.each(MESSAGE_ROWS.map((r) => [r.id, r.example] as const))('%s: its example line decodes to it', (id, example) => {
    const found = of(example, 'message');
    expect(found.map((d) => d.name)).toContain(id);
  });

  const table: { name: string; line: string; id: string; also?: Partial<Decoded> }[] = [
    {
      name: 'Zephyr shell without the cred module',
      line: 'uart:~$ cred: command not found',
      id: 'shell-command-not-found',
    },
    {
      name: 'cred add twice',
      line: '<err> TLS credential with sectag 16842753 and type CA_CERT already exists.',
      id: 'cred-exists',
    },
    {
      name: 'pk_check_pair on an opaque key: the message and the mbedTLS code on the same line',
      line: '<err> app: mbedtls_pk_check_pair() returned -14720 (-0x3980)',
      id: 'pk-check-pair-opaque',
      also: { kind: 'mbedtls', name: 'MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE' },
    },
    {
      name: 'no shared cipher from the broker side',
      line: '1700000000: OpenSSL Error[0]: error:0A0000C1:SSL routines::no shared cipher',
      id: 'no-shared-cipher',
    },
    {
      name: 'nrf_cloud_cred keygen on a tag that has a key',
      line: 'Key already exists in sec tag 16842753, use delete first',
      id: 'nrf-cloud-cred-key-exists',
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const found = decode(t.line);
      const message = found.find((d) => d.kind === 'message');
      expect(message).toMatchObject({ id: t.id, confidence: 'certain' });
      expect(message?.checks.length).toBeGreaterThan(0);
      if (t.also) expect(found).toContainEqual(expect.objectContaining(t.also));
    });

  it('"no shared cipher" points at a curve or SHA-384 left out of the device build', () => {
    const [d] = of('no shared cipher', 'message');
    expect(d?.causes.join(' ')).toMatch(/P-384/);
    expect(d?.causes.join(' ')).toMatch(/SHA-384/);
  });

  it('ordinary shell and AT lines give no message', () => {
    for (const line of [
      'Stored 1234 bytes.',
      'Added TLS credential of type CA_CERT, sectag 42, and length 900 bytes.',
      '%CMNG: 42,0,"AB"',
      'OK',
    ])
      expect(of(line, 'message'), line).toEqual([]);
  });

  it('the live console marks them', () => {
    expect(annotateLine('cred: command not found')).toMatchObject([
      { kind: 'message', label: 'Shell command not found' },
    ]);
    expect(annotateLine('se: STSAFEA_INVALID_PARAMETER')[0]).toMatchObject({ kind: 'stsafe' });
  });
});
