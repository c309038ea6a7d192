import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogParser, LIMITS } from './parser.ts';
import { parseLog } from './parse-log.ts';
import type { Timeline, TimelineEvent } from './timeline.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8');

function parseInChunks(text: string, size: number): Timeline {
  const parser = createLogParser();
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  return parser.finish();
}

const decisiveEvent = (t: Timeline): TimelineEvent | undefined => {
  const d = t.diagnosis.decisive;
  return t.attempts.find((a) => a.number === d?.attempt)?.events[d?.event ?? -1];
};

const CASES = [
  {
    file: 'zephyr-mbedtls-not-trusted.txt',
    source: 'zephyr',
    status: 'failed',
    title: /not trusted.*CA store does not anchor/,
    line: 60,
    lineText: 'Certificate verification flags 00000008',
    kind: 'verify',
    summary: /sec_tag 201.*Amazon Root CA 1/,
  },
  {
    file: 'zephyr-alert-unknown-ca.txt',
    source: 'zephyr',
    status: 'failed',
    title: /broker does not trust the board's certificate \(unknown_ca\)/,
    line: 52,
    lineText: 'got an alert message, type: [2:48]',
    kind: 'alert',
    summary: /Later attempts end with the same -0x7780/,
  },
  {
    file: 'mbedtls-plain-record-too-big.txt',
    source: 'mbedtls',
    status: 'failed',
    title: /record .* larger than the board input buffer/,
    line: 32,
    lineText: 'requesting more data than fits',
    kind: 'note',
    summary: /requesting more data than fits/,
  },
  {
    file: 'esp-idf-not-trusted.txt',
    source: 'esp-idf',
    status: 'failed',
    title: /not trusted/,
    line: 40,
    lineText: '! Certificate verification flags 00000008',
    kind: 'verify',
    summary: /ISRG Root X1/,
  },
  {
    file: 'esp-idf-expired-clock.txt',
    source: 'esp-idf',
    status: 'failed',
    title: /clock is behind/,
    line: 6,
    lineText: 'The certificate validity starts in the future',
    kind: 'verify',
    summary: /board time/,
  },
  {
    file: 'esp-idf-handshake-ok.txt',
    source: 'esp-idf',
    status: 'succeeded',
    title: /Handshake completed/,
    line: 8,
    lineText: '<= handshake',
    kind: 'handshake-done',
    summary: /TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256/,
  },
  {
    file: 'nrf91-modem-at.txt',
    source: 'modem',
    status: 'failed',
    title: /\+CME ERROR: 518/,
    line: 13,
    lineText: '+CME ERROR: 518',
    kind: 'error',
    summary: /offline/,
  },
] as const;

describe('log timeline on real-format fixtures', () => {
  it.each(CASES)(
    '$file: $status, decisive line $line',
    ({ file, source, status, title, line, lineText, kind, summary }) => {
      const t = parseInChunks(fixture(file), 4096);
      const top = Object.entries(t.sources).sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(top).toBe(source);
      expect(t.diagnosis.status).toBe(status);
      expect(t.diagnosis.title).toMatch(title);
      expect(t.diagnosis.summary).toMatch(summary);
      expect(t.diagnosis.decisive?.line).toBe(line);
      expect(t.diagnosis.decisive?.text).toContain(lineText);
      expect(decisiveEvent(t)?.kind).toBe(kind);
      expect(fixture(file).split('\n')[line - 1]).toContain(lineText);
    },
  );

  it('reads the handshake: suites offered with names, suite chosen, certificates, flags, alert sent, final error', () => {
    const t = parseInChunks(fixture('zephyr-mbedtls-not-trusted.txt'), 4096);
    expect(t.attempts).toHaveLength(1);
    const events = t.attempts[0]!.events;
    const hello = events.find((e) => e.kind === 'client-hello');
    expect(hello?.kind === 'client-hello' && hello.suites.map((s) => s.id)).toEqual([
      0xc02b, 0xc02c, 0xc02f, 0xc030, 0xc023, 0xc027,
    ]);
    expect(hello?.kind === 'client-hello' && hello.suites[0]?.name).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    expect(hello?.kind === 'client-hello' && hello.serverName).toBe('a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com');
    const server = events.filter((e) => e.kind === 'server-hello');
    expect(server).toHaveLength(1);
    expect(server[0]?.kind === 'server-hello' && server[0].suite).toEqual({
      id: 0xc02f,
      name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    });
    const certs = events.filter((e) => e.kind === 'certificate');
    expect(certs.map((c) => c.kind === 'certificate' && [c.role, c.index, c.subject])).toEqual([
      ['peer', 1, 'CN=*.iot.eu-west-1.amazonaws.com'],
      ['peer', 2, 'C=US, O=Amazon, CN=Amazon RSA 2048 M01'],
    ]);
    expect(certs[1]?.kind === 'certificate' && certs[1].validTo).toBe('2030-08-23 22:21:28');
    expect(events.find((e) => e.kind === 'alert')).toMatchObject({
      alert: { direction: 'sent', description: 48, level: 2 },
    });
    expect(events.filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.codes[0]?.canonical)).toEqual([
      '-0x2700',
      '-0x2700',
      '-113 (ECONNABORTED)',
    ]);
    expect(t.secTags).toEqual([201]);
  });

  it('separates retries into attempts and keeps the server-side alert and the own certificate', () => {
    const t = parseInChunks(fixture('zephyr-alert-unknown-ca.txt'), 4096);
    expect(t.attempts.map((a) => a.diagnosis.status)).toEqual(['failed', 'failed']);
    expect(t.failedAttempts).toBe(2);
    const own = t.attempts[0]!.events.find((e) => e.kind === 'certificate' && e.role === 'own');
    expect(own).toMatchObject({ subject: 'CN=sensor-0042', issuer: 'CN=Factory Device CA 2025, O=Example Devices' });
    expect(t.attempts[0]!.events.filter((e) => e.kind === 'alert')).toHaveLength(1);
  });

  it('folds esp-tls verification info lines into one flag mask', () => {
    const t = parseInChunks(fixture('esp-idf-expired-clock.txt'), 4096);
    const verify = t.attempts[0]!.events.filter((e) => e.kind === 'verify');
    expect(verify).toHaveLength(1);
    expect(verify[0]?.kind === 'verify' && verify[0].flags.mask).toBe(0x600);
  });

  it.each(CASES.map((c) => c.file))('gives the same timeline whatever the chunk boundaries: %s', (file) => {
    const text = fixture(file);
    const whole = JSON.stringify(parseInChunks(text, text.length + 1));
    expect(JSON.stringify(parseInChunks(text, 1))).toBe(whole);
    expect(JSON.stringify(parseInChunks(text, 7))).toBe(whole);
    const crlf = parseInChunks(text.replaceAll('\n', '\r\n'), 13);
    expect(JSON.stringify({ ...crlf, bytes: text.length })).toBe(
      JSON.stringify({ ...JSON.parse(whole), bytes: text.length }),
    );
  });

  it('says so when a log has no handshake and keeps its tail', () => {
    const t = parseInChunks('hello\nworld\n', 3);
    expect(t.diagnosis).toMatchObject({ status: 'unknown', title: 'No TLS handshake or error code found in this log' });
    expect(t.tail).toEqual(['hello', 'world']);
  });
});

