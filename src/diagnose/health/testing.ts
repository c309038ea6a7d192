// Test support for the health check's tests (never imported by the app): clocks and a chain report as the worker
// returns it, besides the diagnostics-wide NOW and certificate summary (../testing.ts).
import type { ChainProblem, ChainReport } from '../../pki/crypto-types.ts';
import { iso, NOW } from '../testing.ts';
import type { BoardClock } from './types.ts';

export const UNKNOWN: BoardClock = { status: 'unknown', reason: 'test' };
export const known = (ms: number): BoardClock => ({
  status: 'known',
  at: iso(ms),
  raw: '+CCLK: ...',
  source: 'AT+CCLK?',
});

export const ref = (pathIndex: number, subject: string, role: 'leaf' | 'intermediate' | 'anchor' = 'leaf') => ({
  pathIndex,
  role,
  inputIndex: 0,
  subject,
  sha256: 'C3'.repeat(32),
});
export const report = (problems: ChainProblem[], valid = problems.length === 0): ChainReport => ({
  valid,
  path: valid ? [ref(0, 'CN=dev-1'), ref(1, 'CN=Fleet CA', 'anchor')] : [ref(0, 'CN=dev-1')],
  problems,
  at: iso(NOW),
  purpose: 'clientAuth',
});
