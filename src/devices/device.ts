// Layer: the adapters' contract. Flows, the UI and diagnostics see a board only through `Device`.
// A capability is a facet object that is present or absent: a board that cannot sign has no `signer`, so a flow
// cannot call what the board cannot do. Every call takes CallOptions (AbortSignal, time limit) and returns a Result.
import type { Result } from '../lib/result.ts';
import type { DeviceError } from './errors.ts';
import type { FamilyProfile } from './family-profile.ts';

export type DeviceFamily = 'nrf91' | 'zephyr-tls-shell' | 'secure-element';

/** What a credential slot holds, in family-neutral words. Each adapter maps these to its own type numbers/names. */
export type CredentialKind =
  | 'caCert'
  | 'clientCert'
  | 'privateKey'
  | 'psk'
  | 'pskIdentity'
  | 'publicKey'
  | 'deviceIdentityPublicKey'
  | 'endorsementKey'
  | 'ownershipKey'
  | 'nordicIdentityRootCa'
  | 'nordicPublicKey'
  | 'serverCert';

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the command's default time limit (key generation is slow). */
  readonly timeoutMs?: number;
  /** 0..1 for operations that move many bytes (writes at 115200 baud). */
  readonly onProgress?: (fraction: number) => void;
}

export type DeviceResult<T> = Promise<Result<T, DeviceError>>;

export interface DeviceIdentity {
  readonly family: DeviceFamily;
  /** The stable id KeyWire files this board under (audit, resume, batch): device UUID, else IMEI, else serial. */
  readonly deviceId: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly firmware: string;
  readonly hardware?: string;
  readonly imei?: string;
  /** nRF91 device UUID, lowercase and hyphenated: the CSR's default CN and nRF Cloud's device id
   * (%DEVICEUUID on mfw 2.x, else the UUID inside %ATTESTTOKEN). */
  readonly uuid?: string;
  /** nRF91 %XMODEMUUID: the modem firmware build UUID (the same on every board with that firmware). */
  readonly modemFirmwareUuid?: string;
  readonly serial?: string;
  readonly iccid?: string;
  /** The board's functional mode at the time of identify (modems: radio on, offline ...). */
  readonly functionalMode?: number;
}

export interface StoredCredential {
  readonly secTag: number;
  readonly kind: CredentialKind;
  /** The type exactly as the board names it (nRF91: 0..11; Zephyr: CA, SERV, PK ...), for the console and reports. */
  readonly deviceType: string;
  /** SHA-256 of the stored bytes as 64 uppercase hex digits (normalised from whatever encoding the board uses). */
  readonly sha256?: string;
  /** The place holds something that is not a readable credential (a write cut short by a reset): why, in words.
   * No `sha256` then; reading it fails. Boards whose store cannot be left half written never set it. */
  readonly damaged?: string;
}

export interface CredentialContent extends StoredCredential {
  readonly content: string;
}

/** What a write actually stored, so a later list can be compared with it. */
export interface CredentialWriteReceipt {
  readonly secTag: number;
  readonly kind: CredentialKind;
  /** SHA-256 of the exact bytes sent (after any line-ending normalisation), 64 uppercase hex digits. */
  readonly sha256: string;
  readonly bytes: number;
  /** True when CRLF/CR line endings were turned into LF before sending (the board needs `limits.pemLineEnding`). */
  readonly lineEndingsNormalized: boolean;
}

export interface CredentialStore {
  /** Kinds this board can store, in the order a UI should offer them. */
  readonly kinds: readonly CredentialKind[];
  /** Whether `read` can return this kind at all (private keys never can). */
  canRead(kind: CredentialKind): boolean;
  /** Whether `delete` can remove this kind (a secure element cannot delete a key, only replace it). Absent: all. */
  canDelete?(kind: CredentialKind): boolean;
  /**
   * Characters a write command adds around the content (the write command's own text around the quoted content), so size checks
   * can hold a write against `limits.maxCommandChars` before anything is sent. Absent: writes are not one command.
   */
  writeOverheadChars?(secTag: number, kind: CredentialKind): number;
  /** The board refuses a write to an occupied slot (Zephyr's TLS credentials shell): the old credential must be
   * deleted first, which the flow does only after the user agreed to replace it and it was backed up. */
  readonly refusesOverwrite?: boolean;
  list(filter?: { secTag?: number; kind?: CredentialKind }, opts?: CallOptions): DeviceResult<StoredCredential[]>;
  read(secTag: number, kind: CredentialKind, opts?: CallOptions): DeviceResult<CredentialContent>;
  /** Writes `content` (PEM with LF line endings for certificates). Overwrites where the board allows it.
   * Adapters normalise PEM line endings to `limits.pemLineEnding` and say so in the receipt. */
  write(
    secTag: number,
    kind: CredentialKind,
    content: string,
    opts?: CallOptions,
  ): DeviceResult<CredentialWriteReceipt>;
  delete(secTag: number, kind: CredentialKind, opts?: CallOptions): DeviceResult<void>;
}

