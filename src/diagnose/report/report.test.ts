// The report: self-contained HTML (no script, no URL, a CSP that loads nothing), everything from a board, a log or a
// user escaped, JSON of the same facts, and the secret scan that refuses an export and names the section.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../audit/secrets.ts';
import { decode } from '../decode/decode.ts';
import { createLogParser } from '../log/parser.ts';
import { checkHealth } from '../health/check.ts';
import type { CertSummary, HealthFacts } from '../health/types.ts';
import { cert, NOW } from '../testing.ts';
import { escapeHtml } from './escape.ts';
import { exportReport, ALL_SECTIONS } from './export.ts';
import type { ReportInput } from './model.ts';
import { boardNotes } from './boards.ts';
import { checkBroker } from '../broker/check.ts';
import { brokerProfile } from '../broker/profiles.ts';
import { TLS_STACKS } from '../broker/stacks.ts';
import type { DeviceIdentity } from '../../devices/device.ts';

const timelineOf = (text: string) => {
  const p = createLogParser();
  p.push(text);
  return p.finish();
};
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8');

const hostile = '<script>alert(1)</script> & "quotes"';
const leaf = cert({
  subject: `CN=${hostile}`,
  commonName: hostile,
  notBefore: '2025-01-01T00:00:00.000Z',
  notAfter: '2075-01-01T00:00:00.000Z',
});

function healthFacts(): HealthFacts {
  const read = (certificates: CertSummary[]) => ({
    status: 'read' as const,
    chars: 700,
    certificates,
    commandChars: 720,
  });
  return {
    identity: {
      family: 'nrf91',
      deviceId: '50363154-3931-44f0-8022-4b5745001108',
      manufacturer: 'Nordic Semiconductor ASA',
      model: 'nRF9160-SICA',
      firmware: 'mfw_nrf9160_1.3.5',
      imei: '352656100402240',
    },
    family: 'nrf91',
    limits: { maxCommandChars: 4096, maxChainBytes: 4096, pemLineEnding: 'lf' },
    listsKeys: true,
    checkedAt: NOW,
    clock: { status: 'unknown', reason: 'the board answered AT+CCLK? with ERROR' },
    items: [
      {
        secTag: 42,
        kind: 'caCert',
        deviceType: '0',
        sha256: 'C3'.repeat(32),
        read: read([{ ...leaf, subject: 'CN=Fleet CA', isCa: true }]),
      },
      { secTag: 42, kind: 'clientCert', deviceType: '1', sha256: 'D4'.repeat(32), read: read([leaf]) },
      {
        secTag: 42,
        kind: 'privateKey',
        deviceType: '2',
        sha256: 'E5'.repeat(32),
        read: { status: 'not-readable', reason: 'never leaves the board' },
      },
    ],
    clientCerts: [
      {
        secTag: 42,
        leaf,
        extra: [],
        chainToTagCa: { valid: true, path: [], problems: [], at: '2026-11-21T10:00:00.000Z', purpose: 'clientAuth' },
        chainToUserCa: null,
        keyEvidence: { kind: 'none', tried: ['no audit trail is available here'] },
      },
    ],
    userCa: [],
  };
}

function input(o: Partial<ReportInput> = {}): ReportInput {
  return {
    version: '0.1.0',
    createdAt: NOW,
    board: null,
    health: checkHealth(healthFacts()),
    broker: null,
    decoded: decode('0xc680'),
    timeline: { source: 'zephyr.log', timeline: timelineOf(fixture('zephyr-mbedtls-not-trusted.txt')) },
    ...o,
  };
}

describe('escapeHtml', () => {
  const table: [string, string][] = [
    ['<b>', '&lt;b&gt;'],
    ['a & b', 'a &amp; b'],
    [`"it's"`, '&quot;it&#39;s&quot;'],
    ['bell\u0007', 'bell\\x07'],
    ['abc\u202Egpj.exe', 'abc\\u202Egpj.exe'],
    ['line\nbreak\ttab', 'line\nbreak\ttab'],
  ];
  for (const [raw, want] of table) it(JSON.stringify(raw), () => expect(escapeHtml(raw)).toBe(want));
});

