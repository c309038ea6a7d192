// Layer: views (provision), the Prepare form: sec_tag (default: the last one used on this computer), the profile
// (validity, CN choice incl. an Azure IoT Hub device id, keyAgreement, write the CA certificate too, CSR age limit) as text fields, turned into a
// ProvisionProfile or the sentences that say what to fix. The choices persist in localStorage (no secrets here).
import { DEFAULT_PROFILE, type CloudProfile, type CnChoice, type ProvisionProfile } from '../../flows/index.ts';

export const PROFILE_KEY = 'keywire.provision.profile.v1';
/** The sec_tag nRF Cloud's firmware reads its identity from (CONFIG_NRF_CLOUD_SEC_TAG). */
export const NRF_CLOUD_SEC_TAG = 16842753;

export type CnMode = CnChoice['mode'];
export type CloudKind = CloudProfile['kind'] | 'none';
const CLOUD_KINDS: CloudKind[] = ['none', 'mosquitto', 'aws-iot', 'azure-dps', 'nrf-cloud'];

interface Stored {
  secTag: string;
  validityDays: string;
  cnMode: CnMode;
  customCn: string;
  azureDeviceId: string;
  keyAgreement: boolean;
  writeCaCertificate: boolean;
  csrMaxAgeHours: string;
  cloud?: CloudKind;
  jitpTemplate?: string;
  azureEnrollment?: 'individual' | 'group';
  azureRegistrationId?: string;
}

const DEFAULTS: Stored = {
  secTag: String(DEFAULT_PROFILE.secTag),
  validityDays: String(DEFAULT_PROFILE.validityDays),
  cnMode: DEFAULT_PROFILE.commonName.mode,
  customCn: '',
  azureDeviceId: '',
  keyAgreement: DEFAULT_PROFILE.keyAgreement,
  writeCaCertificate: DEFAULT_PROFILE.writeCaCertificate,
  csrMaxAgeHours: String(DEFAULT_PROFILE.csrMaxAgeHours),
};

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function load(s: Storage | null): Stored {
  try {
    const raw = JSON.parse(s?.getItem(PROFILE_KEY) ?? 'null') as Partial<Stored> | null;
    if (!raw || typeof raw !== 'object') return DEFAULTS;
    const text = (v: unknown, d: string) => (typeof v === 'string' ? v.slice(0, 80) : d);
    const flag = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
    const modes: CnMode[] = ['keep', 'device-uuid', 'imei', 'custom', 'azure-iot-hub'];
    return {
      secTag: text(raw.secTag, DEFAULTS.secTag),
      validityDays: text(raw.validityDays, DEFAULTS.validityDays),
      cnMode: modes.includes(raw.cnMode as CnMode) ? (raw.cnMode as CnMode) : DEFAULTS.cnMode,
      customCn: text(raw.customCn, ''),
      azureDeviceId: text(raw.azureDeviceId, ''),
      keyAgreement: flag(raw.keyAgreement, DEFAULTS.keyAgreement),
      writeCaCertificate: flag(raw.writeCaCertificate, DEFAULTS.writeCaCertificate),
      csrMaxAgeHours: text(raw.csrMaxAgeHours, DEFAULTS.csrMaxAgeHours),
      cloud: CLOUD_KINDS.includes(raw.cloud as CloudKind) ? (raw.cloud as CloudKind) : 'none',
      jitpTemplate: typeof raw.jitpTemplate === 'string' ? raw.jitpTemplate.slice(0, 20000) : '',
      azureEnrollment: raw.azureEnrollment === 'individual' ? 'individual' : 'group',
      azureRegistrationId: text(raw.azureRegistrationId, ''),
    };
  } catch {
    return DEFAULTS;
  }
}

