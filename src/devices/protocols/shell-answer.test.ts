// One command's answer, line by line: echo recognition (whole, wrapped, after noise, on the prompt line), limits,
// refusals, and the result when the echo never came.
import { describe, expect, it } from 'vitest';
import { ShellAnswer } from './shell-answer.ts';

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
});
