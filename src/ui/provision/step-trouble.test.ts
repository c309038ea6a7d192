import { describe, expect, it } from 'vitest';
import type { FlowError } from '../../flows/index.ts';
import { stepTrouble } from './step-trouble.ts';

const error = (code: FlowError['code'], cause?: string): FlowError => ({
  code,
  message: 'm',
  action: 'a',
  ...(cause ? { cause: { code: cause, message: 'c' } } : {}),
});
const ids = (e: FlowError, platform: 'linux' | 'windows' | 'macos' = 'linux') =>
  stepTrouble(e, platform).map((c) => c.id);

describe('what to check after a failed provisioning step', () => {
  const cases: { name: string; error: FlowError; platform?: 'linux' | 'windows'; want: string[] }[] = [
    { name: 'a cancel: nothing went wrong', error: error('cancelled'), want: [] },
    {
      name: 'a board that stopped answering: cable and power first, then its firmware',
      error: error('device', 'timeout'),
      want: ['baud-rate', 'board-powered', 'other-app', 'linux-modemmanager', 'replug', 'firmware'],
    },
    {
      name: 'a refused command: the answer, then the firmware',
      error: error('device', 'device-rejected'),
      want: ['console', 'firmware'],
    },
    { name: 'a board without key generation', error: error('unsupported-board'), want: ['firmware'] },
    { name: 'a CA that cannot be reached', error: error('ca', 'network'), want: ['ca-reachable', 'ca-origin'] },
    {
      name: 'a CA that refused the request: the clock first',
      error: error('ca', 'rejected'),
      want: ['clock', 'ca-credentials'],
    },
    { name: 'a CA whose fingerprints changed', error: error('ca', 'ca-not-trusted'), want: ['ca-trust'] },
    { name: 'what the board lists differs', error: error('verify-mismatch'), want: ['rewrite', 'console'] },
    { name: 'storage blocked', error: error('storage'), want: ['storage'] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(ids(c.error, c.platform ?? 'linux')).toEqual(c.want));
  }

  it('a busy port lists closing the other program', () => {
    expect(ids(error('device', 'port-busy'))).toContain('other-app');
  });
});
