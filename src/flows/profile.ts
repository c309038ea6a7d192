// Layer: flows. The provisioning profile: defaults, the checks a choice must pass before anything is sent to a
// board (with messages that say what to change), and what it means for each party: the subject the board puts in
// its CSR, the issue profile the CA gets, the CN the worker must find in the certificate.
import { profileFor } from '../devices/adapters/index.ts';
import type { DeviceIdentity } from '../devices/device.ts';
import { validImei } from '../pki/subject-profile.ts';
import type { IssueProfile } from '../pki/crypto-types.ts';
import type { CnChoice, ProvisionProfile } from './types.ts';

/** The TLS sec_tag the nRF Connect SDK https_client sample uses; any free tag works. */
export const DEFAULT_SEC_TAG = 42;

export const DEFAULT_PROFILE: ProvisionProfile = {
  secTag: DEFAULT_SEC_TAG,
  validityDays: 365,
  commonName: { mode: 'keep' },
  keyAgreement: false,
  writeCaCertificate: true,
  csrMaxAgeHours: 24,
};

/** Characters a CN cannot hold in the board's subject attribute text (`CN=...,O=...` inside an AT string). */
const CN_FORBIDDEN = /["=,+;\\<>\r\n]/;

/**
 * An Azure IoT Hub device id KeyWire can put in a CN: Azure allows up to 128 ASCII letters, digits and
 * - : . + % _ # * ? ! ( ) , = @ ; $ ' (learn.microsoft.com, IoT Hub device identity); a CN holds at most 64 characters
 * and the subject text KeyWire builds cannot carry + , = ; so those four are refused with the reason.
 */
const AZURE_DEVICE_ID = /^[A-Za-z0-9\-:.%_#*?!()@$']{1,64}$/;

/** Everything wrong with a choice for this board, as sentences that say what to change. Empty: usable. */
export function profileProblems(p: ProvisionProfile, device: DeviceIdentity): string[] {
  const out: string[] = [];
  const family = profileFor(device.family);
  if (!Number.isInteger(p.secTag) || p.secTag < 0 || p.secTag > family.maxUserSlot)
    out.push(`The ${family.slotWord} must be a whole number from 0 to ${family.maxUserSlot}; got ${p.secTag}.`);
  else if (family.reservedSlot(p.secTag) !== null)
    out.push(`At ${family.slotWord} ${p.secTag}: ${family.reservedSlot(p.secTag)}; choose another ${family.slotWord}.`);
  else if (family.factoryIdentity?.slot === p.secTag)
    out.push(`At ${family.slotWord} ${p.secTag}: ${family.factoryIdentity.text}; choose another ${family.slotWord}.`);
  if (!Number.isInteger(p.validityDays) || p.validityDays < 1 || p.validityDays > 3650)
    out.push(`Validity must be 1 to 3650 whole days; got ${p.validityDays}.`);
  if (!Number.isInteger(p.csrMaxAgeHours) || p.csrMaxAgeHours < 1 || p.csrMaxAgeHours > 8760)
    out.push(`The CSR age limit must be 1 to 8760 whole hours; got ${p.csrMaxAgeHours}.`);
  const cn = p.commonName;
  if (cn.mode === 'device-uuid' && !device.uuid)
    out.push('This board reported no device UUID: choose another CN (IMEI, custom, or keep).');
  if (cn.mode === 'imei' && !(device.imei && validImei(device.imei)))
    out.push('This board reported no valid IMEI: choose another CN (device UUID, custom, or keep).');
  if (cn.mode === 'custom') {
    const text = cn.cn.trim();
    if (text.length < 1 || text.length > 64) out.push(`A custom CN must be 1 to 64 characters; got ${text.length}.`);
    else if (CN_FORBIDDEN.test(text)) out.push('A custom CN cannot contain " = , + ; \\ < > or line breaks.');
  }
  if (cn.mode === 'azure-iot-hub' && !AZURE_DEVICE_ID.test(cn.deviceId.trim()))
    out.push(
      "The Azure IoT Hub device id must be 1 to 64 letters, digits or - : . % _ # * ? ! ( ) @ $ ' (Azure also allows + , = ; but a certificate subject cannot carry them here): type the id the hub has for this board.",
    );
  return out;
}

/** The CN value a choice names, or null for 'keep'. */
function cnValue(cn: CnChoice, device: DeviceIdentity): string | null {
  switch (cn.mode) {
    case 'keep':
      return null;
    case 'device-uuid':
      return device.uuid?.toLowerCase() ?? null;
    case 'imei':
      return device.imei ?? null;
    case 'custom':
      return cn.cn.trim();
    case 'azure-iot-hub':
      return cn.deviceId.trim();
  }
}

/** Subject attributes for the board's key generation; undefined keeps the board's default (nRF91: CN=<UUID>). */
export function keygenSubject(p: ProvisionProfile, device: DeviceIdentity): string | undefined {
  const cn = cnValue(p.commonName, device);
  return cn === null ? undefined : `CN=${cn}`;
}

/** The CN the board's CSR must carry: the chosen one, or for 'keep' the board default where it is known. */
export function expectedCsrCn(p: ProvisionProfile, device: DeviceIdentity): string | null {
  return cnValue(p.commonName, device) ?? profileFor(device.family).defaultCsrCn(device);
}

/** The CN the certificate must carry; null: the CSR's own (the worker compares with the CSR). */
export const expectedCertCn = (p: ProvisionProfile, device: DeviceIdentity): string | null =>
  cnValue(p.commonName, device);

export function issueProfile(p: ProvisionProfile, device: DeviceIdentity): IssueProfile {
  const cn = p.commonName;
  const commonName: IssueProfile['commonName'] =
    cn.mode === 'device-uuid'
      ? { mode: 'device-uuid', uuid: device.uuid ?? '' }
      : cn.mode === 'imei'
        ? { mode: 'imei', imei: device.imei ?? '' }
        : cn.mode === 'custom'
          ? { mode: 'custom', cn: cn.cn.trim() }
          : cn.mode === 'azure-iot-hub'
            ? { mode: 'custom', cn: cn.deviceId.trim() }
            : { mode: 'keep' };
  return { validityDays: p.validityDays, commonName, ...(p.keyAgreement ? { keyAgreement: true } : {}) };
}

/** Which stored kinds provisioning replaces: the key (always, by key generation), the client certificate, and
 * the root CA certificate when the profile writes one. */
export function replacedKinds(p: ProvisionProfile): readonly ('privateKey' | 'clientCert' | 'caCert')[] {
  return p.writeCaCertificate ? ['privateKey', 'clientCert', 'caCert'] : ['privateKey', 'clientCert'];
}
