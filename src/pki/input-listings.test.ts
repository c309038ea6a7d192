import { describe, expect, it } from 'vitest';
import { base64Line, base64Text } from './input-listings.ts';

describe('base64 lines of board output', () => {
  it('takes a line of base64 (trimmed, up to two "=" of padding) and refuses anything else', () => {
    const line = 'MIIBszCCAVmgAwIBAgIUQ0FBQUFBQUFBQUFBQUFBQUFBQUE=';
    expect(base64Line(`  ${line}\r`)).toBe(line);
    expect(base64Text('QUJD==')).toBe('QUJD==');
    expect(base64Text('QUJD===')).toBeNull();
    expect(base64Text('QU=JD')).toBeNull();
    expect(base64Text('QU JD')).toBeNull();
    expect(base64Text('')).toBeNull();
    expect(base64Text('==')).toBeNull();
  });

  it('needs 40 characters for a line of its own and never takes pure hex for base64', () => {
    expect(base64Line('QUJD'.repeat(10) + 'QQ==')).toBe('QUJD'.repeat(10) + 'QQ==');
    expect(base64Line('QUJD'.repeat(9) + 'QUI=')).toBeNull();
    expect(base64Line('0123456789abcdef'.repeat(4))).toBeNull();
    expect(base64Line('0123456789abcdeg'.repeat(4))).toBe('0123456789abcdeg'.repeat(4));
  });

  it('reads a 10 MB line without exhausting the stack (a greedy regular expression did)', () => {
    const long = 'QUJD'.repeat(2.5 * 1024 * 1024);
    expect(base64Line(long)).toBe(long);
    expect(base64Line(`${long}!`)).toBeNull();
  });
});
