// The parser's fast path (classify.ts MAY_MATTER, line-format.ts lineSource) must never change what it finds:
// every fixture, alone and mixed with ordinary console lines, cut into odd chunks, the diagnose bench's own 10 MB logs
// and logs made from the real error-code tables and modem outputs in test-data/ give the same timeline with and
// without it; and lineSource agrees with parseLine on every line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, MAY_MATTER, type LineFact } from './classify.ts';
import { Memo } from './memo.ts';
import { lineSource, parseLine } from './line-format.ts';
import { CandidateScan, createLogParser } from './parser.ts';
import { SeenLines } from './seen-lines.ts';
import { parseLog } from './parse-log.ts';
import { benchLogs } from './sample-logs.ts';
import { NOTE_RULES } from './notes.ts';

const dir = join(import.meta.dirname, '../fixtures');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

const ORDINARY = [
  '[00:01:23.456,789] <inf> app: temperature 21.4 C, humidity 40 %, battery 3912 mV',
  '+CEREG: 5,"4E5A","00A2B3C4",7,,,"11100000","11100000"',
  '%XMODEMSLEEP: 1,86399999',
  'I (12345) wifi:connected with iot-lab, aid = 3, channel 6, BW20, bssid = 24:a4:3c:12:34:56',
  'E: socket closed',
  'W (77) esp-tls: connection retried',
  'Display firmware.c:12 done',
  'app.c:77: |1| tick',
  'OK',
  'ERROR',
  'AT%KEYGEN=16842753,2,0',
  '   ',
  '\u001b[1;31m[00:00:02.000,000] <err> net_sock_tls: TLS handshake err\u001b[0mor -0x2700\u001b[0m',
  '<dbg> mqtt: keepalive',
  'Dumping config: sec-tag 201 done',
  'V (10) x: y',
  'D: debug\u2028',
];

const testData = join(import.meta.dirname, '../../../test-data');

/** Lines as boards print mbedTLS codes, for every code of the 2.28 and 3.6 tables, in the formats the decoders read
 * (some coloured, as ESP-IDF prints them), between handshakes and console lines; and the modem outputs as AT
 * answers. */
function testDataLog(): string {
  const lines: string[] = [];
  for (const version of ['2.28', '3.6']) {
    const rows = readFileSync(join(testData, `mbedtls-${version}-error-codes.tsv`), 'utf8')
      .trim()
      .split('\n');
    rows.forEach((row, i) => {
      const [hex = '', dec = '', name = ''] = row.split('\t');
      lines.push(
        'ssl_tls.c:4366: |2| => handshake',
        // the attempt's first error: a colour code splits the only word the prefilter knows the line by
        `\u001b[0;31mE (${1002 + i}) app: connect fa\u001b[0mil: ${hex}\u001b[0m`,
        `ssl_msg.c:4101: |1| mbedtls_ssl_fetch_input() returned ${dec} (${hex})`,
        `[00:00:0${i % 10}.000,000] <err> net_sock_tls: TLS handshake error: ${hex}`,
        `\u001b[0;31mE (${1000 + i}) esp-tls-mbedtls: mbedtls_ssl_handshake returned ${hex}\u001b[0m`,
        `E (${1001 + i}) esp-tls: esp_tls_stack_err=${-Number(dec)} sec_tag ${i}`,
        `  ! mbedtls_ssl_handshake returned ${hex} ${name}`,
        `Last error was: ${hex} - ${name}`,
        ORDINARY[i % ORDINARY.length]!,
      );
    });
  }
  const vectors = JSON.parse(readFileSync(join(testData, 'nrf91-modem-vectors.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  for (const [name, v] of Object.entries(vectors)) {
    if (typeof v !== 'object' || v === null) continue;
    for (const value of Object.values(v)) {
      if (typeof value === 'string') lines.push(`%KEYGEN: 17,2,"${value}"`, 'OK', `+CME ERROR: 514`, name);
    }
  }
  return lines.join('\n');
}

const mixed = fixtures
  .flatMap(([, text]) => text.split('\n'))
  .flatMap((line, i) => [line, ORDINARY[i % ORDINARY.length]!, ORDINARY[(i + 5) % ORDINARY.length]!])
  .join('\n');

function parse(text: string, prefilter: boolean, chunk: number) {
  const parser = createLogParser({ prefilter });
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk));
  return parser.finish();
}

