// The provisioning profile against a board's identity: what is refused before anything is sent, and what the board,
// the CA and the worker are each asked for.
import { describe, expect, it } from 'vitest';
import type { DeviceIdentity } from '../devices/device.ts';
import {
  DEFAULT_PROFILE,
  expectedCertCn,
  expectedCsrCn,
  issueProfile,
  keygenSubject,
  profileProblems,
  replacedKinds,
} from './profile.ts';
import type { ProvisionProfile } from './types.ts';

const BOARD: DeviceIdentity = {
  family: 'nrf91',
  deviceId: '50363154-3931-44f0-8022-121b6401627d',
  manufacturer: 'Nordic Semiconductor ASA',
  model: 'nRF9160-SICA',
  firmware: 'mfw_nrf9160_1.3.5',
  imei: '352656100402182',
  uuid: '50363154-3931-44f0-8022-121b6401627d',
};
const NO_IDS: DeviceIdentity = { ...BOARD, imei: undefined, uuid: undefined, deviceId: 'serial-1' };
const p = (o: Partial<ProvisionProfile>): ProvisionProfile => ({ ...DEFAULT_PROFILE, ...o });

describe('profileProblems', () => {
  it.each([
    ['the default profile', p({}), BOARD, 0],
    ['sec_tag above the user range', p({ secTag: 2147483648 }), BOARD, 1],
    ['negative sec_tag', p({ secTag: -1 }), BOARD, 1],
    ['fractional validity', p({ validityDays: 1.5 }), BOARD, 1],
    ['validity over 10 years', p({ validityDays: 3651 }), BOARD, 1],
    ['CSR age 0', p({ csrMaxAgeHours: 0 }), BOARD, 1],
    ['UUID CN on a board without UUID', p({ commonName: { mode: 'device-uuid' } }), NO_IDS, 1],
    ['IMEI CN on a board without IMEI', p({ commonName: { mode: 'imei' } }), NO_IDS, 1],
    ['IMEI CN with a bad check digit', p({ commonName: { mode: 'imei' } }), { ...BOARD, imei: '352656100402183' }, 1],
    ['empty custom CN', p({ commonName: { mode: 'custom', cn: '  ' } }), BOARD, 1],
    ['custom CN with a comma', p({ commonName: { mode: 'custom', cn: 'a,O=evil' } }), BOARD, 1],
    ['custom CN with a quote', p({ commonName: { mode: 'custom', cn: 'a"b' } }), BOARD, 1],
    ['custom CN of 65 characters', p({ commonName: { mode: 'custom', cn: 'x'.repeat(65) } }), BOARD, 1],
    ['everything wrong at once', p({ secTag: -1, validityDays: 0, csrMaxAgeHours: 0 }), BOARD, 3],
  ] as const)('%s', (_name, profile, device, count) => {
    const problems = profileProblems(profile, device);
    expect(problems).toHaveLength(count);
    for (const text of problems) expect(text).toMatch(/\.$/);
  });
});

describe('what each party is asked for', () => {
  it.each([
    ['keep', { mode: 'keep' }, undefined, BOARD.uuid, null, { mode: 'keep' }],
    [
      'device UUID',
      { mode: 'device-uuid' },
      `CN=${BOARD.uuid}`,
      BOARD.uuid,
      BOARD.uuid,
      { mode: 'device-uuid', uuid: BOARD.uuid },
    ],
    ['IMEI', { mode: 'imei' }, `CN=${BOARD.imei}`, BOARD.imei, BOARD.imei, { mode: 'imei', imei: BOARD.imei }],
    [
      'custom',
      { mode: 'custom', cn: ' sensor-7 ' },
      'CN=sensor-7',
      'sensor-7',
      'sensor-7',
      { mode: 'custom', cn: 'sensor-7' },
    ],
  ] as const)('CN %s', (_name, cn, subject, csrCn, certCn, issue) => {
    const profile = p({ commonName: cn });
    expect(keygenSubject(profile, BOARD)).toBe(subject);
    expect(expectedCsrCn(profile, BOARD)).toBe(csrCn);
    expect(expectedCertCn(profile, BOARD)).toBe(certCn);
    expect(issueProfile(profile, BOARD)).toEqual({ validityDays: 365, commonName: issue });
  });

  it('keeps the board default unchecked where the family default is not known', () => {
    expect(expectedCsrCn(p({}), { ...BOARD, family: 'zephyr-tls-shell' })).toBeNull();
  });

  it('asks for keyAgreement only when chosen', () => {
    expect(issueProfile(p({ keyAgreement: true }), BOARD).keyAgreement).toBe(true);
  });

  it('replaces the root CA credential only when the profile writes one', () => {
    expect(replacedKinds(p({ writeCaCertificate: false }))).toEqual(['privateKey', 'clientCert']);
    expect(replacedKinds(p({ writeCaCertificate: true }))).toEqual(['privateKey', 'clientCert', 'caCert']);
  });
});

describe('a secure-element board (STSAFE): slot words, the factory slot, the Azure IoT Hub device id', () => {
  const SE: DeviceIdentity = {
    family: 'secure-element',
    deviceId: '0209203A5C1E8B4F71',
    manufacturer: 'STMicroelectronics',
    model: 'STSAFE-A110',
    firmware: 'kwse-ref 1.0.0 (STM32L4)',
    serial: '0209203A5C1E8B4F71',
  };

  it('takes slot 1, refuses the factory slot 0 and anything past the last slot, in its own words', () => {
    expect(profileProblems(p({ secTag: 1 }), SE)).toEqual([]);
    expect(profileProblems(p({ secTag: 0 }), SE)).toEqual([
      'At slot 0: the factory identity (slot 0 key, certificate in zone 0); choose another slot.',
    ]);
    expect(profileProblems(p({ secTag: 42 }), SE)).toEqual(['The slot must be a whole number from 0 to 1; got 42.']);
  });

  it('keeps the chip serial as the CN by default and puts the Azure device id in CSR and certificate', () => {
    expect(expectedCsrCn(p({ secTag: 1 }), SE)).toBe(SE.serial);
    const azure = p({ secTag: 1, commonName: { mode: 'azure-iot-hub', deviceId: ' line-7:unit_42 ' } });
    expect(profileProblems(azure, SE)).toEqual([]);
    expect(keygenSubject(azure, SE)).toBe('CN=line-7:unit_42');
    expect(expectedCertCn(azure, SE)).toBe('line-7:unit_42');
    expect(issueProfile(azure, SE).commonName).toEqual({ mode: 'custom', cn: 'line-7:unit_42' });
    for (const bad of ['', 'a'.repeat(65), 'a,b', 'x=y', 'p+q', 'semi;colon', 'ünï'])
      expect(profileProblems(p({ secTag: 1, commonName: { mode: 'azure-iot-hub', deviceId: bad } }), SE)[0]).toContain(
        'Azure IoT Hub device id',
      );
  });
});
