import { describe, expect, it } from 'vitest';
import { parseAtCommand } from './at-command.ts';
import { AtLineAssembler, latin1ToBytes } from './at-line.ts';

const feed = (assembler: AtLineAssembler, ...parts: string[]) => parts.flatMap((p) => assembler.push(latin1ToBytes(p)));

describe('board-side AT line assembly (at_host rules)', () => {
  const terminators = [
    { name: 'CR', input: 'AT+CGSN\rAT+CGMR\r' },
    { name: 'LF', input: 'AT+CGSN\nAT+CGMR\n' },
    { name: 'CRLF', input: 'AT+CGSN\r\nAT+CGMR\r\n' },
  ];
  for (const { name, input } of terminators) {
    it(`${name} ends a command and never yields an empty one`, () => {
      expect(feed(new AtLineAssembler(), input)).toEqual([
        { kind: 'command', text: 'AT+CGSN' },
        { kind: 'command', text: 'AT+CGMR' },
      ]);
    });
  }

  it('keeps CR and LF inside double quotes, across many writes', () => {
    const pem = '-----BEGIN CERTIFICATE-----\r\nMIIB\n-----END CERTIFICATE-----\n';
    const lines = feed(new AtLineAssembler(), 'AT%CMNG=0,7,0,"', pem.slice(0, 20), pem.slice(20), '"\r');
    expect(lines).toEqual([{ kind: 'command', text: `AT%CMNG=0,7,0,"${pem}"` }]);
  });

  it('accepts exactly 4096 characters and reports 4097 as one overlong command', () => {
    const exact = 'AT' + 'X'.repeat(4094);
    const over = 'AT%CMNG=0,1,0,"' + 'A\n'.repeat(2100) + '"';
    const lines = feed(new AtLineAssembler(), `${exact}\r${over}\rAT\r`);
    expect(lines[0]).toEqual({ kind: 'command', text: exact });
    expect(lines[1]).toEqual({ kind: 'overlong', length: over.length });
    expect(lines[2]).toEqual({ kind: 'command', text: 'AT' });
  });
});

describe('AT command syntax', () => {
  it('splits name, form and arguments, keeping quoted bytes exact', () => {
    expect(parseAtCommand('AT%CMNG=0,16842753,0,"a,b\r\n"')).toMatchObject({
      name: '%CMNG',
      form: 'set',
      args: [
        { text: '0', quoted: false },
        { text: '16842753', quoted: false },
        { text: '0', quoted: false },
        { text: 'a,b\r\n', quoted: true },
      ],
    });
    expect(parseAtCommand('at+cfun?')).toMatchObject({ name: '+CFUN', form: 'read' });
    expect(parseAtCommand('AT+CMEE=?')).toMatchObject({ name: '+CMEE', form: 'test' });
    expect(parseAtCommand('AT')).toMatchObject({ name: '', form: 'action' });
  });

  it('refuses malformed lines', () => {
    for (const bad of ['CGSN', 'AT+CGSN=1"', 'AT%CMNG=0,1,0,"open', 'AT%CMNG=0,1,0,"a"b', 'AT=1', 'ATZ?']) {
      expect(parseAtCommand(bad), bad).toBeNull();
    }
  });
});
