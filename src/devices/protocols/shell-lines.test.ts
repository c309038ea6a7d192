// The shell line splitter as a VT100 screen: line ends, colours, cursor moves and erases, split reads.
import { describe, expect, it } from 'vitest';
import { ShellLineSplitter } from './shell-lines.ts';
import { defaultShellTimeoutMs, parseLogLine, parseRefusal } from './shell-grammar.ts';

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function split(...chunks: string[]) {
  const s = new ShellLineSplitter();
  const lines = chunks.flatMap((c) => s.push(bytes(c)));
  return { lines, pending: s.pending };
}

describe('ShellLineSplitter', () => {
  it.each([
    ['CRLF', 'one\r\ntwo\r\n'],
    ['LF', 'one\ntwo\n'],
    ['CR', 'one\rtwo\r'],
    ['mixed, with blank lines', 'one\r\n\r\n\ntwo\r'],
  ])('ends lines at %s and drops empty ones', (_name, text) => {
    expect(split(text).lines.map((l) => l.text)).toEqual(['one', 'two']);
  });

  it('keeps CRLF split across reads as one line end', () => {
    expect(split('one\r', '\ntwo\r\n').lines.map((l) => l.text)).toEqual(['one', 'two']);
  });

  it('keeps the text after the last line break as pending (the prompt)', () => {
    const { lines, pending } = split('answer\r\n\x1b[1;32muart:~$ \x1b[m');
    expect(lines.map((l) => l.text)).toEqual(['answer']);
    expect(pending).toBe('uart:~$ ');
  });

  it('reassembles an escape sequence split across reads', () => {
    const { lines, pending } = split('\x1b[1;3', '1mbad\x1b', '[m\r\n', 'uart:~$ ');
    expect(lines).toEqual([{ text: 'bad', colour: 'error' }]);
    expect(pending).toBe('uart:~$ ');
  });

  it('colours a line by its first character: red is an error, yellow a warning', () => {
    const { lines } = split('\x1b[1;31mno such\x1b[m\r\n\x1b[1;33mcareful\x1b[0m\r\nplain\r\n');
    expect(lines.map((l) => l.colour)).toEqual(['error', 'warning', 'normal']);
  });

  it('applies cursor left and erase as a terminal would (a log line erasing the typed command)', () => {
    const { lines, pending } = split('uart:~$ cred li\x1b[15D\x1b[J[00:00:01.000,000] <inf> a: b\r\nuart:~$ cred li');
    expect(lines.map((l) => l.text)).toEqual(['[00:00:01.000,000] <inf> a: b']);
    expect(pending).toBe('uart:~$ cred li');
  });

  it('handles backspace, erase of the whole line and drops other sequences', () => {
    expect(split('abd\bc\r\n').lines[0]!.text).toBe('abc');
    expect(split('junk\x1b[2Kgood\r\n').lines[0]!.text).toBe('good');
    expect(split('\x1b7\x1b[?25lsaved\x1b8\r\n').lines[0]!.text).toBe('saved');
  });
});

describe('Zephyr shell grammar', () => {
  it('parses log lines in the log subsystem format and nothing else', () => {
    expect(parseLogLine('[00:00:12.345,678] <err> tls_credentials_shell: bad')).toEqual({
      timestamp: '00:00:12.345,678',
      level: 'err',
      module: 'tls_credentials_shell',
      text: 'bad',
    });
    expect(parseLogLine('42,CA,abc=,0')).toBeNull();
    expect(parseLogLine('[00:00:12] <info> x: y')).toBeNull();
  });

  it('recognises the shell core refusals only as whole lines', () => {
    expect(parseRefusal('frob: command not found')).toBe('command-not-found');
    expect(parseRefusal('add: wrong parameter count')).toBe('wrong-parameter-count');
    expect(parseRefusal('Please specify a subcommand.')).toBe('missing-subcommand');
    expect(parseRefusal('the answer says command not found somewhere')).toBeNull();
  });

  it('gives key generation and writes longer time limits', () => {
    expect(defaultShellTimeoutMs('nrf_cloud_cred keygen 42')).toBe(60_000);
    expect(defaultShellTimeoutMs('cred  add 1 CA DEFAULT bint')).toBe(30_000);
    expect(defaultShellTimeoutMs('kernel version')).toBe(15_000);
  });
});
