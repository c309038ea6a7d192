// One command's answer, line by line: echo recognition (whole, wrapped, after noise, on the prompt line), limits,
// refusals, and the result when the echo never came.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, ShellAnswer, shortCommand } from './shell-answer.ts';

const strip = (text: string) => (text.startsWith('uart:~$') ? text.slice('uart:~$'.length).trimStart() : text);
const line = (text: string, colour: 'normal' | 'error' = 'normal') => ({ text, colour }) as const;

function feed(answer: ShellAnswer, ...texts: string[]) {
  return texts.flatMap((t) => answer.take(line(t)).noise);
}

describe('ShellAnswer', () => {
  it('takes the echo, then answer lines', () => {
    const a = new ShellAnswer('kernel version', {}, true, strip);
    expect(feed(a, 'uart:~$ kernel version', 'Zephyr version 3.7.0')).toEqual([]);
    expect(a.result(5)).toEqual({
      ok: true,
      value: { command: 'kernel version', lines: ['Zephyr version 3.7.0'], errorLines: [], durationMs: 5 },
    });
  });

  it('joins a wrapped echo and hands noise before it to the listeners', () => {
    const a = new ShellAnswer('cred buf AAAABBBBCCCC', {}, true, strip);
    expect(feed(a, 'uart:~$ cred li', 'cred buf AAAA', 'BBBBCCCC', 'Stored 12 bytes.')).toEqual(['uart:~$ cred li']);
    expect(a.echoed).toBe(true);
    expect(a.lines).toEqual(['Stored 12 bytes.']);
  });

  it('recognises a whole echo on the line right after noise', () => {
    const a = new ShellAnswer('kernel version', {}, true, strip);
    expect(feed(a, 'garbage', 'kernel version', 'Zephyr version 4.0.0')).toEqual(['garbage']);
    expect(a.lines).toEqual(['Zephyr version 4.0.0']);
  });

  it('a held partial echo that turns out to be noise is handed back too', () => {
    const a = new ShellAnswer('cred list', {}, true, strip);
    expect(feed(a, 'cred', 'something else')).toEqual(['cred', 'something else']);
    expect(a.echoed).toBe(false);
    expect(a.sawOther).toBe(true);
    expect(a.result(0)).toMatchObject({ ok: false, error: { code: 'protocol' } });
  });

  it('collects red lines and notes the shell core refusal', () => {
    const a = new ShellAnswer('frob', {}, false, strip);
    a.take(line('frob: command not found', 'error'));
    expect(a.errorLines).toEqual(['frob: command not found']);
    expect(a.result(0)).toMatchObject({ ok: false, error: { code: 'device-rejected', refusal: 'command-not-found' } });
  });

  it('reports the line limit once passed, with the first lines', () => {
    const a = new ShellAnswer('x', { maxLines: 2 }, false, strip);
    expect(a.take(line('1')).overflow).toBeUndefined();
    expect(a.take(line('2')).overflow).toBeUndefined();
    const third = a.take(line('3'));
    expect(third.overflow).toMatchObject({ code: 'protocol', lines: ['1', '2'] });
    expect(third.noise).toEqual(['3']);
  });

  it('takes every line as the answer at once for an empty command or a shell without echo', () => {
    for (const a of [new ShellAnswer('', {}, true, strip), new ShellAnswer('cred list', {}, false, strip)]) {
      expect(a.echoed).toBe(true);
      expect(feed(a, 'first line')).toEqual([]);
      expect(a.lines).toEqual(['first line']);
    }
  });

  it('matches an echo that the terminal wrapped mid-word or spaced differently', () => {
    const a = new ShellAnswer('cred  add 1 CA', {}, true, strip);
    expect(feed(a, 'uart:~$ cred a', 'dd 1  C', 'A', 'Stored.')).toEqual([]);
    expect(a.lines).toEqual(['Stored.']);
    expect(a.sawOther).toBe(false);
  });

  it('hands an empty line before the echo to the listeners and drops a partial echo it interrupts', () => {
    const a = new ShellAnswer('cred list', {}, true, strip);
    expect(feed(a, '')).toEqual(['']);
    expect(a.sawOther).toBe(true);
    expect(feed(a, 'cred', '', 'list')).toEqual(['cred', '', 'list']);
    expect(a.echoed).toBe(false);
  });

  it('restarts the echo on a line after noise, even when that echo then wraps', () => {
    const a = new ShellAnswer('cred buf AAAABBBB', {}, true, strip);
    expect(feed(a, 'noise', 'cred buf AAAA', 'BBBB', 'Stored 8 bytes.')).toEqual(['noise']);
    expect(a.lines).toEqual(['Stored 8 bytes.']);
    // a restarted echo that turns out to be noise as well is handed back whole
    const b = new ShellAnswer('cred buf AAAABBBB', {}, true, strip);
    expect(feed(b, 'noise', 'cred buf AAAA', 'other')).toEqual(['noise', 'cred buf AAAA', 'other']);
  });

  it('matches an echo wrapped at a space, the space lost at the line break', () => {
    const a = new ShellAnswer('cred add 1 CA', {}, true, strip);
    expect(feed(a, 'uart:~$ cred add', '1 CA', 'Stored.')).toEqual([]);
    expect(a.lines).toEqual(['Stored.']);
  });

  it('starts the echo afresh on a line that breaks off a partial echo, whole or wrapped', () => {
    const whole = new ShellAnswer('cred list', {}, true, strip);
    expect(feed(whole, 'cred', 'cred list', 'none')).toEqual(['cred']);
    expect(whole.echoed).toBe(true);
    expect(whole.lines).toEqual(['none']);
    const wrapped = new ShellAnswer('cred buf AAAABBBB', {}, true, strip);
    expect(feed(wrapped, 'cred', 'cred buf AAAA', 'BBBB', 'Stored 8 bytes.')).toEqual(['cred']);
    expect(wrapped.lines).toEqual(['Stored 8 bytes.']);
  });

  it('keeps answer lines that follow the echo, even lines that look like more echo', () => {
    const a = new ShellAnswer('kernel version', {}, true, strip);
    expect(feed(a, 'kernel version', 'kernel version', '')).toEqual([]);
    expect(a.lines).toEqual(['kernel version', '']);
  });

  it('stops at the character limit, counting each line with its end, and names the limit', () => {
    const a = new ShellAnswer('cred get 1', { maxBytes: 10 }, false, strip);
    expect(a.take(line('1234')).overflow).toBeUndefined(); // 5
    expect(a.take(line('1234')).overflow).toBeUndefined(); // 10: at the limit
    const over = a.take(line(''));
    expect(over.overflow?.message).toMatch(
      /^The board sent more than 10 characters in answer to cred get 1 \(the limit is 400 lines \/ 10 characters\)/,
    );
    expect(over.overflow?.message).toMatch(/reset or reconnect the board\.$/);
    expect(over.overflow).toMatchObject({ code: 'protocol', command: 'cred get 1', lines: ['1234', '1234'] });
    // What was held is let go once the limit is passed: memory stays bounded.
    expect(a.lines).toEqual([]);
    expect(a.heldChars).toBe(0);
  });

  it('names the line limit and keeps only the first 20 lines for the console', () => {
    const a = new ShellAnswer('cred list', { maxLines: 25 }, false, strip);
    for (let i = 0; i < 25; i++) expect(a.take(line(`${i}`)).overflow).toBeUndefined();
    const over = a.take(line('25')).overflow;
    expect(over?.message).toContain('more than 25 lines in answer to cred list');
    expect(over?.lines).toEqual(Array.from({ length: 20 }, (_, i) => `${i}`));
  });

  it('allows 400 lines and 64 KiB by default, and not one more', () => {
    const lines = new ShellAnswer('cred list', {}, false, strip);
    for (let i = 0; i < DEFAULT_MAX_LINES; i++) expect(lines.take(line('x')).overflow).toBeUndefined();
    expect(lines.take(line('x')).overflow?.message).toContain('more than 400 lines in answer to cred list');
    const chars = new ShellAnswer('cred get 1', {}, false, strip);
    expect(chars.take(line('y'.repeat(DEFAULT_MAX_BYTES - 1))).overflow).toBeUndefined();
    expect(chars.take(line('')).overflow?.message).toMatch(
      /more than 64 kB in answer to cred get 1 \(the limit is 400 lines \/ 64 kB\)/,
    );
  });

  it('names a byte limit that is not whole kB in characters', () => {
    const a = new ShellAnswer('cred get 1', { maxBytes: 1500 }, false, strip);
    expect(a.take(line('z'.repeat(1499))).overflow).toBeUndefined();
    expect(a.take(line('')).overflow?.message).toContain('more than 1,500 characters in answer to cred get 1');
  });

  it('names a limit of whole kB in kB from 1 kB up, and a smaller limit in characters', () => {
    const message = (maxBytes: number) => {
      const a = new ShellAnswer('cred get 1', { maxBytes }, false, strip);
      // one line of maxBytes characters with its line end is one character over
      return a.take(line('z'.repeat(maxBytes))).overflow?.message;
    };
    expect(message(1024)).toContain('more than 1 kB in answer to cred get 1 (the limit is 400 lines / 1 kB)');
    expect(message(1023)).toContain('more than 1,023 characters in answer to cred get 1');
    expect(message(0)).toContain(
      'more than 0 characters in answer to cred get 1 (the limit is 400 lines / 0 characters)',
    );
  });

  it('tells the user, past a limit, that the board misbehaved and may have carried the command out', () => {
    const a = new ShellAnswer('cred add 42 CA DEFAULT bint', { maxLines: 1 }, false, strip);
    expect(a.take(line('Stored.')).overflow).toBeUndefined();
    const over = a.take(line('Stored.')).overflow;
    expect(over?.message).toBe(
      'The board sent more than 1 lines in answer to cred add 42 CA DEFAULT bint (the limit is 1 lines / 64 kB), ' +
        'more than this command ever prints: the board is misbehaving (a runaway log or a stuck output loop). ' +
        'KeyWire stopped reading the answer; the board may have carried the command out. Read the console, then ' +
        'reset or reconnect the board.',
    );
    // On the wire: the audit trail records the command's outcome as unknown, not as a plain failure.
    expect(over).toMatchObject({ code: 'protocol', command: 'cred add 42 CA DEFAULT bint', onWire: true });
  });

  it('names the data of cred buf by its size, never its text, in what it tells the user', () => {
    expect(shortCommand('cred buf TUlJQmZqQ0NBU1NnQXdJQkFnSVVE')).toBe('cred buf <28 characters of credential data>');
    expect(shortCommand(`cred buf ${'A'.repeat(1200)}`)).toBe('cred buf <1,200 characters of credential data>');
    expect(shortCommand('cred buf clear')).toBe('cred buf clear');
    expect(shortCommand('cred buf clear ')).toBe('cred buf clear ');
    expect(shortCommand('cred buf clearAB')).toBe('cred buf <7 characters of credential data>');
    expect(shortCommand('cred  buf  AAAA ')).toBe('cred  buf  <4 characters of credential data>');
    // Not a cred buf command, or not one chunk of data: left as it is.
    expect(shortCommand('xcred buf AAAA')).toBe('xcred buf AAAA');
    expect(shortCommand('cred buf AAAA BBBB')).toBe('cred buf AAAA BBBB');
    expect(shortCommand('cred add 42 CA DEFAULT bint')).toBe('cred add 42 CA DEFAULT bint');
  });

  it('shortens a long command to 80 characters in what it tells the user', () => {
    const long = `kernel ${'A'.repeat(100)}`;
    expect(shortCommand(long)).toBe(`${long.slice(0, 77)}...`);
    expect(shortCommand(long.slice(0, 80))).toBe(long.slice(0, 80));
    const a = new ShellAnswer(long, {}, true, strip);
    feed(a, 'garbage');
    const r = a.result(0);
    expect(r.ok ? null : r.error).toEqual({
      code: 'protocol',
      command: shortCommand(long),
      message:
        `The shell never echoed ${shortCommand(long)} as sent: bytes were lost or changed on the line, so it may ` +
        'have run something else. Read the console, then try again.',
    });
  });

  it('says why the shell core refused, quoting the first refusal line, for each refusal', () => {
    const cases = [
      ['frob: command not found', 'command-not-found', /no such command .*CONFIG_TLS_CREDENTIALS_SHELL/],
      ['cred: wrong parameter count', 'wrong-parameter-count', /takes a different number of arguments/],
      ['Please specify a subcommand.', 'missing-subcommand', /needs a subcommand/],
    ] as const;
    for (const [said, refusal, why] of cases) {
      const a = new ShellAnswer('frob 1', {}, false, strip);
      feed(a, 'before', said, 'x: command not found');
      const r = a.result(0);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatchObject({
        code: 'device-rejected',
        command: 'frob 1',
        final: { kind: 'error' },
        refusal,
        lines: ['before', said, 'x: command not found'],
      });
      expect(r.error.message).toMatch(why);
      expect(r.error.message).toMatch(
        new RegExp(`^The board refused frob 1: .*\\(it answered "${said.replace('.', '\\.')}"\\)\\.$`),
      );
    }
  });
});
