import { describe, expect, it } from 'vitest';
import { cloudFiles, nrfCloudOnboardingCsv, type CloudBoard } from './cloud-files.ts';

const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
const BOARDS: CloudBoard[] = ['a', 'b', 'c'].map((x) => ({
  deviceId: `50363154-3932-4834-802b-09087183140${x}`,
  certificatePem: pem(`CERT${x}`),
  intermediatesPem: [pem('INT')],
  rootPem: pem('ROOT'),
}));

describe('nRF Cloud onboarding CSV', () => {
  it('lists every device of a batch with its certificate in the bulk onboarding format', () => {
    const csv = nrfCloudOnboardingCsv(BOARDS);
    const rows = csv.trim().split(/\n(?=[^-"\n][^\n]*,)/);
    expect(rows).toHaveLength(3);
    for (const [i, b] of BOARDS.entries()) {
      expect(rows[i]!.startsWith(`${b.deviceId},,,APP|MODEM,"-----BEGIN CERTIFICATE-----\n`)).toBe(true);
      expect(rows[i]!.endsWith('-----END CERTIFICATE-----\n"')).toBe(true);
      expect(rows[i]).toContain(b.certificatePem.split('\n')[1]);
    }
  });
  it('quotes fields that need it and joins tags with pipes', () => {
    const csv = nrfCloudOnboardingCsv([BOARDS[0]!], { subType: 'a,b', tags: ['east', 'sensor'], fwTypes: ['APP'] });
    expect(csv.startsWith(`${BOARDS[0]!.deviceId},"a,b",east|sensor,APP,"`)).toBe(true);
  });
});

describe('files Done offers per cloud', () => {
  it('nRF Cloud: the onboarding CSV, named for the batch', () => {
    const f = cloudFiles({ kind: 'nrf-cloud' }, BOARDS);
    expect(f.map((x) => x.name)).toEqual(['batch-of-3-nrf-cloud-onboarding.csv']);
    expect(f[0]!.text).toBe(nrfCloudOnboardingCsv(BOARDS));
  });
  it('Azure group: the chain to verify, then the certificates; individual: certificates only', () => {
    const g = cloudFiles({ kind: 'azure-dps', enrollment: 'group' }, [BOARDS[0]!]);
    expect(g[0]!.name).toMatch(/dps-chain\.pem$/);
    expect(g[0]!.text).toBe(pem('INT') + pem('ROOT'));
    const i = cloudFiles({ kind: 'azure-dps', enrollment: 'individual' }, [BOARDS[0]!]);
    expect(i.map((x) => x.name)).toEqual([`${BOARDS[0]!.deviceId}-certificates.pem`]);
  });
  it('AWS: the certificates to register; no profile: nothing', () => {
    const a = cloudFiles({ kind: 'aws-iot' }, BOARDS);
    expect(a[0]!.text).toBe(BOARDS.map((b) => b.certificatePem).join(''));
    expect(a[0]!.purpose).toContain('AWS IoT Core');
    expect(cloudFiles(undefined, BOARDS)).toEqual([]);
  });
});