export interface KeyGenRequest {
  readonly secTag: number;
  /** 'csr': the board builds and signs a CSR; 'publicKey': it returns the SPKI only. */
  readonly output: 'csr' | 'publicKey';
  /** Subject attributes as the board takes them, e.g. `CN=my-device,O=Acme`. Absent: the board's default. */
  readonly subject?: string;
}

export interface KeyGenResult {
  readonly output: 'csr' | 'publicKey';
  /** CSR (PKCS#10) or SubjectPublicKeyInfo, DER. */
  readonly der: Uint8Array;
  /** nRF91: the COSE_Sign1 the modem appends, bytes as received. */
  readonly cose?: Uint8Array;
  /** The board's answer line, verbatim, for inspect and the console. */
  readonly raw: string;
  /** The slot already held a key and the board used it instead of making a new one (Zephyr's nrf_cloud_cred never
   * replaces a key). Absent or false: a new key was made. */
  readonly keyReused?: boolean;
}

export interface KeyMaker {
  readonly outputs: readonly KeyGenRequest['output'][];
  /** False when a key made here does not appear in `credentials.list` as a private key (Zephyr: PSA keys live outside
   * the TLS credential store), so a missing key there is no finding. Absent: it appears there (nRF91). */
  readonly listed?: boolean;
  generate(request: KeyGenRequest, opts?: CallOptions): DeviceResult<KeyGenResult>;
  /** The public key of the key the board holds at `secTag` (SPKI DER or a raw SEC1 point), where the firmware
   * exports it (Zephyr's `nrf_cloud_cred pubkey`). Absent: the board cannot say which key a slot holds. */
  publicKey?(secTag: number, opts?: CallOptions): DeviceResult<Uint8Array>;
}

/** Boards that sign a digest with a key they hold (STSAFE, ATECC, PSA keys; any board whose key can sign). */
export interface DigestSigner {
  readonly curves: readonly ('P-256' | 'P-384')[];
  /** The public key of the key in `slot` (SubjectPublicKeyInfo DER or a raw SEC1 point). */
  publicKey(slot: number, opts?: CallOptions): DeviceResult<Uint8Array>;
  /**
   * Makes a new key in `slot` (replacing the one there; the private key never leaves the board) and returns its public
   * key like `publicKey`. Absent: the board's keys are fixed (made at the factory), so KeyWire cannot provision it.
   */
  generateKey?(slot: number, opts?: CallOptions): DeviceResult<Uint8Array>;
  /** Returns a DER ECDSA signature over `digest`. */
  sign(slot: number, digest: Uint8Array, opts?: CallOptions): DeviceResult<Uint8Array>;
}

/** Modems whose credentials can only be written or deleted while the radio is not active (switch offline first). */
export interface FunctionalModeControl {
  /** The mode to switch to before writing credentials (nRF91: 4, offline). */
  readonly offlineMode: number;
  get(opts?: CallOptions): DeviceResult<number>;
  set(mode: number, opts?: CallOptions): DeviceResult<void>;
}

export interface AttestationToken {
  readonly raw: string;
  readonly message: Uint8Array;
  readonly cose: Uint8Array;
}

export interface Attester {
  token(opts?: CallOptions): DeviceResult<AttestationToken>;
}

export interface DeviceLimits {
  /** Longest command the board accepts, in characters (nRF91: 4096). */
  readonly maxCommandChars?: number;
  /** Largest certificate chain the TLS stack takes, in bytes (nRF91: about 4 kB). */
  readonly maxChainBytes?: number;
  /** Line ending certificates must be written with. */
  readonly pemLineEnding: 'lf' | 'crlf';
  /** The board stores a credential's text followed by a NUL (Zephyr's `bint` format), and the digests it lists cover
   * that NUL too. Absent: the stored bytes are exactly the text. */
  readonly storesNul?: boolean;
  /** Whether the client-certificate credential can hold the leaf followed by its intermediate CA certificates, so
   * the board presents the chain (Azure DPS enrollment groups need it). false: one certificate only; absent: unknown. */
  readonly clientCertChain?: boolean;
}

export interface Device {
  readonly family: DeviceFamily;
  /** Everything family-specific the core uses (console rules, masks, words, reserved slots, readers). */
  readonly profile: FamilyProfile;
  readonly limits: DeviceLimits;
  identify(opts?: CallOptions): DeviceResult<DeviceIdentity>;
  readonly credentials?: CredentialStore;
  /** Restarts the board and resolves once it answers again: the verify step's "survives a reboot" check (a board
   * whose credential store is in RAM loses what was written). Absent: KeyWire cannot restart this board. */
  reboot?(opts?: CallOptions): DeviceResult<void>;
  readonly keys?: KeyMaker;
  readonly signer?: DigestSigner;
  readonly functionalMode?: FunctionalModeControl;
  readonly attestation?: Attester;
  /** Releases the protocol client and the port. Safe to call twice. */
  close(): Promise<void>;
}

export type Capability = 'identify' | 'credentials' | 'keys' | 'signer' | 'functionalMode' | 'attestation';

export function capabilitiesOf(device: Device): Capability[] {
  const facets: Capability[] = ['credentials', 'keys', 'signer', 'functionalMode', 'attestation'];
  return ['identify', ...facets.filter((facet) => device[facet] !== undefined)];
}
