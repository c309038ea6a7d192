// nRF91 modem key-generation and attestation formats (see ../shared/brief/protocols.md): one module that both
// decodes (crypto worker, inspect) and encodes (the emulated modem), so the two cannot drift apart.
//   %KEYGEN: "<base64url CSR or SPKI DER>.<base64url COSE_Sign1>"
//   COSE_Sign1 = tag 18 [ bstr{1: -7}, {4: h'21'}, payload bstr, signature(64) ]
//   payload     = tag 55799 [ msgType, uuid(16), bstr(cbor(secTag)), sha256(der), nonce(16) ]
//   %ATTESTTOKEN: "<base64url msg>.<base64url COSE_Sign1 with nil payload>"
//   msg         = tag 55799 [ 1, uuid(16), deviceType, firmwareUuid(16), nonce(16) ]
import { fromBase64, toBase64Url, toHex } from '../lib/bytes.ts';
import { CborMap, CborTag, decodeCbor, encodeCbor, type CborValue } from '../lib/cbor.ts';

export const COSE_SIGN1_TAG = 18;
export const SELF_DESCRIBED_TAG = 55799;
export const COSE_ALG_ES256 = -7;
export const NRF91_COSE_KEY_ID = Uint8Array.of(0x21);

export const KEYGEN_MESSAGE_TYPE = { publicKey: 8, csr: 9 } as const;

/** Attestation device types, as the modem numbers them. */
export const NRF91_DEVICE_TYPES: Readonly<Record<number, string>> = {
  1: 'nRF9160 SIAA',
  2: 'nRF9160 SIBA',
  3: 'nRF9160 SICA',
  4: 'nRF9161 LACA',
  5: 'nRF9131 LACA',
  6: 'nRF9151 LACA',
};

export function uuidFromBytes(bytes: Uint8Array): string {
  const h = toHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function uuidToBytes(uuid: string): Uint8Array | null {
  const h = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) return null;
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(h.slice(i * 2, i * 2 + 2), 16));
}

/** Splits `%KEYGEN: "a.b"`, `%ATTESTTOKEN: "a.b"` or a bare `a.b` payload into its two decoded parts. */
export function splitDottedPayload(text: string): { first: Uint8Array; cose: Uint8Array } | null {
  const m = /^\s*(?:%(?:KEYGEN|ATTESTTOKEN):\s*)?"?([A-Za-z0-9_\-+/=]+)\.([A-Za-z0-9_\-+/=]+)"?\s*$/.exec(text);
  if (!m) return null;
  const first = fromBase64(m[1]!);
  const cose = fromBase64(m[2]!);
  return first && cose && first.length > 0 && cose.length > 0 ? { first, cose } : null;
}

export const joinDottedPayload = (first: Uint8Array, cose: Uint8Array): string =>
  `${toBase64Url(first)}.${toBase64Url(cose)}`;

export interface CoseSign1 {
  /** The protected header exactly as received (it is signed). */
  readonly protectedBytes: Uint8Array;
  readonly alg: number | undefined;
  readonly keyId: Uint8Array | undefined;
  /** Null when the payload is detached (attestation tokens). */
  readonly payload: Uint8Array | null;
  readonly signature: Uint8Array;
}

export function decodeCoseSign1(bytes: Uint8Array): CoseSign1 | null {
  const top = decodeCbor(bytes);
  const body = top instanceof CborTag && top.tag === COSE_SIGN1_TAG ? top.value : top;
  if (!Array.isArray(body) || body.length !== 4) return null;
  const [prot, unprot, payload, signature] = body;
  if (!(prot instanceof Uint8Array) || !(unprot instanceof Map) || !(signature instanceof Uint8Array)) return null;
  if (!(payload instanceof Uint8Array) && payload !== null) return null;
  const protMap = prot.length ? decodeCbor(prot) : new CborMap();
  if (!(protMap instanceof Map)) return null;
  const alg = protMap.get(1);
  const kid = unprot.get(4);
  return {
    protectedBytes: prot,
    alg: typeof alg === 'number' ? alg : undefined,
    keyId: kid instanceof Uint8Array ? kid : undefined,
    payload,
    signature,
  };
}

