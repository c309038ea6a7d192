// Board text shown escaped: one test per rule, ordinary Unicode untouched, escaping twice changes nothing.
import { describe, expect, it } from 'vitest';
import { boardField, escapeBoardText } from './board-text.ts';

describe('escapeBoardText', () => {
  it('shows NUL and every C0 control as \\xNN', () => {
    expect(escapeBoardText('a\u0000b')).toBe('a\\x00b');
    expect(escapeBoardText('\u0001\u001b[31m\u001f')).toBe('\\x01\\x1B[31m\\x1F');
    expect(escapeBoardText('line\r\nnext\tcol')).toBe('line\\x0D\\x0Anext\\x09col');
  });

  it('shows DEL and the C1 controls as \\xNN', () => {
    expect(escapeBoardText('x\u007fy')).toBe('x\\x7Fy');
    expect(escapeBoardText('\u0080\u0085\u009b\u009f')).toBe('\\x80\\x85\\x9B\\x9F');
    expect(escapeBoardText('\u00a0é')).toBe('\u00a0é');
  });

  it('shows bidi overrides, embeddings, isolates and marks as \\uXXXX', () => {
    expect(escapeBoardText('abc\u202Efdp.exe')).toBe('abc\\u202Efdp.exe');
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c])
      expect(escapeBoardText(String.fromCharCode(code))).toBe(`\\u${code.toString(16).toUpperCase().padStart(4, '0')}`);
  });

  it('shows lone surrogates but keeps surrogate pairs', () => {
    expect(escapeBoardText('a\ud800b')).toBe('a\\uD800b');
    expect(escapeBoardText('a\udc00b')).toBe('a\\uDC00b');
    expect(escapeBoardText('\udbff')).toBe('\\uDBFF');
    expect(escapeBoardText('ok 😀 \ud83d')).toBe('ok 😀 \\uD83D');
  });

  it('shows U+FFFD, what invalid UTF-8 decodes to', () => {
    const decoded = new TextDecoder().decode(Uint8Array.of(0x6e, 0xff, 0xc3, 0x28));
    expect(decoded).toContain('\ufffd');
    expect(escapeBoardText(decoded)).toBe('n\\uFFFD\\uFFFD(');
  });

  it('leaves ordinary Unicode, HTML and backslashes as they are', () => {
    const ordinary = 'Nordic Semiconductor ASA · nRF9160 — Ünïcödé 日本語 עברית 😀 <b>&amp;</b> C:\\path';
    expect(escapeBoardText(ordinary)).toBe(ordinary);
  });

  it('changes nothing when applied twice', () => {
    const once = escapeBoardText('\u0000\u202e\ud800\ufffd\u0085x');
    expect(escapeBoardText(once)).toBe(once);
  });

  it('keeps line feeds and tabs on request, and still escapes CR', () => {
    expect(escapeBoardText('a\nb\tc\rd\u0000', { keepLineBreaks: true })).toBe('a\nb\tc\\x0Dd\\x00');
  });
});

describe('boardField', () => {
  it('escapes and leaves short text whole', () => {
    expect(boardField('nRF9160\u202E', 40)).toBe('nRF9160\\u202E');
  });

  it('cuts long text at the limit with an ellipsis', () => {
    const cut = boardField('A'.repeat(100_000), 120);
    expect(cut).toHaveLength(120);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never cuts an escape or a surrogate pair in two', () => {
    for (let pad = 0; pad < 8; pad++) {
      const cut = boardField('A'.repeat(pad) + '\u0000'.repeat(40), 20);
      expect(cut.length).toBeLessThanOrEqual(20);
      expect(cut.replace(/…$/, '')).toMatch(/^A*(\\x00)*$/);
      const emoji = boardField('A'.repeat(pad) + '😀'.repeat(20), 12);
      expect(emoji.replace(/…$/, '')).toMatch(/^A*(😀)*$/u);
    }
  });
});