describe('the parser fast path', () => {
  it.each([...fixtures, ['mixed', mixed] as const])('finds the same timeline in %s', (_name, text) => {
    for (const chunk of [97, 65536]) expect(parse(text, true, chunk)).toEqual(parse(text, false, chunk));
  });

  it('finds the same timeline when repeated lines come back in another order and the line memo starts over', () => {
    // The fast path first compares a line with the one that followed its predecessor last time: runs of the fixture
    // lines repeated in order (the guess holds), reversed and shuffled (it misses), and numbered past the memo's
    // bound (it forgets, and a guess must not reach across that).
    const base = fixtures.flatMap(([, t]) => t.split('\n'));
    const shuffled = base.map((l, i) => base[(i * 7919) % base.length]!);
    const numbered = Array.from({ length: 6000 }, (_, i) => `${base[i % base.length]} #${i % 4500}`);
    const text = [...base, ...base, ...[...base].reverse(), ...shuffled, ...numbered, ...numbered, ...base].join('\n');
    for (const chunk of [97, 65536]) expect(parse(text, true, chunk)).toEqual(parse(text, false, chunk));
  });

  it('reads a line the chain knows as quiet in full when it comes back inside a certificate block', () => {
    // Outside a block the three lines say nothing (the last two are quiet); after "peer certificate #1:" the same run
    // comes back, the chain recognises it, and the two quiet lines must be read as the certificate's fields.
    const run = [
      'ssl_tls.c:1: |2| => parse certificate',
      'x509.c:2: |3| serial number : 01',
      'x509.c:3: |3| subject name : CN=dev',
    ];
    const text = [...run, 'ssl_tls.c:4: |3| peer certificate #1:', ...run].join('\n');
    const fast = parse(text, true, 65536);
    expect(fast).toEqual(parse(text, false, 65536));
    const cert = fast.attempts[0]?.events.find((e) => e.kind === 'certificate');
    expect(cert?.kind === 'certificate' && cert.subject).toBe('CN=dev');
  });

  it('links remembered lines in order, and forgets the links when the lines it does not keep pass its bound', () => {
    const seen = new SeenLines(2);
    const k = seen.known('ssl_tls.c:1: |2| => handshake');
    const a = seen.quiet('quiet a');
    const b = seen.quiet('quiet b');
    expect(k.next).toBe(a);
    expect(a.next).toBe(b);
    expect(seen.known('ssl_tls.c:1: |2| => handshake')).toBe(k);
    expect(seen.follow('quiet a')).toBe(a);
    expect(seen.follow('quiet b')).toBe(b);
    expect(seen.follow('quiet c')).toBeNull();
    for (let i = 0; i < 8; i++) seen.quiet(`other ${i}`); // 4 x 2 lines not kept: it starts over
    const k2 = seen.known('ssl_tls.c:1: |2| => handshake');
    expect(k2).not.toBe(k);
    expect(k2.next).toBeNull();
    expect(seen.follow('quiet a')).toBeNull();
  });

  it("finds the same timeline in the diagnose bench's 10 MB logs, in the pieces parseLog cuts", () => {
    const logs = benchLogs(new Map(fixtures), 10 * 1024 * 1024);
    for (const [name, text] of Object.entries(logs)) {
      const fast = parse(text, true, 256 * 1024);
      expect(fast, name).toEqual(parse(text, false, 256 * 1024));
      expect(fast.attempts.length, name).toBe(20);
      expect(fast.droppedAttempts, name).toBeGreaterThan(1000);
    }
  }, 120_000);

  it('finds the same timeline in logs made from test-data (every mbedTLS code, coloured lines, modem outputs)', () => {
    const text = testDataLog();
    for (const chunk of [97, 65536]) expect(parse(text, true, chunk)).toEqual(parse(text, false, chunk));
    const t = parse(text, true, 65536);
    expect(t.failedAttempts).toBeGreaterThan(400);
    expect(t.secTags.length).toBeGreaterThan(0);
  });

  it('reads a Blob of more than one read slice, with characters cut between slices and pieces, as the same text', async () => {
    // 16 MB slices and 256 KB pieces: a two-byte character every 1,000 characters falls across their boundaries.
    const unit = `${mixed.slice(0, 999)}é`;
    const text = unit.repeat(Math.ceil((17 * 1024 * 1024) / unit.length));
    const fromBlob = await parseLog(new Blob([text]));
    const fromText = await parseLog(text);
    if (!fromBlob.ok || !fromText.ok) throw new Error('parseLog failed');
    expect({ ...fromBlob.value, bytes: 0 }).toEqual({ ...fromText.value, bytes: 0 });
    expect(fromBlob.value.lines).toBeGreaterThan(100_000);
  }, 120_000);

  it('keeps every note rule in the prefilter, or one of its words', () => {
    for (const rule of NOTE_RULES) {
      const inPrefilter = MAY_MATTER.source.includes(rule.pattern.source);
      if (!inPrefilter) {
        // Left out because each of its matches holds a prefilter word: check it on a line the rule matches.
        const sample = rule.pattern.source.replace(/\\d\+/g, '12').replace(/\\(.)/g, '$1');
        expect(rule.pattern.test(sample), rule.id).toBe(true);
        expect(MAY_MATTER.test(sample), rule.id).toBe(true);
      }
    }
  });

  it('finds the same timeline with CRLF line ends, chunks of one to a few characters and a line cut to size', () => {
    const long = `ssl_tls.c:1: |1| ${'x'.repeat(9000)} returned -0x7100`;
    const text = `${mixed.slice(0, 40_000)}\n${long}\n${mixed.slice(40_000, 60_000)}`.replace(/\n/g, '\r\n');
    const full = parse(text, false, 65536);
    for (const chunk of [1, 3, 4096]) expect(parse(text, true, chunk)).toEqual(full);
    expect(full.attempts.length).toBeGreaterThan(3);
  });

  it('marks a line as a candidate in the chunk scan exactly when MAY_MATTER matches it alone', () => {
    const lines = mixed.split('\n');
    const text = lines.join('\n');
    const scan = new CandidateScan(text);
    let at = 0;
    let candidates = 0;
    for (const raw of lines) {
      const hit = scan.hit(at, at + raw.length);
      expect(hit, raw).toBe(MAY_MATTER.test(raw));
      if (hit) candidates++;
      at += raw.length + 1;
    }
    expect(candidates).toBeGreaterThan(100);
    expect(candidates).toBeLessThan(lines.length);
  });

  it('keeps MAY_MATTER free of anything that could match across a newline, so the chunk scan stays exact', () => {
    // \s, \D, \W and negated classes match a newline; look-arounds could see the next line.
    expect(MAY_MATTER.source).not.toMatch(/\\[sDW]|\[\^|\(\?<?[=!]|\\n/);
  });

  it('gives the tail of a log without attempts in order', () => {
    const text = Array.from({ length: 75 }, (_, i) => `plain line ${i}`).join('\n');
    const fast = parse(text, true, 50);
    expect(fast).toEqual(parse(text, false, 50));
    expect(fast.tail[0]).toBe('plain line 45');
    expect(fast.tail.at(-1)).toBe('plain line 74');
  });

  it('lets through every line whose message classify() reads as more than skip or none', () => {
    const lines = [...fixtures.flatMap(([, t]) => t.split('\n')), ...ORDINARY];
    let facts = 0;
    for (const raw of lines) {
      const parsed = parseLine(raw);
      const fact = classify(parsed, false);
      if (fact.t !== 'none' && fact.t !== 'skip') {
        facts++;
        expect(MAY_MATTER.test(raw) || raw.includes('\u001b'), raw).toBe(true);
      }
    }
    expect(facts).toBeGreaterThan(50);
  });

  it('remembers facts by message without changing them, also when its bound makes it forget', () => {
    const lines = [...fixtures.flatMap(([, t]) => t.split('\n')), ...ORDINARY, ...mixed.split('\n').slice(0, 3000)];
    for (const memo of [new Memo<LineFact>(), new Memo<LineFact>(2), new Memo<LineFact>(4096, 20)]) {
      for (const raw of lines) {
        const parsed = parseLine(raw);
        for (const inCert of [false, true])
          expect(classify(parsed, inCert, memo), raw).toEqual(classify(parsed, inCert));
      }
    }
  });

  it('names the same source as parseLine for every line', () => {
    const lines = [...fixtures.flatMap(([, t]) => t.split('\n')), ...ORDINARY];
    for (const raw of lines) expect(lineSource(raw), raw).toBe(parseLine(raw).source);
  });
});
