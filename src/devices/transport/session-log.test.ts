import { describe, expect, it } from 'vitest';
import type { TapEvent } from './byte-stream.ts';
import { escapeBytes, LineAssembler } from './console-lines.ts';
import { SessionLog } from './session-log.ts';

const ev = (t: number, dir: 'rx' | 'tx', text: string): TapEvent => ({
  t,
  dir,
  bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)),
});

describe('console lines', () => {
  it.each([
    ['plain text', 'AT+CGMI', 'AT+CGMI'],
    ['tab, CR, LF', '\t\r\n', '\\t\\r\\n'],
    ['control and high bytes', '\x00\x1b\x7f\xff', '\\x00\\x1b\\x7f\\xff'],
    ['backslash', 'a\\b', 'a\\\\b'],
  ])('escapes %s', (_name, input, want) => {
    expect(escapeBytes(Uint8Array.from(input, (c) => c.charCodeAt(0)))).toBe(want);
  });

  it('splits on CR, LF and CRLF (also across chunks), skips empty lines, keeps the first byte time', () => {
    const a = new LineAssembler();
    const b = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const out = [...a.push(1, b('\r\nNordic')), ...a.push(2, b(' ASA\r')), ...a.push(3, b('\nOK\nx\ry\r\n\r\n'))];
    expect(out).toEqual([
      { t: 1, text: 'Nordic ASA' },
      { t: 3, text: 'OK' },
      { t: 3, text: 'x' },
      { t: 3, text: 'y' },
    ]);
    a.push(4, b('partial'));
    expect(a.pending).toEqual({ t: 4, text: 'partial' });
  });
});

describe('SessionLog', () => {
  it('keeps rx and tx lines apart even when their chunks interleave', () => {
    const log = new SessionLog({ now: () => 0 });
    log.add(ev(1, 'tx', 'AT+CG'));
    log.add(ev(2, 'rx', '+CEREG: 1\r\n'));
    log.add(ev(3, 'tx', 'MI\r'));
    log.add(ev(4, 'rx', 'Nordic\r\nOK\r\n'));
    expect(log.lines().map((l) => [l.dir, l.t, l.text])).toEqual([
      ['rx', 2, '+CEREG: 1'],
      ['tx', 1, 'AT+CGMI'],
      ['rx', 4, 'Nordic'],
      ['rx', 4, 'OK'],
    ]);
    expect(log.totals).toEqual({ rx: 23, tx: 8 });
  });

  it('notifies subscribers of each completed line and shows what is still pending', () => {
    const log = new SessionLog();
    const seen: string[] = [];
    const off = log.subscribe((l) => seen.push(l.text));
    log.add(ev(1, 'rx', 'OK\r\nuart:~$ '));
    expect(seen).toEqual(['OK']);
    expect(log.pending()).toEqual({ rx: 'uart:~$ ', tx: null });
    off();
    log.add(ev(2, 'rx', '\r\n'));
    expect(seen).toEqual(['OK']);
  });

  it('stays within its size, drops the oldest bytes and their lines, and counts them', () => {
    const log = new SessionLog({ maxBytes: 100 });
    for (let i = 0; i < 50; i++) log.add(ev(i, 'rx', `line ${String(i).padStart(2, '0')}\r\n`));
    const kept = log.events().reduce((n, e) => n + e.bytes.length, 0);
    expect(kept).toBeLessThanOrEqual(100);
    expect(log.dropped.bytes + kept).toBe(50 * 9);
    expect(log.dropped.chunks).toBe(50 - log.events().length);
    expect(log.lines()[0]!.text).toBe(`line ${String(log.dropped.chunks).padStart(2, '0')}`);
    expect(log.lines().at(-1)!.text).toBe('line 49');
    expect(log.dropped.lines).toBe(log.dropped.chunks);
  });

  it('stays correct over many trims (head compaction)', () => {
    const log = new SessionLog({ maxBytes: 1000 });
    for (let i = 0; i < 20000; i++) log.add(ev(i, 'tx', `AT+N=${i}\r`));
    const lines = log.lines();
    expect(lines.at(-1)!.text).toBe('AT+N=19999');
    expect(lines.length).toBe(log.events().length);
    expect(log.totals.tx).toBe(log.dropped.bytes + log.events().reduce((n, e) => n + e.bytes.length, 0));
  });

  it('searches case-insensitively by default, by direction, by regular expression', () => {
    const log = new SessionLog();
    log.add(ev(1, 'tx', 'AT%CMNG=1\r'));
    log.add(ev(2, 'rx', '%CMNG: 1,0,"AB"\r\n%cmng lower\r\nOK\r\n'));
    expect(log.search('cmng').map((l) => l.text)).toEqual(['AT%CMNG=1', '%CMNG: 1,0,"AB"', '%cmng lower']);
    expect(log.search('CMNG', { caseSensitive: true }).length).toBe(2);
    expect(log.search('cmng', { dir: 'tx' }).map((l) => l.dir)).toEqual(['tx']);
    expect(log.search(/^OK$/g).map((l) => l.text)).toEqual(['OK']);
    expect(log.search('nothing')).toEqual([]);
  });

  it('renders downloadable text with a header, ISO times, directions, notes and pending text', () => {
    const log = new SessionLog({ now: () => Date.UTC(2026, 10, 21, 8, 30, 0) });
    log.note('connected at 115200 baud');
    log.add(ev(Date.UTC(2026, 10, 21, 8, 30, 1), 'tx', 'AT\r'));
    log.add(ev(Date.UTC(2026, 10, 21, 8, 30, 2), 'rx', 'OK\r\n\x01>'));
    const text = log.toText();
    expect(text).toContain('KeyWire session log');
    expect(text).toContain('6 bytes received, 3 bytes sent');
    expect(text).toContain('2026-11-21T08:30:00.000Z  note  connected at 115200 baud');
    expect(text).toContain('2026-11-21T08:30:01.000Z  tx    AT');
    expect(text).toContain('2026-11-21T08:30:02.000Z  rx    OK');
    expect(text).toContain('\\x01> (no line end yet)');
    expect(log.fileName()).toBe('keywire-session-2026-11-21T08-30-00Z.txt');
  });
});
