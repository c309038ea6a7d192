// Layer: Zephyr adapter, the one table of TLS credential types as the shell names them (short codes, which `cred
// list` prints) against KeyWire's family-neutral kinds, and what KeyWire lets each do.
import type { CredentialKind } from '../../device.ts';

export interface ZephyrCredentialType {
  readonly kind: CredentialKind;
  /** The compact name `cred list` prints and `cred add` accepts. */
  readonly code: 'CA' | 'SERV' | 'PK' | 'PSK' | 'PSK_ID';
  /** The human name the shell prints in sentences (`type CA_CERT`). */
  readonly name: string;
  /** KeyWire reads it back (a private key or PSK is a secret: never pulled onto the screen). */
  readonly readable: boolean;
  /** KeyWire writes it (keys are made on the board, never sent to it). */
  readonly writable: boolean;
  readonly pem: boolean;
}

export const ZEPHYR_CREDENTIAL_TYPES: readonly ZephyrCredentialType[] = [
  { kind: 'caCert', code: 'CA', name: 'CA_CERT', readable: true, writable: true, pem: true },
  { kind: 'clientCert', code: 'SERV', name: 'SERVER_CERT', readable: true, writable: true, pem: true },
  { kind: 'privateKey', code: 'PK', name: 'PRIVATE_KEY', readable: false, writable: false, pem: true },
  { kind: 'psk', code: 'PSK', name: 'PRE_SHARED_KEY', readable: false, writable: false, pem: false },
  { kind: 'pskIdentity', code: 'PSK_ID', name: 'PRE_SHARED_KEY_ID', readable: true, writable: true, pem: false },
];

export const zephyrTypeFor = (kind: CredentialKind) => ZEPHYR_CREDENTIAL_TYPES.find((t) => t.kind === kind);
export const zephyrTypeOf = (code: string) => ZEPHYR_CREDENTIAL_TYPES.find((t) => t.code === code.toUpperCase());

/** sec_tag_t is a signed 32-bit integer; negative values are reserved. */
export const MAX_ZEPHYR_SEC_TAG = 2_147_483_647;
