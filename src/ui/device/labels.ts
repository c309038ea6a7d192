// Layer: views (device). How the device views name things for people: credential kinds, families, capabilities,
// functional modes, digests and times. Words only; the facts (type numbers, mode numbers) come from the adapters.
import { NRF91_FUNCTIONAL_MODES } from '../../devices/adapters/index.ts';
import type { Capability, CredentialKind, DeviceFamily } from '../../devices/device.ts';

export const KIND_LABELS: Readonly<Record<CredentialKind, string>> = {
  caCert: 'CA certificate',
  clientCert: 'Client certificate',
  privateKey: 'Private key',
  psk: 'Pre-shared key',
  pskIdentity: 'PSK identity',
  publicKey: 'Public key',
  deviceIdentityPublicKey: 'Device identity public key',
  endorsementKey: 'Endorsement key',
  ownershipKey: 'Ownership key',
  nordicIdentityRootCa: 'Nordic identity root CA',
  nordicPublicKey: 'Nordic public key',
  serverCert: 'Server certificate',
};

const FAMILY_LABELS: Readonly<Record<DeviceFamily, string>> = {
  nrf91: 'nRF91 cellular modem (AT commands)',
  'zephyr-tls-shell': 'Zephyr device (TLS credentials shell)',
  'secure-element': 'Board with a secure element',
};

const CAPABILITY_LABELS: Readonly<Record<Capability, string>> = {
  identify: 'identify',
  credentials: 'store credentials',
  keys: 'generate keys on the board',
  signer: 'sign with a secure element',
  functionalMode: 'switch offline and back',
  attestation: 'attestation token',
};

export const kindLabel = (kind: CredentialKind): string => KIND_LABELS[kind] ?? kind;
export const familyLabel = (family: DeviceFamily): string => FAMILY_LABELS[family] ?? family;
export const capabilityLabel = (capability: Capability): string => CAPABILITY_LABELS[capability] ?? capability;

/** "Client certificate (type 1)": the words and the board's own name for the type. */
export const credentialTypeText = (kind: CredentialKind, deviceType: string): string =>
  `${kindLabel(kind)} (type ${deviceType})`;

/** "4: offline" for nRF91 modes; the bare number for modes or families without words. */
export function functionalModeText(family: DeviceFamily, mode: number): string {
  const words = family === 'nrf91' ? NRF91_FUNCTIONAL_MODES[mode] : undefined;
  return words ? `${words} (+CFUN ${mode})` : `mode ${mode}`;
}

/** First and last 8 hex digits: enough to tell digests apart at a glance; the full value goes to title and copy. */
export function shortDigest(hex: string): string {
  return hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex;
}

/** "14:03:07.123" in local time, for console lines. */
export function clockTime(t: number): string {
  const d = new Date(t);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