/** The bytes a COSE_Sign1 signature covers (RFC 9052 Sig_structure, empty external AAD). */
export function coseToBeSigned(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

export interface KeygenCosePayload {
  readonly messageType: number;
  readonly deviceUuid: string;
  readonly secTag: number;
  /** SHA-256 of the CSR / SPKI DER that precedes the dot. */
  readonly digest: Uint8Array;
  readonly nonce: Uint8Array;
}

function selfDescribedArray(bytes: Uint8Array): CborValue[] | null {
  const v = decodeCbor(bytes);
  const inner = v instanceof CborTag && v.tag === SELF_DESCRIBED_TAG ? v.value : v;
  return Array.isArray(inner) ? inner : null;
}

export function decodeKeygenPayload(payload: Uint8Array): KeygenCosePayload | null {
  const a = selfDescribedArray(payload);
  if (!a || a.length !== 5) return null;
  const [type, uuid, tagBytes, digest, nonce] = a;
  if (typeof type !== 'number' || !(uuid instanceof Uint8Array) || uuid.length !== 16) return null;
  if (!(tagBytes instanceof Uint8Array) || !(digest instanceof Uint8Array) || !(nonce instanceof Uint8Array))
    return null;
  const secTag = decodeCbor(tagBytes);
  if (typeof secTag !== 'number') return null;
  return { messageType: type, deviceUuid: uuidFromBytes(uuid), secTag, digest, nonce };
}

export function encodeKeygenPayload(p: KeygenCosePayload): Uint8Array {
  const uuid = uuidToBytes(p.deviceUuid);
  if (!uuid) throw new RangeError(`bad device UUID ${p.deviceUuid}`);
  return encodeCbor(new CborTag(SELF_DESCRIBED_TAG, [p.messageType, uuid, encodeCbor(p.secTag), p.digest, p.nonce]));
}

/**
 * Builds a COSE_Sign1 the way the modem does. `signRaw` returns the 64-byte r||s ES256 signature over its input.
 * A null payload makes a detached signature over `detached` (attestation tokens).
 */
export async function encodeCoseSign1(
  payload: Uint8Array | null,
  signRaw: (toBeSigned: Uint8Array) => Promise<Uint8Array>,
  detached?: Uint8Array,
): Promise<Uint8Array> {
  const protectedBytes = encodeCbor(new CborMap([[1, COSE_ALG_ES256]]));
  const signed = payload ?? detached;
  if (!signed) throw new RangeError('a detached COSE_Sign1 needs the detached content');
  const signature = await signRaw(coseToBeSigned(protectedBytes, signed));
  return encodeCbor(
    new CborTag(COSE_SIGN1_TAG, [protectedBytes, new CborMap([[4, NRF91_COSE_KEY_ID]]), payload, signature]),
  );
}

export interface AttestationMessage {
  readonly version: number;
  readonly deviceUuid: string;
  readonly deviceType: number;
  readonly firmwareUuid: string;
  readonly nonce: Uint8Array;
}

export function decodeAttestationMessage(bytes: Uint8Array): AttestationMessage | null {
  const a = selfDescribedArray(bytes);
  if (!a || a.length !== 5) return null;
  const [version, uuid, type, fw, nonce] = a;
  if (typeof version !== 'number' || typeof type !== 'number') return null;
  if (!(uuid instanceof Uint8Array) || uuid.length !== 16 || !(fw instanceof Uint8Array) || fw.length !== 16)
    return null;
  if (!(nonce instanceof Uint8Array)) return null;
  return { version, deviceUuid: uuidFromBytes(uuid), deviceType: type, firmwareUuid: uuidFromBytes(fw), nonce };
}

export function encodeAttestationMessage(m: AttestationMessage): Uint8Array {
  const uuid = uuidToBytes(m.deviceUuid);
  const fw = uuidToBytes(m.firmwareUuid);
  if (!uuid || !fw) throw new RangeError('bad UUID in attestation message');
  return encodeCbor(new CborTag(SELF_DESCRIBED_TAG, [m.version, uuid, m.deviceType, fw, m.nonce]));
}