describe('exportReport', () => {
  it('makes self-contained HTML: no script, no URL, a CSP that loads nothing, device data escaped', () => {
    const r = exportReport(input());
    if (!r.ok) throw new Error(r.error.message);
    const { html } = r.value;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none';`);
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|src=|href=|url\(|@import|https?:\/\//i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it('holds the identity, the fingerprints, every finding with its evidence, and every decoded error', () => {
    const r = exportReport(input());
    if (!r.ok) throw new Error(r.error.message);
    const { html, report } = r.value;
    expect(html).toContain('352656100402240');
    expect(html).toContain('D4'.repeat(32));
    expect(report.healthCheck!.findings.length).toBeGreaterThan(3);
    for (const f of report.healthCheck!.findings) expect(html).toContain(escapeHtml(f.evidence));
    expect(report.decodedErrors.filter((d) => d.source === 'decoder').map((d) => d.name)).toContain(
      'MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE',
    );
    expect(report.decodedErrors.some((d) => d.source === 'log' && d.line !== null)).toBe(true);
    expect(html).toContain('KeyWire 0.1.0');
    expect(r.value.baseName).toBe('keywire-report-50363154-3931-44f0-8022-4b5745001108-20261121T100000Z');
  });

  it('JSON and HTML pass the secret scan, and the JSON parses back to the report', () => {
    const r = exportReport(input());
    if (!r.ok) throw new Error(r.error.message);
    expect(scanForSecrets(r.value.html)).toEqual([]);
    expect(scanForSecrets(r.value.json)).toEqual([]);
    expect(JSON.parse(r.value.json)).toEqual(r.value.report);
  });

  it('refuses when a section holds something secret-looking, names it, and exports without that section', () => {
    const real = timelineOf(fixture('zephyr-mbedtls-not-trusted.txt'));
    const leaky = {
      ...real,
      diagnosis: {
        ...real.diagnosis,
        decisive: { attempt: 1, event: 0, line: 9, text: 'mqtt connect password=hunter2' },
      },
    };
    const r = exportReport(input({ timeline: { source: 'leaky.log', timeline: leaky } }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('secret-detected');
      expect(r.error.message).toContain('a password, token or key assignment in the log timeline');
    }
    const forged = input({ decoded: decode('0xc680').map((d) => ({ ...d, read: 'token: abcdef123456' })) });
    const refused = exportReport(forged);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.found.map((f) => f.section)).toEqual(['decoded errors (decoder)']);
    expect(exportReport(forged, { ...ALL_SECTIONS, decoded: false }).ok).toBe(true);
  });

  it('says there is nothing to report when nothing was run', () => {
    const r = exportReport(input({ health: null, decoded: [], timeline: null }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('empty');
  });
});

describe('which board each section is about', () => {
  const health = checkHealth(healthFacts());
  const other: DeviceIdentity = { ...health.identity, deviceId: 'other-board', imei: '352656100409999' };
  const broker = (identity: DeviceIdentity | null) =>
    checkBroker({
      profile: brokerProfile('nrf-cloud'),
      stack: TLS_STACKS['nrf91-modem'],
      limits: { pemLineEnding: 'lf' },
      identity,
      secTag: identity ? 42 : null,
      caSource: identity ? 'board' : 'pasted',
      boardCas: [],
      clientCert: null,
      clientExtra: [],
      pasted: null,
      host: null,
      deviceId: null,
      checkedAt: NOW,
    });

  it('the broker check carries the board it was made for, or none for a pasted CA store', () => {
    expect(broker(other).board?.deviceId).toBe('other-board');
    expect(broker(null).board).toBeNull();
  });

  it('no note when every section is about the connected board', () => {
    expect(boardNotes(health.identity, health, broker(health.identity))).toEqual([]);
    expect(boardNotes(null, health, null)).toEqual([]);
  });

  it('warns when the sections are about different boards, or not about the one connected', () => {
    expect(boardNotes(null, health, broker(other))).toEqual([
      expect.stringMatching(/IMEI 352656100402240 and the broker check about .*IMEI 352656100409999.*different boards/),
    ]);
    expect(boardNotes(other, health, null)).toEqual([
      expect.stringMatching(/board health check was made for .*402240; .*409999 was connected/),
    ]);
    expect(boardNotes(null, null, broker(null))).toEqual(['The broker check used a pasted CA store, not a board.']);
  });

  it("the files name each section's board and carry the notes; the secret scan stays clean", () => {
    const r = exportReport(input({ broker: broker(other) }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.boardNotes).toHaveLength(1);
    expect(r.value.report.healthCheck!.board.deviceId).toBe(health.identity.deviceId);
    expect(r.value.report.brokerCheck!.board!.deviceId).toBe('other-board');
    expect(r.value.html).toMatch(
      /<h2>Board health check<\/h2>\n<p class="meta">Board: nRF9160-SICA IMEI 352656100402240/,
    );
    expect(r.value.html).toMatch(
      /<h2>Broker check: nRF Cloud \(MQTT\)<\/h2>\n<p class="meta">Board: nRF9160-SICA IMEI 352656100409999/,
    );
    expect(r.value.html).toContain('different boards');
    expect(scanForSecrets(r.value.html)).toEqual([]);
  });
});