const whole = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export class ProfileForm {
  secTag = $state('');
  validityDays = $state('');
  cnMode = $state<CnMode>('keep');
  customCn = $state('');
  /** The device id the Azure IoT Hub has for this board (the CN under the 'azure-iot-hub' choice). */
  azureDeviceId = $state('');
  keyAgreement = $state(false);
  writeCaCertificate = $state(true);
  csrMaxAgeHours = $state('');
  /** The cloud the certificate is for: its rules are checked before writing, Done offers what it needs next. */
  cloud = $state<CloudKind>('none');
  jitpTemplate = $state('');
  azureEnrollment = $state<'individual' | 'group'>('group');
  readonly #storage: Storage | null;

  constructor(s: Storage | null = storage()) {
    this.#storage = s;
    const v = load(s);
    this.secTag = v.secTag;
    this.validityDays = v.validityDays;
    this.cnMode = v.cnMode;
    this.customCn = v.customCn;
    this.azureDeviceId = v.azureDeviceId;
    this.keyAgreement = v.keyAgreement;
    this.writeCaCertificate = v.writeCaCertificate;
    this.csrMaxAgeHours = v.csrMaxAgeHours;
    this.cloud = v.cloud ?? 'none';
    this.jitpTemplate = v.jitpTemplate ?? '';
    this.azureEnrollment = v.azureEnrollment ?? 'group';
    // A registration id remembered separately by an earlier version becomes the one Azure id (and the CN).
    if (v.azureRegistrationId?.trim() && !(v.cnMode === 'azure-iot-hub' && v.azureDeviceId.trim()))
      this.azureRegistrationId = v.azureRegistrationId;
  }

  /** The Azure DPS registration id. Azure has one id for the board (the DPS registration id, the IoT Hub device id
   * and the certificate's CN are the same), so the form keeps one value: this is the Azure IoT Hub device id while
   * the CN is that id, and '' otherwise. Typing one makes the CN follow it. */
  get azureRegistrationId(): string {
    return this.cnMode === 'azure-iot-hub' ? this.azureDeviceId : '';
  }
  set azureRegistrationId(id: string) {
    this.azureDeviceId = id;
    if (id.trim()) this.cnMode = 'azure-iot-hub';
  }

  /** The chosen cloud profile, or undefined for none. */
  get cloudProfile(): CloudProfile | undefined {
    switch (this.cloud) {
      case 'none':
        return undefined;
      case 'aws-iot':
        return this.jitpTemplate.trim() ? { kind: 'aws-iot', jitpTemplate: this.jitpTemplate } : { kind: 'aws-iot' };
      case 'azure-dps':
        return {
          kind: 'azure-dps',
          enrollment: this.azureEnrollment,
          ...(this.azureRegistrationId.trim() ? { registrationId: this.azureRegistrationId.trim() } : {}),
        };
      default:
        return { kind: this.cloud };
    }
  }

  /** The sec_tag as a number, or null while the field is not a whole number. */
  get secTagNumber(): number | null {
    const n = whole(this.secTag);
    return Number.isSafeInteger(n) ? n : null;
  }

  /** The profile as typed (the flow checks ranges against the board and says what to fix). */
  get profile(): ProvisionProfile {
    const commonName: CnChoice =
      this.cnMode === 'custom'
        ? { mode: 'custom', cn: this.customCn }
        : this.cnMode === 'azure-iot-hub'
          ? { mode: 'azure-iot-hub', deviceId: this.azureDeviceId }
          : { mode: this.cnMode };
    return {
      secTag: whole(this.secTag),
      validityDays: whole(this.validityDays),
      commonName,
      keyAgreement: this.keyAgreement,
      writeCaCertificate: this.writeCaCertificate,
      csrMaxAgeHours: whole(this.csrMaxAgeHours),
      ...(this.cloudProfile ? { cloud: this.cloudProfile } : {}),
    };
  }

  /** Field-level problems before anything is asked of the board (NaN says "not a whole number"). */
  get problems(): string[] {
    const p = this.profile;
    const out: string[] = [];
    if (Number.isNaN(p.secTag)) out.push('Enter the sec_tag as a whole number, e.g. 42.');
    if (Number.isNaN(p.validityDays)) out.push('Enter the validity as a whole number of days, e.g. 365.');
    if (Number.isNaN(p.csrMaxAgeHours)) out.push('Enter the CSR age limit as a whole number of hours, e.g. 24.');
    return out;
  }

  /** Remembers the choice as the default for the next board (called when provisioning starts). */
  remember(): void {
    const v: Stored = {
      secTag: this.secTag.trim(),
      validityDays: this.validityDays.trim(),
      cnMode: this.cnMode,
      customCn: this.customCn,
      azureDeviceId: this.azureDeviceId,
      keyAgreement: this.keyAgreement,
      writeCaCertificate: this.writeCaCertificate,
      csrMaxAgeHours: this.csrMaxAgeHours.trim(),
      cloud: this.cloud,
      jitpTemplate: this.jitpTemplate.slice(0, 20000),
      azureEnrollment: this.azureEnrollment,
    };
    try {
      this.#storage?.setItem(PROFILE_KEY, JSON.stringify(v));
    } catch {
      // Blocked storage: the choice lasts this page.
    }
  }

  /** Shows a profile (a batch's, a resumed flow's) in the form. */
  show(p: ProvisionProfile): void {
    this.secTag = String(p.secTag);
    this.validityDays = String(p.validityDays);
    this.cnMode = p.commonName.mode;
    this.customCn = p.commonName.mode === 'custom' ? p.commonName.cn : this.customCn;
    this.azureDeviceId = p.commonName.mode === 'azure-iot-hub' ? p.commonName.deviceId : this.azureDeviceId;
    this.keyAgreement = p.keyAgreement;
    this.writeCaCertificate = p.writeCaCertificate;
    this.csrMaxAgeHours = String(p.csrMaxAgeHours);
    const c = p.cloud;
    this.cloud = c?.kind ?? 'none';
    if (c?.kind === 'aws-iot') this.jitpTemplate = c.jitpTemplate ?? '';
    if (c?.kind === 'azure-dps') {
      this.azureEnrollment = c.enrollment;
      if (c.registrationId && p.commonName.mode !== 'azure-iot-hub') this.azureRegistrationId = c.registrationId;
    }
  }
}
