// The resume rules as a table: what a flow stored for a board, what the board lists now, and where it continues.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from './profile.ts';
import { resumeDecision, type FlowPhase, type FlowRecord } from './record.ts';

const NOW = Date.parse('2030-06-01T12:00:00Z');
const SLOT = 'AB'.repeat(32);
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

function record(phase: FlowPhase, o: { slot?: string | null; generated?: string; keygen?: boolean } = {}): FlowRecord {
  return {
    version: 1,
    deviceId: 'dev',
    device: { family: 'nrf91', deviceId: 'dev', manufacturer: 'N', model: 'M', firmware: 'F' },
    profile: { ...DEFAULT_PROFILE, csrMaxAgeHours: 24 },
    ca: { kind: 'lab', label: 'Lab CA "x"' },
    phase,
    startedAt: hoursAgo(1),
    updatedAt: hoursAgo(1),
    backup: null,
    keygen:
      o.keygen === false
        ? null
        : {
            secTag: 42,
            subject: null,
            raw: '%KEYGEN: "x.y"',
            csrPem: 'pem',
            csrSha256: 'CD'.repeat(32),
            keySlotSha256: o.slot === undefined ? SLOT : o.slot,
            generatedAt: o.generated ?? hoursAgo(1),
          },
    csr: null,
    check: null,
    written: [],
    modemRestored: true,
    summary: null,
  };
}

describe('resumeDecision', () => {
  it.each([
    ['no record', null, SLOT, false, 'fresh', null],
    ['a finished record', record('done'), SLOT, false, 'fresh', null],
    ['prepared, no key yet', record('prepared', { keygen: false }), null, false, 'continue', 'generate-key'],
    ['key generated, same key on the board', record('key-generated'), SLOT, false, 'continue', 'check-csr'],
    ['at get-certificate, same key', record('csr-checked'), SLOT, false, 'continue', 'get-certificate'],
    ['at get-certificate, key replaced', record('csr-checked'), 'EF'.repeat(32), false, 'new-key', null],
    ['at get-certificate, key erased', record('csr-checked'), null, false, 'new-key', null],
    ['key slot SHA never known', record('csr-checked', { slot: null }), SLOT, false, 'new-key', null],
    ['CSR older than allowed', record('csr-checked', { generated: hoursAgo(25) }), SLOT, false, 'new-key', null],
    [
      'old CSR but its certificate was issued',
      record('csr-checked', { generated: hoursAgo(25) }),
      SLOT,
      true,
      'continue',
      'get-certificate',
    ],
    [
      'certificate received long ago',
      record('certificate-received', { generated: hoursAgo(99) }),
      SLOT,
      true,
      'continue',
      'check-before-write',
    ],
    ['checked before the reload: check again', record('checked'), SLOT, true, 'continue', 'check-before-write'],
    ['written, not verified', record('written'), SLOT, true, 'continue', 'verify'],
    ['written, but the key was replaced since', record('written'), 'EF'.repeat(32), true, 'new-key', null],
  ] as const)('%s', (_name, rec, slot, issued, kind, step) => {
    const d = resumeDecision(rec, { keySlotSha256: slot }, issued, NOW);
    expect(d.kind).toBe(kind);
    if (d.kind === 'continue') expect(d.step).toBe(step);
    if (d.kind === 'new-key') expect(d.reason).toMatch(/new key will be generated/);
  });

  it('hands the last completed run to prepare', () => {
    const done = { ...record('done'), summary: { secTag: 42 } as never };
    const d = resumeDecision(done, { keySlotSha256: SLOT }, false, NOW);
    expect(d.kind === 'fresh' && d.previous).toBe(done.summary);
  });
});
