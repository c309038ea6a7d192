// The provisioning state machine as a table: the happy path is allowed step by step, jumps that would skip a check
// are refused, interruptions are allowed from every working step, and each state offers its one next action.
import { describe, expect, it } from 'vitest';
import { canMove, nextActionFor } from './transitions.ts';
import type { FlowError, FlowStep, FlowStepName } from './types.ts';

const PATH: FlowStepName[] = [
  'connect',
  'identify',
  'prepare',
  'generate-key',
  'check-csr',
  'get-certificate',
  'check-before-write',
  'write',
  'verify',
  'done',
];

describe('transitions', () => {
  it('allows the provisioning order step by step', () => {
    for (let i = 1; i < PATH.length; i++)
      expect(canMove(PATH[i - 1]!, PATH[i]!), `${PATH[i - 1]} -> ${PATH[i]}`).toBe(true);
  });

  it.each([
    ['prepare', 'write'],
    ['prepare', 'get-certificate'],
    ['generate-key', 'get-certificate'],
    ['check-csr', 'write'],
    ['get-certificate', 'write'],
    ['connect', 'done'],
    ['blocked', 'write'],
    ['blocked', 'verify'],
    ['write', 'done'],
    ['done', 'write'],
    ['waiting-for-board', 'write'],
  ] as const)('refuses %s -> %s (it would skip a check)', (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });

  it.each([
    'identify',
    'generate-key',
    'check-csr',
    'get-certificate',
    'check-before-write',
    'write',
    'verify',
  ] as const)('lets %s fail or wait for the board', (from) => {
    expect(canMove(from, 'failed')).toBe(true);
    expect(canMove(from, 'waiting-for-board')).toBe(true);
  });

  it('lets a step update its own data', () => {
    for (const step of PATH) expect(canMove(step, step)).toBe(true);
  });

  it('blocks only at the two checks', () => {
    const blockers = PATH.filter((s) => canMove(s, 'blocked'));
    expect(blockers).toEqual(['check-csr', 'check-before-write']);
  });

  it('resumes after identify at any stored point, but never skips identify after a reconnect', () => {
    for (const to of ['get-certificate', 'check-before-write', 'verify', 'open-intents'] as const)
      expect(canMove('identify', to)).toBe(true);
    expect(canMove('waiting-for-board', 'get-certificate')).toBe(false);
    expect(canMove('waiting-for-board', 'identify')).toBe(true);
  });
});

const error = (code: FlowError['code']): FlowError => ({ code, message: 'm', action: 'a' });
const report = {} as never;

describe('the one next action', () => {
  const rows: [string, FlowStep, boolean, boolean, string][] = [
    ['connect', { name: 'connect' }, false, false, 'connect'],
    ['busy anywhere', { name: 'write', secTag: 1, writes: [] }, true, true, 'wait'],
    [
      'prepare',
      { name: 'prepare', secTag: 1, existing: [], confirm: null, problems: [], previous: null },
      false,
      true,
      'choose',
    ],
    [
      'prepare with overwrites',
      { name: 'prepare', secTag: 1, existing: [], confirm: [], problems: [], previous: null },
      false,
      true,
      'confirm-overwrite',
    ],
    ['open intents', { name: 'open-intents', intents: [] }, false, true, 'close-intents'],
    ['blocked CSR', { name: 'blocked', at: 'check-csr', findings: [] }, false, true, 'start-over'],
    [
      'blocked certificate',
      { name: 'blocked', at: 'check-before-write', findings: [], report },
      false,
      true,
      'new-certificate',
    ],
    ['waiting for the board', { name: 'waiting-for-board', at: 'write', reason: 'r' }, false, false, 'reconnect'],
    ['watching for the board', { name: 'waiting-for-board', at: 'write', reason: 'r' }, true, false, 'reconnect'],
    ['the port would not open', { name: 'failed', at: 'connect', error: error('device') }, false, false, 'connect'],
    ['failed, connected', { name: 'failed', at: 'write', error: error('device') }, false, true, 'retry'],
    ['failed, board gone', { name: 'failed', at: 'write', error: error('cancelled') }, false, false, 'reconnect'],
    ['another board', { name: 'failed', at: 'identify', error: error('other-board') }, false, true, 'connect'],
    [
      'unsupported board',
      { name: 'failed', at: 'identify', error: error('unsupported-board') },
      false,
      true,
      'connect',
    ],
    ['done', { name: 'done', summary: {} as never }, false, true, 'finished'],
  ];
  it.each(rows)('%s', (_name, step, busy, connected, want) => {
    expect(nextActionFor(step, busy, connected).kind).toBe(want);
  });
});
