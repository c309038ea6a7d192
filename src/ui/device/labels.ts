// Layer: views (device). How the device views name things for people: credential kinds, families, capabilities,
// functional modes, digests and times. Words only; a family's own words (its name, its modes) come from its profile,
// handed down by the app (src/app/families.ts).
import { profileFor } from '../../app/families.ts';
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

const CAPABILITY_LABELS: Readonly<Record<Capability, string>> = {
  identify: 'identify',
  credentials: 'store credentials',
  keys: 'generate keys on the board',
  signer: 'sign with a secure element',
  functionalMode: 'switch offline and back',
  attestation: 'attestation token',
};

export const kindLabel = (kind: CredentialKind): string => KIND_LABELS[kind] ?? kind;
/** The family's own name for itself, from its profile. */
export const familyLabel = (family: DeviceFamily): string => profileFor(family).label;
export const capabilityLabel = (capability: Capability): string => CAPABILITY_LABELS[capability] ?? capability;

/** "Client certificate (type 1)": the words and the board's own name for the type. */
export const credentialTypeText = (kind: CredentialKind, deviceType: string): string =>
  `${kindLabel(kind)} (type ${deviceType})`;

/** The family profile's words for a mode ("offline" with the mode number, on a modem); the bare number without words. */
export function functionalModeText(family: DeviceFamily, mode: number): string {
  return profileFor(family).modeText(mode) ?? `mode ${mode}`;
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
