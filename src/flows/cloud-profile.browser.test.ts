// Cloud profiles in the real flow (real Chromium, worker, emulated nRF9160, lab CA): the chosen cloud's rules block
// a write in that cloud's words, and an Azure DPS enrollment group gets the intermediate written with the leaf.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from './profile.ts';
import { flowHarness, type FlowHarness } from './testing/harness.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const TEMPLATE = JSON.stringify({
  Parameters: {
    'AWS::IoT::Certificate::CommonName': { Type: 'String' },
    'AWS::IoT::Certificate::Organization': { Type: 'String' },
  },
  Resources: {
    thing: { Type: 'AWS::IoT::Thing', Properties: { ThingName: { Ref: 'AWS::IoT::Certificate::CommonName' } } },
  },
});

describe('cloud profiles in the check before writing', () => {
  it('AWS JITP: a template parameter missing from the subject blocks the write, named, and is recorded', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-b'));
    const profile = { ...DEFAULT_PROFILE, secTag: 71, cloud: { kind: 'aws-iot' as const, jitpTemplate: TEMPLATE } };
    const s = await flow.prepare({ profile, ca });
    if (s.step.name !== 'blocked' || s.step.at !== 'check-before-write') throw new Error(JSON.stringify(s.step));
    const errors = s.step.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.code)).toEqual(['cloud-rule']);
    expect(errors[0]!.message).toContain('AWS::IoT::Certificate::Organization');
    expect(h.sent('nrf9160-b')).not.toContain('AT%CMNG=0');
    const checked = (await h.records()).find((r) => r.action === 'chain-checked')!;
    expect(checked.outcome).toBe('failure');
    expect(checked.errorCode).toBe('cloud-rule');
    expect(checked.detail.certSha256).toBe(s.step.report.leaf!.sha256);
    expect(checked.detail.ext?.['cloudProfile']).toBe('AWS IoT Core');
    expect(checked.detail.message).toContain('Organization');
  });

  it('Azure DPS enrollment group with an intermediate CA: an nRF9160 (one certificate per credential) is blocked with the reason', async () => {
    h = await flowHarness();
    const ca = await h.labCa(true);
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-c'));
    const profile = {
      ...DEFAULT_PROFILE,
      secTag: 72,
      cloud: { kind: 'azure-dps' as const, enrollment: 'group' as const },
    };
    const s = await flow.prepare({ profile, ca });
    if (s.step.name !== 'blocked' || s.step.at !== 'check-before-write') throw new Error(JSON.stringify(s.step));
    const error = s.step.findings.find((f) => f.severity === 'error')!;
    expect(error.code).toBe('cloud-rule');
    expect(error.message).toContain('Azure DPS enrollment group');
    expect(error.message).toContain('one certificate only');
    expect(error.action).toContain('individual enrollment');
    expect(h.sent('nrf9160-c')).not.toContain('AT%CMNG=0');
  });
});
