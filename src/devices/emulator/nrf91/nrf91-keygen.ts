// Layer: emulated nRF91, key generation and attestation crypto. Makes a real P-256 key inside the board and encodes
// the answer exactly as a modem does: CSR (PKCS#10, CN = device UUID unless attributes are given, KeyUsage as the
// real modem sets it, ecdsa-with-SHA256 WITH the explicit NULL parameter) or SPKI, then a COSE_Sign1 over
// [msgType, uuid, sec_tag, SHA-256 of the DER, nonce] signed by the board's identity key. Pure; no I/O.
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, toBase64 } from '../../../lib/bytes.ts';
import { assembleCsr, buildCsrBody, keyUsageExtension, type SubjectAttribute } from '../../../pki/csr-build.ts';
import { bitString, explicit, octetString, oid, sequence, smallInteger } from '../../../pki/der.ts';
import { rawToDerSignature } from '../../../pki/ecdsa-signature.ts';
import {
  encodeAttestationMessage,
  encodeCoseSign1,
  encodeKeygenPayload,
  joinDottedPayload,
  KEYGEN_MESSAGE_TYPE,
} from '../../../pki/nrf91-cose.ts';
import type { KeyUsageName } from '../../../pki/key-usage.ts';
import { OID } from '../../../pki/oids.ts';

/** The KeyUsage a real nRF91 puts in its CSRs (BIT STRING 03 02 03 E8). */
export const MODEM_KEY_USAGE: readonly KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'keyAgreement',
];

export interface KeygenRequest {
  readonly deviceUuid: string;
  readonly secTag: number;
  readonly output: 'csr' | 'publicKey';
  readonly subject: readonly SubjectAttribute[];
  readonly keyUsage: readonly KeyUsageName[];
  /** The board's identity key (P-256 secret) that signs the COSE_Sign1. */
  readonly identityKey: Uint8Array;
}

export interface KeygenOutcome {
  /** SEC1 PEM of the new private key: what the board stores at (secTag, 2). Never leaves the board. */
  readonly privateKeyPem: string;
  /** `<base64url DER>.<base64url COSE_Sign1>`, the text between the quotes of `%KEYGEN: "..."`. */
  readonly payload: string;
}

export const spkiFromPoint = (point: Uint8Array): Uint8Array =>
  sequence(sequence(oid(OID.ecPublicKey), oid(OID.p256)), bitString(point));

function sec1Pem(secret: Uint8Array, point: Uint8Array): string {
  const der = sequence(smallInteger(1), octetString(secret), explicit(0, oid(OID.p256)), explicit(1, bitString(point)));
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN EC PRIVATE KEY-----\n${lines.join('\n')}\n-----END EC PRIVATE KEY-----\n`;
}

// The curve code loads with the first key an emulated board makes, not with the page (bundle budget, issue 14).
const curve = async () => (await import('@noble/curves/nist.js')).p256;

const signWith = (secret: Uint8Array) => async (message: Uint8Array) => (await curve()).sign(message, secret);

export function randomNonce(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(16));
}

export async function generateKey(request: KeygenRequest): Promise<KeygenOutcome> {
  const p256 = await curve();
  const secret = p256.utils.randomSecretKey();
  const point = p256.getPublicKey(secret, false);
  const spki = spkiFromPoint(point);
  let der = spki;
  if (request.output === 'csr') {
    const body = buildCsrBody({ spki, subject: request.subject, extensions: [keyUsageExtension(request.keyUsage)] });
    const signature = rawToDerSignature(p256.sign(body, secret));
    der = assembleCsr(body, signature, 'ecdsa-with-SHA256', { nullParameter: true });
  }
  const payload = encodeKeygenPayload({
    messageType: KEYGEN_MESSAGE_TYPE[request.output],
    deviceUuid: request.deviceUuid,
    secTag: request.secTag,
    digest: sha256(der),
    nonce: randomNonce(),
  });
  const cose = await encodeCoseSign1(payload, signWith(request.identityKey));
  return { privateKeyPem: sec1Pem(secret, point), payload: joinDottedPayload(der, cose) };
}

export interface AttestRequest {
  readonly deviceUuid: string;
  readonly deviceType: number;
  readonly firmwareUuid: string;
  readonly identityKey: Uint8Array;
}

/** `<base64url message>.<base64url COSE_Sign1 with detached payload>`. */
export async function attestationToken(request: AttestRequest): Promise<string> {
  const message = encodeAttestationMessage({
    version: 1,
    deviceUuid: request.deviceUuid,
    deviceType: request.deviceType,
    firmwareUuid: request.firmwareUuid,
    nonce: randomNonce(),
  });
  const cose = await encodeCoseSign1(null, signWith(request.identityKey), message);
  return joinDottedPayload(message, cose);
}

export function identityKey(hex: string): Uint8Array {
  const key = fromHex(hex);
  if (!key || key.length !== 32)
    throw new RangeError(`identity key must be 32 bytes of hex, got "${hex.slice(0, 8)}…"`);
  return key;
}

/** The identity public key (uncompressed point) that verifies a board's COSE signatures. */
export const identityPublicKey = async (hex: string): Promise<Uint8Array> =>
  (await curve()).getPublicKey(identityKey(hex), false);
