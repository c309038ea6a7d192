// Refusals are evidence: a board's refused certificates (failed chain-checked records) go into the report with their
// fingerprint and reason, escaped, and the export counts them as something to report.
import { describe, expect, it } from 'vitest';
import { exportReport } from './export.ts';
import type { ReportInput } from './model.ts';
import { refusalsOf, type RefusalSource } from './refusals.ts';

const SHA = 'AB'.repeat(32);
const records: RefusalSource[] = [
  {
    seq: 9,
    time: '2026-06-01T10:00:00.000Z',
    action: 'chain-checked',
    outcome: 'failure',
    errorCode: 'key-mismatch',
    detail: {
      secTag: 42,
      certSha256: SHA,
      subject: 'CN=<b>dev</b>',
      message: "Refused before writing: The certificate is for another key, not the board's.",
    },
  },
  {
    seq: 4,
    time: '2026-06-01T09:00:00.000Z',
    action: 'chain-checked',
    outcome: 'failure',
    errorCode: 'no-certificate',
    detail: { chainSha256: 'CD'.repeat(32), message: 'Refused before writing: nothing is a certificate.' },
  },
  { seq: 5, time: 't', action: 'chain-checked', outcome: 'success', errorCode: null, detail: { certSha256: SHA } },
  { seq: 6, time: 't', action: 'credential-write', outcome: 'failure', errorCode: 'x', detail: {} },
];

const input = (refusals: ReportInput['refusals']): ReportInput => ({
  version: '1.0.0',
  createdAt: Date.parse('2026-06-02T00:00:00Z'),
  board: null,
  health: null,
  broker: null,
  decoded: [],
  timeline: null,
  refusals,
});

describe('refusals in the report', () => {
  it('takes only failed chain checks, oldest first, with the fingerprint and what it is of', () => {
    const list = refusalsOf(records);
    expect(list.map((r) => r.seq)).toEqual([4, 9]);
    expect(list[1]).toMatchObject({ sha256: SHA, fingerprintOf: 'certificate', code: 'key-mismatch', secTag: 42 });
    expect(list[0]).toMatchObject({ sha256: 'CD'.repeat(32), fingerprintOf: 'returned' });
  });

  it('is in the JSON and the HTML (escaped), and alone is enough for a report', () => {
    const r = exportReport(input(refusalsOf(records)));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.refusals).toHaveLength(2);
    expect(r.value.json).toContain(SHA);
    expect(r.value.html).toContain('Certificates refused before writing');
    expect(r.value.html).toContain(SHA);
    expect(r.value.html).toContain('another key');
    expect(r.value.html).toContain('CN=&lt;b&gt;dev&lt;/b&gt;');
    expect(r.value.html).not.toContain('<b>dev</b>');
  });

  it('can be left out', () => {
    const r = exportReport(input(refusalsOf(records)), {
      health: true,
      broker: true,
      decoded: true,
      timeline: true,
      refusals: false,
    });
    expect(!r.ok && r.error.code).toBe('empty');
  });
});
