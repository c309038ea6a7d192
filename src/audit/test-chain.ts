// Test support (imported by *.test.ts only): builds a valid in-memory chain of realistic records.
import { sealRecord } from './chain.ts';
import type { PreparedEntry } from './guard.ts';
import { GENESIS_HASH, type AuditRecord } from './types.ts';

export function entry(i: number, patch: Partial<PreparedEntry> = {}): PreparedEntry {
  return {
    operator: 'Ana Lima',
    site: 'Bench 3',
    device: {
      family: 'nrf91',
      id: `50503041-3633-4261-803d-1e2b8f70${String(i % 7).padStart(4, '0')}`,
      model: 'nRF9151-LACA',
      firmware: 'mfw_nrf91x1_2.0.2',
    },
    action: i % 3 === 0 ? 'identify' : 'verify',
    detail: { secTag: 16842753 + (i % 4), certSha256: 'AB'.repeat(32), note: `step ${i} ✓ «ü»` },
    outcome: 'success',
    errorCode: null,
    intentSeq: null,
    ...patch,
  };
}

export function buildChain(count: number, start = new Date('2030-03-01T08:00:00Z')): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const time = new Date(start.getTime() + i * 61_000).toISOString();
    const record = sealRecord(entry(i), { seq: i, time, prevHash });
    out.push(record);
    prevHash = record.hash;
  }
  return out;
}
