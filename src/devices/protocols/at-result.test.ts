import { describe, expect, it } from 'vitest';
import {
  commandPrefix,
  damagedFinal,
  describeFinal,
  parseFinal,
  parseInfoLine,
  splitParams,
  unquote,
} from './at-result.ts';

describe('parseFinal', () => {
  it.each([
    ['OK', { kind: 'ok' }],
    ['ERROR', { kind: 'error' }],
    ['+CME ERROR: 518', { kind: 'cme', code: 518 }],
    ['+CME ERROR:513', { kind: 'cme', code: 513 }],
    ['+CMS ERROR: 500', { kind: 'cms', code: 500 }],
    ['  OK  ', { kind: 'ok' }],
    ['OK?', null],
    ['OKAY', null],
    ['+CME ERROR: x', null],
    ['%CMNG: 1,0,"OK"', null],
    ['NO CARRIER', null],
    ['', null],
    ['+CME ERROR: 999999999', { kind: 'cme', code: 999999999 }],
    // A code past nine digits is no 27.007 code: not a final result (fuzz finding: it read as code Infinity).
    [`+CMS ERROR: ${'304'.repeat(100)}`, null],
    // only a whole line is a final result: text that merely ends or starts with one is information
    ['NOT OK', null],
    ['%CMNG: 1,0,OK', null],
    ['OK, ready', null],
    ['THE ERROR', null],
    ['ERROR 5', null],
    ['+CME ERROR: 518 at boot', null],
    ['X+CME ERROR: 518', null],
    ['+CME ERROR:', null],
    ['+CXX ERROR: 1', null],
    ['\t+CMS ERROR:\t304\r', { kind: 'cms', code: 304 }],
  ])('%j -> %j', (line, want) => {
    expect(parseFinal(line)).toEqual(want);
  });
});

describe('describeFinal', () => {
  it.each(['OK', 'ERROR', '+CME ERROR: 518', '+CMS ERROR: 304'])('writes %s back as the modem sent it', (line) => {
    const final = parseFinal(line);
    expect(final).not.toBeNull();
    expect(describeFinal(final!)).toBe(line);
  });
});

describe('splitParams and unquote', () => {
  it.each([
    ['16842753,0,"2C43952E"', ['16842753', '0', '"2C43952E"']],
    ['16842753, 0, "2C43952E"', ['16842753', '0', '"2C43952E"']],
    ['1,"a,b","c"', ['1', '"a,b"', '"c"']],
    ['5,"0A1B","01234567",7', ['5', '"0A1B"', '"01234567"', '7']],
    ['"x\ny, z"', ['"x\ny, z"']],
    ['', ['']],
    ['1,,3', ['1', '', '3']],
  ])('%j -> %j', (text, want) => {
    expect(splitParams(text)).toEqual(want);
  });

  it.each([
    ['"abc"', 'abc'],
    ['abc', 'abc'],
    ['""', ''],
    ['"', '"'],
    ['" a "', ' a '],
    ['"abc', '"abc'],
    ['abc"', 'abc"'],
  ])('unquote(%j) = %j', (param, want) => {
    expect(unquote(param)).toBe(want);
  });
});

describe('parseInfoLine', () => {
  it.each([
    ['+CGSN: "352656100367872"', { prefix: '+CGSN', body: '"352656100367872"', params: ['"352656100367872"'] }],
    ['%HWVERSION: nRF9160 SICA B0A', { prefix: '%HWVERSION', body: 'nRF9160 SICA B0A', params: ['nRF9160 SICA B0A'] }],
    ['%CMNG: 1,0,"A"', { prefix: '%CMNG', body: '1,0,"A"', params: ['1', '0', '"A"'] }],
    ['+CFUN:4', { prefix: '+CFUN', body: '4', params: ['4'] }],
    ['Nordic Semiconductor ASA', null],
    ['352656100367872', null],
    ['echo +CGSN: 1', null],
    ['AT+CGSN: 1', null],
  ])('%j', (line, want) => {
    expect(parseInfoLine(line)).toEqual(want);
  });
});

describe('commandPrefix', () => {
  it.each([
    ['AT%CMNG=1', '%CMNG'],
    ['AT+CFUN?', '+CFUN'],
    ['at+cgsn=1', '+CGSN'],
    ['AT%XMODEMUUID', '%XMODEMUUID'],
    ['AT', null],
    ['ATE0', null],
    ['  AT+CFUN=0 ', '+CFUN'],
    ['XAT+CFUN?', null],
    ['RAT%XSYSTEMMODE', null],
  ])('%s -> %s', (command, want) => {
    expect(commandPrefix(command)).toBe(want);
  });
});

describe('damagedFinal', () => {
  it.each([
    ['K', 'OK'],
    ['O', 'OK'],
    ['0K', 'OK'],
    ['O\uFFFD', 'OK'],
    ['RROR', 'ERROR'],
    ['ERRR', 'ERROR'],
    ['ERROX', 'ERROR'],
    [' EXROR ', 'ERROR'],
  ])('%j is a damaged %s', (line, meant) => {
    expect(damagedFinal(line)).toBe(meant);
  });

  it.each([
    'OK',
    'ERROR',
    '+CME ERROR: 515',
    '',
    'OKAY',
    'OXK',
    'ERXROR',
    'KO',
    'EROR!',
    'Nordic Semiconductor ASA',
    '0',
    'XX',
    'ERRORS',
  ])('%j is not a damaged final result', (line) => {
    expect(damagedFinal(line)).toBeNull();
  });
});