describe('log timeline on big logs', () => {
  const noise = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `[00:01:${String(i % 60).padStart(2, '0')}.000,000] <dbg> mbedtls: zephyr_mbedtls_debug: ssl_msg.c:2880: 00${(i % 100).toString(16).padStart(2, '0')}:  16 03 03 00 e7 01 00 00 e3 03 03 65 a4 1b 02 9e  ...........e....`,
    ).join('\n');

  function bigLog(targetBytes: number): string {
    const attempt = `${fixture('zephyr-mbedtls-not-trusted.txt')}\n${noise(400)}\n`;
    return attempt.repeat(Math.ceil(targetBytes / attempt.length));
  }

  it('parses a 10 MB log in bounded memory: events, not lines, with capped attempts', async () => {
    const text = bigLog(10 * 1024 * 1024);
    expect(text.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    let calls = 0;
    const r = await parseLog(new Blob([text]), { onProgress: () => calls++ });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    expect(t.lines).toBeGreaterThan(50_000);
    expect(t.bytes).toBe(text.length);
    expect(t.attempts.length).toBe(LIMITS.firstAttempts + LIMITS.lastAttempts);
    expect(t.droppedAttempts).toBeGreaterThan(0);
    expect(t.failedAttempts).toBe(t.attempts.length + t.droppedAttempts);
    expect(t.diagnosis.title).toMatch(/not trusted/);
    expect(calls).toBeGreaterThan(30);
    const kept = JSON.stringify(t).length;
    expect(kept).toBeLessThan(1_000_000);
    // twice the log, same retained size: memory does not grow with the input
    const twice = createLogParser();
    twice.push(text);
    twice.push(text);
    expect(Math.abs(JSON.stringify(twice.finish()).length - kept)).toBeLessThan(kept * 0.05);
  }, 120_000);

  it('bounds a single endless line and the events of one attempt', () => {
    const parser = createLogParser();
    for (let i = 0; i < 200; i++) parser.push('x'.repeat(50_000));
    parser.push('\n+CME ERROR: 513\n');
    for (let i = 0; i < 2000; i++) parser.push(`+CME ERROR: ${513 + (i % 2)}\nAT%CMNG=2,1,0\n`);
    const t = parser.finish();
    expect(t.lines).toBe(4002);
    expect(t.attempts.every((a) => a.events.length <= LIMITS.eventsPerAttempt)).toBe(true);
    expect(t.attempts[0]?.events[0]?.text.length).toBeLessThanOrEqual(LIMITS.textChars + 1);
  });

  it('refuses empty, oversized and binary input with clear errors', async () => {
    expect(await parseLog('')).toMatchObject({ ok: false, error: { code: 'empty-input' } });
    const huge = { size: 65 * 1024 * 1024 } as Blob;
    expect(await parseLog(huge)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const binary = new Blob([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 0, 0])]);
    expect(await parseLog(binary)).toMatchObject({ ok: false, error: { code: 'unrecognised-input' } });
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await parseLog('a\nb\n', { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { code: 'aborted' },
    });
  });
});
