// The stepper's picture of a flow snapshot, the primary button for each next action, and the progress words.
import { describe, expect, it } from 'vitest';
import type { FlowStep, NextAction } from '../../flows/index.ts';
import { caText, primaryLabel, progressView, stepperModel, stepTitle } from './steps.ts';

const states = (step: FlowStep) => stepperModel(step).map((s) => `${s.id}:${s.state}`);

describe('stepperModel', () => {
  it('shows Connect and Identify done and Prepare now while the operator name is asked for', () => {
    const model = stepperModel({ name: 'connect' } as FlowStep, 'prepare').map((s) => `${s.id}:${s.state}`);
    expect(model.slice(0, 4)).toEqual(['connect:done', 'identify:done', 'prepare:current', 'generate-key:todo']);
  });

  it('marks the steps before the current one done and the rest to do', () => {
    expect(states({ name: 'write', secTag: 42, writes: [] })).toEqual([
      'connect:done',
      'identify:done',
      'prepare:done',
      'generate-key:done',
      'check-csr:done',
      'get-certificate:done',
      'check-before-write:done',
      'write:current',
      'verify:todo',
      'done:todo',
    ]);
  });

  it('puts open intents under Identify and a stopped flow at the step it stopped at', () => {
    expect(states({ name: 'open-intents', intents: [] })[1]).toBe('identify:current');
    const failed: FlowStep = {
      name: 'failed',
      at: 'get-certificate',
      error: { code: 'ca', message: 'm', action: 'a' },
    };
    expect(states(failed).slice(4, 7)).toEqual(['check-csr:done', 'get-certificate:failed', 'check-before-write:todo']);
    const waiting: FlowStep = { name: 'waiting-for-board', at: 'write', reason: 'unplugged' };
    expect(states(waiting)[7]).toBe('write:waiting');
    const blocked: FlowStep = { name: 'blocked', at: 'check-csr', findings: [] };
    expect(states(blocked)[4]).toBe('check-csr:blocked');
  });

  it('shows every step done once the flow is done', () => {
    const s = stepperModel({ name: 'done', summary: {} as never });
    expect(s.slice(0, 9).every((x) => x.state === 'done')).toBe(true);
    expect(s[9]!.state).toBe('current');
  });
});

describe('primaryLabel', () => {
  it.each<[NextAction['kind'], string | null]>([
    ['choose', 'Start provisioning'],
    ['confirm-overwrite', 'Back up and replace'],
    ['retry', 'Continue'],
    ['new-certificate', 'Ask the CA for a new certificate'],
    ['start-over', 'Start over with a new key'],
    ['finished', 'Next board'],
    ['close-intents', 'Record these outcomes and continue'],
    ['reconnect', 'Look for the board again'],
    ['wait', null],
    ['connect', null],
  ])('%s -> %s', (kind, want) => expect(primaryLabel({ kind } as NextAction)).toBe(want));
});

describe('progressView', () => {
  it('key generation: elapsed against the expected time, never full before the board answers', () => {
    const p = { kind: 'elapsed', startedAt: 1000, expectedMs: 2000, label: 'Generating' } as const;
    expect(progressView(p, 2000)).toEqual({ fraction: 0.5, text: 'Generating: 1.0 s of about 2.0 s.' });
    const late = progressView(p, 6000);
    expect(late.fraction).toBe(0.95);
    expect(late.text).toMatch(/5\.0 s, longer than the usual 2\.0 s/);
  });

  it('writes: bytes and percent', () => {
    const p = { kind: 'fraction', fraction: 0.25, label: 'Writing the client certificate' } as const;
    expect(progressView(p, 0, 1200).text).toBe('Writing the client certificate: 300 of 1200 bytes, 25 %');
    expect(progressView({ ...p, fraction: 1.4 }, 0).fraction).toBe(1);
  });

  it('CA status: words and an indeterminate bar', () => {
    expect(progressView({ kind: 'status', label: 'Sending the CSR to the CA' }, 0)).toEqual({
      fraction: null,
      text: 'Sending the CSR to the CA',
    });
  });
});

it('names steps for "continuing where you left off"', () => {
  expect(stepTitle('get-certificate')).toBe('Get the certificate');
  expect(stepTitle('open-intents')).toBe('Identify the board');
  expect(stepTitle('check-before-write')).toBe('Check before writing');
});

describe('caText', () => {
  it.each([
    [{ label: 'Lab CA "Bench CA"', name: 'Lab CA "Bench CA"' }, 'Lab CA "Bench CA"'],
    [{ label: 'Lab CA "Bench CA"', name: 'Bench CA' }, 'Lab CA "Bench CA"'],
    [
      { label: 'EST https://est.example', name: 'Example Issuing CA 2' },
      'EST https://est.example (Example Issuing CA 2)',
    ],
    [{ label: 'Manual exchange', name: '' }, 'Manual exchange'],
  ])('%o -> %s', (ca, want) => expect(caText(ca)).toBe(want));
});
