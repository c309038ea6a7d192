// Layer: nRF91 adapter. The one table mapping %CMNG type numbers to KeyWire's CredentialKind (protocols.md).
// Type 7 is not assigned. `readable`: whether KeyWire reads the content back (private and endorsement keys never
// leave the modem; a PSK could, but it is a secret: reading it would put it on screen and in the session log).
// `secret`: the content is key material. `pem`: content is a PEM block (written with LF line endings).
import type { CredentialKind } from '../../device.ts';

export interface Nrf91CredentialType {
  readonly type: number;
  readonly kind: CredentialKind;
  readonly name: string;
  readonly pem: boolean;
  readonly readable: boolean;
  readonly secret?: boolean;
}

export const NRF91_CREDENTIAL_TYPES: readonly Nrf91CredentialType[] = [
  { type: 0, kind: 'caCert', name: 'Root CA certificate', pem: true, readable: true },
  { type: 1, kind: 'clientCert', name: 'Client certificate', pem: true, readable: true },
  { type: 2, kind: 'privateKey', name: 'Client private key', pem: true, readable: false, secret: true },
  { type: 3, kind: 'psk', name: 'Pre-shared key (hex)', pem: false, readable: false, secret: true },
  { type: 4, kind: 'pskIdentity', name: 'PSK identity', pem: false, readable: true },
  { type: 5, kind: 'publicKey', name: 'Public key', pem: true, readable: true },
  { type: 6, kind: 'deviceIdentityPublicKey', name: 'Device identity public key', pem: true, readable: true },
  { type: 8, kind: 'endorsementKey', name: 'Endorsement key', pem: false, readable: false },
  { type: 9, kind: 'ownershipKey', name: 'Ownership key', pem: false, readable: true },
  { type: 10, kind: 'nordicIdentityRootCa', name: 'Nordic identity root CA', pem: true, readable: true },
  { type: 11, kind: 'nordicPublicKey', name: 'Nordic public key', pem: true, readable: true },
];

const BY_TYPE = new Map(NRF91_CREDENTIAL_TYPES.map((t) => [t.type, t]));
const BY_KIND = new Map(NRF91_CREDENTIAL_TYPES.map((t) => [t.kind, t]));

export const credentialTypeOf = (type: number): Nrf91CredentialType | undefined => BY_TYPE.get(type);
export const credentialTypeFor = (kind: CredentialKind): Nrf91CredentialType | undefined => BY_KIND.get(kind);

/** Highest sec_tag a user may write or delete; higher ones belong to the modem (listed, never written). */
export const MAX_USER_SEC_TAG = 2147483647;
export const MAX_SEC_TAG = 4294967295;
