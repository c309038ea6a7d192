import { describe, expect, it } from 'vitest';
import type { TapEvent } from './byte-stream.ts';
import { escapeBytes, LineAssembler } from './console-lines.ts';
import { SessionLog } from './session-log.ts';
import { SECRET_LINES } from '../adapters/index.ts';

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
    const log = new SessionLog({ secretLines: SECRET_LINES, now: () => 0 });
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
    const log = new SessionLog({ secretLines: SECRET_LINES });
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
    const log = new SessionLog({ secretLines: SECRET_LINES, maxBytes: 100 });
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
    const log = new SessionLog({ secretLines: SECRET_LINES, maxBytes: 1000 });
    for (let i = 0; i < 20000; i++) log.add(ev(i, 'tx', `AT+N=${i}\r`));
    const lines = log.lines();
    expect(lines.at(-1)!.text).toBe('AT+N=19999');
    expect(lines.length).toBe(log.events().length);
    expect(log.totals.tx).toBe(log.dropped.bytes + log.events().reduce((n, e) => n + e.bytes.length, 0));
  });

  it('searches case-insensitively by default, by direction, by regular expression', () => {
    const log = new SessionLog({ secretLines: SECRET_LINES });
    log.add(ev(1, 'tx', 'AT%CMNG=1\r'));
    log.add(ev(2, 'rx', '%CMNG: 1,0,"AB"\r\n%cmng lower\r\nOK\r\n'));
    expect(log.search('cmng').map((l) => l.text)).toEqual(['AT%CMNG=1', '%CMNG: 1,0,"AB"', '%cmng lower']);
    expect(log.search('CMNG', { caseSensitive: true }).length).toBe(2);
    expect(log.search('cmng', { dir: 'tx' }).map((l) => l.dir)).toEqual(['tx']);
    expect(log.search(/^OK$/g).map((l) => l.text)).toEqual(['OK']);
    expect(log.search('nothing')).toEqual([]);
  });

  it('renders downloadable text with a header, ISO times, directions, notes and pending text', () => {
    const log = new SessionLog({ secretLines: SECRET_LINES, now: () => Date.UTC(2026, 10, 21, 8, 30, 0) });
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

describe('SessionLog keeps key material out of its lines', () => {
  const PSK = '00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF';
  const KEY_BODY = ['MHcCAQEEIBvX1TyLpyVZ3TW6JPhaIlo4nBDvgPpi0ADlU8TQDpw6oAoGCCqGSM49', 'AwEHoUQDQgAE'];
  const KEY = `-----BEGIN EC PRIVATE KEY-----\n${KEY_BODY.join('\n')}\n-----END EC PRIVATE KEY-----\n`;

  it('masks a typed PSK write and a PSK read answer, and still counts every byte', () => {
    const log = new SessionLog({ secretLines: SECRET_LINES, now: () => 0 });
    const write = `AT%CMNG=0,42,3,"${PSK}"\r`;
    log.add(ev(1, 'tx', write));
    const read = `%CMNG: 42,3,"${'AB'.repeat(32)}","${PSK}"\r\nOK\r\n`;
    log.add(ev(2, 'rx', read));
    const texts = log.lines().map((l) => l.text);
    expect(texts).toEqual([
      'AT%CMNG=0,42,3,"<PSK, 32 bytes, hidden>"',
      `%CMNG: 42,3,"${'AB'.repeat(32)}","<PSK, 32 bytes, hidden>"`,
      'OK',
    ]);
    expect(log.totals).toEqual({ tx: write.length, rx: read.length });
    expect(log.toText()).not.toContain(PSK);
    expect(log.search(PSK.slice(0, 12))).toEqual([]);
  });

  it('holds back a multi-line private key write and shows it as one masked line, even split across chunks', () => {
    const log = new SessionLog({ secretLines: SECRET_LINES, now: () => 0 });
    const command = `AT%CMNG=0,7,2,"${KEY}"\r`;
    for (let i = 0; i < command.length; i += 13) log.add(ev(i, 'tx', command.slice(i, i + 13)));
    log.add(ev(999, 'tx', 'AT%CMNG=1,7\r'));
    const texts = log.lines().map((l) => l.text);
    expect(texts).toEqual([`AT%CMNG=0,7,2,"<private key, ${KEY.length} characters, hidden>"`, 'AT%CMNG=1,7']);
    expect(log.toText()).not.toMatch(/PRIVATE KEY|MHcCAQEE/);
  });

  it('shows a secret still arriving as hidden, and leaves a certificate write and other types alone', () => {
    const log = new SessionLog({ secretLines: SECRET_LINES, now: () => 0 });
    log.add(ev(1, 'tx', `AT%CMNG=0,42,3,"${PSK.slice(0, 20)}`));
    expect(log.pending().tx).toBe('AT%CMNG=0,42,3,"<secret content, hidden>');
    expect(log.toText()).not.toContain(PSK.slice(0, 20));
    const other = new SessionLog({ secretLines: SECRET_LINES, now: () => 0 });
    other.add(ev(1, 'tx', 'AT%CMNG=0,42,4,"my-identity"\r'));
    other.add(ev(2, 'tx', 'AT%CMNG=0,42,1,"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"\r'));
    expect(other.lines().map((l) => l.text)).toEqual([
      'AT%CMNG=0,42,4,"my-identity"',
      'AT%CMNG=0,42,1,"-----BEGIN CERTIFICATE-----',
      'MIIB',
      '-----END CERTIFICATE-----',
      '"',
    ]);
  });

  it('ends a quote the board never closed at its final result', () => {
    const log = new SessionLog({ secretLines: SECRET_LINES, now: () => 0 });
    log.add(ev(1, 'rx', `%CMNG: 42,3,"${'AB'.repeat(32)}","${PSK}\r\nOK\r\n`));
    expect(log.lines().map((l) => l.text)).toEqual([`%CMNG: 42,3,"${'AB'.repeat(32)}","<PSK, 32 bytes, hidden>`, 'OK']);
  });
});
