// The cloud profiles' rules on the worker's report: each cloud's refusal names what that cloud needs.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../lib/bytes.ts';
import type { WriteCheckReport, WriteTarget } from '../pki/write-check-types.ts';
import { applyCloudRules, jitpTemplateParameters, subjectAttributes, type CloudProfile } from './cloud-rules.ts';

const LEAF_PEM = '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n';
const INT_PEM = '-----BEGIN CERTIFICATE-----\nINTERMEDIATE\n-----END CERTIFICATE-----\n';

function report(subject: string, cn: string | null, intermediates: string[] = []): WriteCheckReport {
  return {
    writable: true,
    proofs: [],
    findings: [],
    checks: [
      { id: 'common-name', verdict: 'passed' },
      { id: 'size', verdict: 'passed' },
    ],
    leaf: {
      pem: LEAF_PEM,
      sha256: 'A'.repeat(64),
      serialHex: '01',
      subject,
      commonName: cn,
      issuer: 'CN=Lab Intermediate',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      spkiSha256: 'B'.repeat(64),
      keyMatchesCsr: true,
    },
    intermediatesPem: intermediates,
    anchorPem: null,
    chainReport: null,
    writes: [
      {
        kind: 'clientCert',
        content: LEAF_PEM,
        sha256: 'C'.repeat(64),
        bytes: LEAF_PEM.length,
        commandChars: null,
        subject,
      },
    ],
    at: '2026-06-01T00:00:00.000Z',
  };
}

const ctx = (target: Partial<WriteTarget> = {}) => ({
  target: { pemLineEnding: 'lf' as const, ...target },
  sha256: (t: string) => sha256Hex(t),
});

const TEMPLATE = JSON.stringify({
  Parameters: {
    'AWS::IoT::Certificate::CommonName': { Type: 'String' },
    'AWS::IoT::Certificate::Country': { Type: 'String' },
    'AWS::IoT::Certificate::Id': { Type: 'String' },
  },
  Resources: {
    thing: { Type: 'AWS::IoT::Thing', Properties: { ThingName: { Ref: 'AWS::IoT::Certificate::CommonName' } } },
    certificate: { Properties: { CertificateId: { Ref: 'AWS::IoT::Certificate::Id' } } },
  },
});

describe('subject and template parsing', () => {
  it('reads subject attributes with escaped commas', () => {
    const a = subjectAttributes('CN=dev-1, O=Acme\\, Inc., C=NO');
    expect(a.get('CN')).toBe('dev-1');
    expect(a.get('O')).toBe('Acme, Inc.');
    expect(a.get('C')).toBe('NO');
  });
  it('lists the certificate parameters a template uses, also inside templateBody', () => {
    const direct = jitpTemplateParameters(TEMPLATE);
    expect(direct).toEqual({ ok: true, parameters: ['CommonName', 'Country', 'Id'] });
    expect(jitpTemplateParameters(JSON.stringify({ templateBody: TEMPLATE, roleArn: 'arn' }))).toEqual(direct);
    expect(jitpTemplateParameters('{not json').ok).toBe(false);
  });
});

describe('AWS IoT Core', () => {
  const aws: CloudProfile = { kind: 'aws-iot', jitpTemplate: TEMPLATE };
  it('blocks when a JITP parameter is missing from the subject, naming the parameter', async () => {
    const r = await applyCloudRules(report('CN=dev-1', 'dev-1'), aws, 'dev-1', ctx());
    expect(r.writable).toBe(false);
    const errors = r.findings.filter((f) => f.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('cloud-rule');
    expect(errors[0]!.message).toContain('AWS::IoT::Certificate::Country');
    expect(errors[0]!.action).toContain('C (Country)');
    expect(r.checks.find((c) => c.id === 'common-name')!.verdict).toBe('failed');
  });
  it('passes when every parameter is in the subject, with the SNI reminder', async () => {
    const r = await applyCloudRules(report('CN=dev-1, C=NO', 'dev-1'), aws, 'dev-1', ctx());
    expect(r.writable).toBe(true);
    expect(r.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(r.findings[0]!.message).toContain('SNI');
  });
  it('without JITP only reminds of SNI', async () => {
    const r = await applyCloudRules(report('CN=x', 'x'), { kind: 'aws-iot' }, 'x', ctx());
    expect(r.writable).toBe(true);
  });
});

describe('Azure IoT Hub with DPS', () => {
  const group: CloudProfile = { kind: 'azure-dps', enrollment: 'group' };
  it('writes the intermediate with the leaf when the board can store it', async () => {
    const r = await applyCloudRules(
      report('CN=reg-1', 'reg-1', [INT_PEM]),
      group,
      'reg-1',
      ctx({ maxCommandChars: 4096 }),
    );
    expect(r.writable).toBe(true);
    const w = r.writes.find((x) => x.kind === 'clientCert')!;
    expect(w.content).toBe(LEAF_PEM + INT_PEM);
    expect(w.sha256).toBe(await sha256Hex(LEAF_PEM + INT_PEM));
  });
  it('blocks with the reason when the board cannot store the chain', async () => {
    const r = await applyCloudRules(
      report('CN=reg-1', 'reg-1', [INT_PEM]),
      group,
      'reg-1',
      ctx({ maxCommandChars: 60, commandOverheadChars: { clientCert: 20, caCert: 20 } }),
    );
    expect(r.writable).toBe(false);
    const e = r.findings.find((f) => f.severity === 'error')!;
    expect(e.message).toContain('at most 60 characters');
    expect(e.message).toContain('DPS');
    expect(r.writes[0]!.content).toBe(LEAF_PEM);
    const big = await applyCloudRules(
      report('CN=reg-1', 'reg-1', [INT_PEM]),
      group,
      'reg-1',
      ctx({ maxChainBytes: 5 }),
    );
    expect(big.writable).toBe(false);
    const single = await applyCloudRules(report('CN=reg-1', 'reg-1', [INT_PEM]), group, 'reg-1', {
      ...ctx(),
      clientCertChain: false,
    });
    expect(single.writable).toBe(false);
    expect(single.findings.find((f) => f.severity === 'error')!.message).toContain('one certificate only');
    expect(big.findings.find((f) => f.severity === 'error')!.message).toContain("board's TLS stack takes about 5");
  });
  it('the registration id is the CN', async () => {
    const r = await applyCloudRules(
      report('CN=other', 'other'),
      { kind: 'azure-dps', enrollment: 'individual', registrationId: 'reg-1' },
      'x',
      ctx(),
    );
    expect(r.writable).toBe(false);
    expect(r.findings[0]!.message).toContain('"reg-1"');
  });
});

describe('nRF Cloud and Mosquitto', () => {
  it('nRF Cloud needs a device id in the CN', async () => {
    const bad = await applyCloudRules(report('O=Acme', null), { kind: 'nrf-cloud' }, 'dev', ctx());
    expect(bad.writable).toBe(false);
    expect(bad.findings[0]!.message).toContain('nRF Cloud');
    const good = await applyCloudRules(report('CN=dev', 'dev'), { kind: 'nrf-cloud' }, 'dev', ctx());
    expect(good).toEqual(report('CN=dev', 'dev'));
  });
  it('Mosquitto adds no rule', async () => {
    const r = report('CN=x', 'x');
    expect(await applyCloudRules(r, { kind: 'mosquitto' }, 'x', ctx())).toBe(r);
  });
});
