// Layer: PKI codecs. Explains nRF91 %KEYGEN and %ATTESTTOKEN answers: COSE fields, and whether the COSE digest
// covers the bytes before the dot. Some tools re-encode the modem's CSR without the explicit NULL parameter after
// the modem hashed it; we recognise that case precisely instead of calling it a mismatch.
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, toHex } from '../lib/bytes.ts';
import { assembleCsr, type CsrSignatureAlgorithm } from './csr-build.ts';
import {
  decodeAttestationMessage,
  decodeCoseSign1,
  decodeKeygenPayload,
  KEYGEN_MESSAGE_TYPE,
  NRF91_DEVICE_TYPES,
} from './nrf91-cose.ts';
import type { CertificationRequest } from './x509-csr.ts';
import type { DigestVerdict, InspectedNrf91Attestation, InspectedNrf91Keygen, ObjectSource } from './inspect-types.ts';

/** The same CSR with the NULL parameter toggled (added when absent, removed when present). */
function reEncoded(csr: CertificationRequest): Uint8Array | null {
  const a = csr.signatureAlgorithm;
  if (a.family !== 'ecdsa' || (a.name !== 'ecdsa-with-SHA256' && a.name !== 'ecdsa-with-SHA384')) return null;
  if (a.parameters === 'other') return null;
  return assembleCsr(csr.body, csr.signature, a.name as CsrSignatureAlgorithm, {
    nullParameter: a.parameters === 'absent',
  });
}

export function digestVerdict(first: Uint8Array, digest: Uint8Array, csr: CertificationRequest | null): DigestVerdict {
  if (equalBytes(sha256(first), digest)) return 'match';
  const other = csr ? reEncoded(csr) : null;
  if (other && equalBytes(sha256(other), digest) && csr?.signatureAlgorithm.parameters === 'absent') {
    return 'match-original-null-encoding';
  }
  return 'mismatch';
}

const DIGEST_NOTE: Record<DigestVerdict, string> = {
  match: 'COSE digest matches the bytes before the dot.',
  'match-original-null-encoding':
    "Digest matches the modem's original encoding with the NULL parameter; these bytes were re-encoded (the NULL was removed after the modem signed).",
  mismatch: 'COSE digest does NOT match the bytes before the dot: they were altered or belong to another answer.',
};

export type KeygenRead =
  | { ok: true; object: Omit<InspectedNrf91Keygen, 'digest' | 'notes'>; digest: Uint8Array }
  | { ok: false; reason: string };

export function readKeygenCose(cose: Uint8Array, source: ObjectSource): KeygenRead {
  const sign1 = decodeCoseSign1(cose);
  if (!sign1) return { ok: false, reason: 'the part after the dot is not a COSE_Sign1 structure' };
  if (!sign1.payload) return { ok: false, reason: 'the COSE_Sign1 has no payload (a %KEYGEN answer carries one)' };
  const p = decodeKeygenPayload(sign1.payload);
  if (!p)
    return { ok: false, reason: 'the COSE payload is not the nRF91 keygen array [type, uuid, sec_tag, digest, nonce]' };
  const messageTypeName =
    p.messageType === KEYGEN_MESSAGE_TYPE.csr
      ? 'csr'
      : p.messageType === KEYGEN_MESSAGE_TYPE.publicKey
        ? 'publicKey'
        : 'unknown';
  return {
    ok: true,
    digest: p.digest,
    object: {
      kind: 'nrf91Keygen',
      source,
      messageType: p.messageType,
      messageTypeName,
      deviceUuid: p.deviceUuid,
      secTag: p.secTag,
      digestHex: toHex(p.digest, true),
      nonceHex: toHex(p.nonce, true),
      keyIdHex: sign1.keyId ? toHex(sign1.keyId, true) : null,
      coseAlgorithm: sign1.alg ?? null,
    },
  };
}

export function keygenObject(
  read: Extract<KeygenRead, { ok: true }>,
  first: Uint8Array,
  csr: CertificationRequest | null,
  firstKind: string,
): InspectedNrf91Keygen {
  const digest = digestVerdict(first, read.digest, csr);
  const notes = [DIGEST_NOTE[digest]];
  if (read.object.coseAlgorithm !== -7)
    notes.push(`COSE algorithm ${read.object.coseAlgorithm} (the modem uses ES256, -7).`);
  if (read.object.digestHex.length !== 64) notes.push('The COSE digest is not 32 bytes (SHA-256).');
  const cn = csr?.subject.commonName ?? null;
  if (cn !== null)
    notes.push(
      cn.toLowerCase() === read.object.deviceUuid.toLowerCase()
        ? "The CSR's CN is the device UUID the modem signed."
        : `The CSR's CN (${cn}) is not the device UUID the modem signed (${read.object.deviceUuid}).`,
    );
  const expected = read.object.messageTypeName;
  if (expected !== 'unknown' && expected !== firstKind)
    notes.push(`Message type says ${expected}, but the bytes before the dot are a ${firstKind}.`);
  notes.push(
    "The COSE signature is made with the device's identity key; verify it against nRF Cloud's record of this device.",
  );
  return { ...read.object, digest, notes };
}

export function attestationObject(
  first: Uint8Array,
  cose: Uint8Array,
  source: ObjectSource,
): InspectedNrf91Attestation | string {
  const msg = decodeAttestationMessage(first);
  if (!msg) return 'the part before the dot is not the nRF91 attestation message [1, uuid, type, fw uuid, nonce]';
  const sign1 = decodeCoseSign1(cose);
  if (!sign1) return 'the part after the dot is not a COSE_Sign1 structure';
  const notes: string[] = [];
  if (sign1.payload !== null) notes.push('The COSE_Sign1 carries a payload; real attestation tokens detach it.');
  return {
    kind: 'nrf91Attestation',
    source,
    notes,
    version: msg.version,
    deviceUuid: msg.deviceUuid,
    deviceType: msg.deviceType,
    deviceTypeName: NRF91_DEVICE_TYPES[msg.deviceType] ?? null,
    firmwareUuid: msg.firmwareUuid,
    nonceHex: toHex(msg.nonce, true),
    keyIdHex: sign1.keyId ? toHex(sign1.keyId, true) : null,
    coseAlgorithm: sign1.alg ?? null,
    payloadDetached: sign1.payload === null,
  };
}
