// The KWSE line splitter and line parser (se-lines.ts) on their own: what a secure-element board's bytes become,
// where a line ends, when a line is too long to hold, and which lines are answers, refusals, events or noise.
import { describe, expect, it } from 'vitest';
import { isKnownSeError, parseFields, parseSeLine, SeLineSplitter } from './se-lines.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const texts = (lines: ReturnType<SeLineSplitter['push']>) =>
  lines.map((l) => (l.kind === 'line' ? l.text : '<overlong>'));

describe('SeLineSplitter', () => {
  it('ends a line at LF, drops only the CR right before it, and joins a line split across reads', () => {
    const s = new SeLineSplitter();
    expect(texts(s.push(bytes('1 OK a=1\r\n2 O')))).toEqual(['1 OK a=1']);
    expect(texts(s.push(bytes('K\n')))).toEqual(['2 OK']);
    expect(texts(s.push(bytes('a\rb\r\r\n\n')))).toEqual(['a\rb\r', '']);
    expect(texts(s.push(bytes('no end yet')))).toEqual([]);
  });

  it('holds a line of the full length (with its CR) and reports a longer one once, without holding it', () => {
    const s = new SeLineSplitter(8);
    expect(texts(s.push(bytes('12345678\r\n')))).toEqual(['12345678']);
    // 10 characters: reported as overlong as soon as the 10th arrives, the rest skipped up to the LF
    expect(texts(s.push(bytes('1234567890')))).toEqual(['<overlong>']);
    expect(texts(s.push(bytes('more garbage, still the same line')))).toEqual([]);
    expect(texts(s.push(bytes('!\n3 OK\n')))).toEqual(['3 OK']);
  });

  it('keeps the default limit of the protocol: a 1024-character answer is a line, a far longer one is not', () => {
    const s = new SeLineSplitter();
    const answer = `1 OK d=${'A'.repeat(1024 - 7)}`;
    expect(texts(s.push(bytes(`${answer}\r\n`)))).toEqual([answer]);
    expect(texts(s.push(bytes(`${'B'.repeat(5000)}\n`)))).toEqual(['<overlong>']);
  });
});

describe('parseSeLine', () => {
  it('reads answers, refusals and events with their fields', () => {
    expect(parseSeLine('12 OK proto=1 url=a=b')).toEqual({ kind: 'ok', seq: 12, fields: { proto: '1', url: 'a=b' } });
    expect(parseSeLine('9999 OK')).toEqual({ kind: 'ok', seq: 9999, fields: {} });
    expect(parseSeLine('0 OK empty=')).toEqual({ kind: 'ok', seq: 0, fields: { empty: '' } });
    expect(parseSeLine('? ERR SYNTAX 00')).toEqual({ kind: 'err', seq: null, code: 'SYNTAX', status: 0, text: '' });
    expect(parseSeLine('7 ERR CHIP ff the chip  said no')).toEqual({
      kind: 'err',
      seq: 7,
      code: 'CHIP',
      status: 0xff,
      text: 'the chip  said no',
    });
    expect(parseSeLine('* BOOT')).toEqual({ kind: 'event', event: 'BOOT', fields: {} });
    expect(parseSeLine('* RESET why=watchdog')).toEqual({ kind: 'event', event: 'RESET', fields: { why: 'watchdog' } });
  });

  it.each([
    ['a boot log line', 'Booting Zephyr OS build v3.7.0'],
    ['an AT modem answer', 'ERROR'],
    ['a sequence number of five digits', '12345 OK'],
    ['a sequence number with letters around it', 'x12 OK'],
    ['a sequence number with letters after it', '12x OK'],
    ['an unknown answer word', '12 DONE a=1'],
    ['an unknown answer word before a refusal code and status', '12 FAIL CHIP 1E x'],
    ['a refusal code in mixed case', '12 ERR cHIP 1E x'],
    ['an event name in mixed case', '* bOOT'],
    ['an answer field without "="', '12 OK proto'],
    ['an answer field without a name', '12 OK =1'],
    ['an answer field named twice', '12 OK a=1 a=2'],
    ['a refusal without a code', '12 ERR'],
    ['a refusal in lower case', '12 ERR chip 1E x'],
    ['a refusal code with a digit', '12 ERR CHIP2 1E x'],
    ['a refusal without a status', '12 ERR CHIP'],
    ['a one-digit status', '12 ERR CHIP 1 x'],
    ['a three-digit status', '12 ERR CHIP 1E0 x'],
    ['a status that is not hex', '12 ERR CHIP G1 x'],
    ['an event without a name', '*'],
    ['an event in lower case', '* boot'],
    ['an event named with a digit', '* BOOT2'],
    ['an event with a field without "="', '* BOOT proto'],
    ['an empty line', ''],
  ])('takes %s for noise, not a KWSE line', (_what, line) => expect(parseSeLine(line)).toBeNull());

  it('takes only "key=value" tokens with a name, each name once', () => {
    expect(parseFields(['a=1', 'b=', 'c=x=y'])).toEqual({ a: '1', b: '', c: 'x=y' });
    expect(parseFields(['a=1', 'a=1'])).toBeNull();
    expect(parseFields(['=1'])).toBeNull();
    expect(parseFields(['a'])).toBeNull();
    expect(parseFields([])).toEqual({});
  });

  it('knows the protocol’s refusal codes and no others', () => {
    expect(isKnownSeError('CHIP')).toBe(true);
    expect(isKnownSeError('TOOLONG')).toBe(true);
    expect(isKnownSeError('NOPE')).toBe(false);
  });
});
