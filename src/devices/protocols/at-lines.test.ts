import { describe, expect, it } from 'vitest';
import { nrf91Vectors } from '../../test-vectors.ts';
import { AtLineSplitter, MAX_AT_LINE_BYTES } from './at-lines.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

function splitWhole(input: string): string[] {
  return new AtLineSplitter().push(bytes(input));
}

/** Feeds the input cut at every pair of positions: the lines must not depend on where chunks end. */
function everySplit(input: string): string[][] {
  const data = bytes(input);
  const results: string[][] = [];
  for (let i = 0; i <= data.length; i++)
    for (let j = i; j <= data.length; j += Math.max(1, Math.floor(data.length / 7))) {
      const s = new AtLineSplitter();
      results.push([...s.push(data.subarray(0, i)), ...s.push(data.subarray(i, j)), ...s.push(data.subarray(j))]);
    }
  return results;
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\nAbCd==\n-----END CERTIFICATE-----\n';

const TABLE: { name: string; input: string; want: string[] }[] = [
  { name: 'CR endings', input: 'Nordic Semiconductor ASA\rOK\r', want: ['Nordic Semiconductor ASA', 'OK'] },
  { name: 'LF endings', input: 'nRF9160-SICA\nOK\n', want: ['nRF9160-SICA', 'OK'] },
  { name: 'CRLF endings', input: '\r\n+CFUN: 4\r\n\r\nOK\r\n', want: ['+CFUN: 4', 'OK'] },
  { name: 'mixed endings', input: 'a\rb\nc\r\nd\n\re\r\r\nOK\r\n', want: ['a', 'b', 'c', 'd', 'e', 'OK'] },
  { name: 'empty lines dropped', input: '\r\n\r\n\n\r\rOK\r\n', want: ['OK'] },
  {
    name: 'PEM with LF inside quotes stays one line',
    input: `%CMNG: 42,0,"ABCD","${PEM}"\r\nOK\r\n`,
    want: [`%CMNG: 42,0,"ABCD","${PEM}"`, 'OK'],
  },
  {
    name: 'CRLF inside quotes is content',
    input: '%CMNG: 1,1,"00","x\r\ny\r\n"\r\nOK\r\n',
    want: ['%CMNG: 1,1,"00","x\r\ny\r\n"', 'OK'],
  },
  {
    name: 'two quoted strings in one line',
    input: '+CEREG: 5,"0A1B","01234567",7\r\n%CMNG: 1,0,"A","B\nC"\r\n',
    want: ['+CEREG: 5,"0A1B","01234567",7', '%CMNG: 1,0,"A","B\nC"'],
  },
  {
    name: 'a lost closing quote does not swallow the final result',
    input: '%CMNG: 7,0,"AB","-----BEGIN\nabc\r\nOK\r\n+CEREG: 1\r\n',
    want: ['%CMNG: 7,0,"AB","-----BEGIN\nabc', 'OK', '+CEREG: 1'],
  },
  {
    name: 'a spurious quote does not swallow +CME ERROR',
    input: '%XMODEMUUID: 5036"3953\r\n+CME ERROR: 513\r\n',
    want: ['%XMODEMUUID: 5036"3953', '+CME ERROR: 513'],
  },
];

describe('AtLineSplitter', () => {
  it.each(TABLE)('$name', ({ input, want }) => {
    expect(splitWhole(input)).toEqual(want);
  });

  it.each(TABLE)('$name, whatever the chunk boundaries', ({ input, want }) => {
    for (const lines of everySplit(input)) expect(lines).toEqual(want);
  });

  it('splits byte by byte the same as whole', () => {
    const input = `\r\n%CMNG: 16842753,0,"2C43","${PEM}"\r\n\r\nOK\r\n`;
    const s = new AtLineSplitter();
    const lines = [...bytes(input)].flatMap((b) => s.push(Uint8Array.of(b)));
    expect(lines).toEqual(splitWhole(input));
  });

  it.each(nrf91Vectors.keygen_wire_lines.map((line, i) => ({ i, line })))(
    'real %KEYGEN wire line $i arrives whole before OK',
    ({ line }) => {
      expect(splitWhole(`${line}\r\nOK\r\n`)).toEqual([line, 'OK']);
      expect(everySplit(`\r\n${line}\r\n\r\nOK\r\n`).every((l) => l.length === 2 && l[0] === line)).toBe(true);
    },
  );

  it('reports an open quote while a multi-line answer is arriving', () => {
    const s = new AtLineSplitter();
    s.push(bytes('%CMNG: 1,0,"A","-----BEGIN\n'));
    expect(s.inQuotes).toBe(true);
    s.push(bytes('-----END\n"\r\n'));
    expect(s.inQuotes).toBe(false);
  });

  it('cuts a runaway line at the limit instead of growing without end', () => {
    const s = new AtLineSplitter();
    const lines = s.push(new Uint8Array(MAX_AT_LINE_BYTES + 10).fill(0x41));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(MAX_AT_LINE_BYTES);
    expect(s.push(bytes('\r\n'))).toEqual(['A'.repeat(10)]);
  });

  it('counts line breaks inside an open quote toward the limit (a quote, then endless CR/LF)', () => {
    const s = new AtLineSplitter();
    const lines = s.push(Uint8Array.from([0x22, ...new Uint8Array(3 * MAX_AT_LINE_BYTES).fill(0x0a)]));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_AT_LINE_BYTES);
  });
});
