import { describe, expect, it } from 'vitest';
import { p256 } from '@noble/curves/nist.js';
import { sha256, toHex } from '../lib/bytes.ts';
import { assembleCsr } from './csr-build.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import {
  coseToBeSigned,
  decodeAttestationMessage,
  decodeCoseSign1,
  decodeKeygenPayload,
  encodeCoseSign1,
  encodeKeygenPayload,
  KEYGEN_MESSAGE_TYPE,
  splitDottedPayload,
} from './nrf91-cose.ts';

describe('nRF91 %KEYGEN payload (real modem vectors)', () => {
  const cases = [
    { name: 'CSR with UUID CN', vec: v.keygen_csr_uuid_cn, digestMatches: true },
    // nRFCloud/utils re-encoded this CSR without the NULL parameter after the modem hashed it: the COSE digest
    // no longer matches the bytes (it matches the modem's original encoding, see the next test).
    { name: 'CSR without NULL parameter', vec: v.keygen_csr_normalized, digestMatches: false },
  ];
  for (const { name, vec, digestMatches } of cases) {
    it(`${name}: COSE carries ES256, key id 0x21, UUID, sec_tag and the CSR digest`, async () => {
      const parts = splitDottedPayload(vec.response_payload);
      expect(parts).not.toBeNull();
      const cose = decodeCoseSign1(parts!.cose)!;
      expect(cose.alg).toBe(-7);
      expect(Array.from(cose.keyId!)).toEqual([0x21]);
      expect(cose.signature.length).toBe(64);
      const payload = decodeKeygenPayload(cose.payload!)!;
      expect(payload.messageType).toBe(KEYGEN_MESSAGE_TYPE.csr);
      expect(payload.deviceUuid).toBe(vec.expect.device_uuid);
      expect(payload.secTag).toBe(vec.expect.sec_tag);
      expect(payload.nonce.length).toBe(16);
      const same = toHex(payload.digest) === toHex(await sha256(parts!.first));
      expect(same).toBe(digestMatches);
    });
  }

  it('the normalized CSR digest matches once the explicit NULL parameter is restored', async () => {
    const parts = splitDottedPayload(v.keygen_csr_normalized.response_payload)!;
    const csr = parts.first;
    const body = csr.subarray(4, 4 + 178);
    const sig = csr.subarray(4 + 178 + 12);
    const restored = assembleCsr(body, sig.subarray(3), 'ecdsa-with-SHA256', { nullParameter: true });
    const payload = decodeKeygenPayload(decodeCoseSign1(parts.cose)!.payload!)!;
    expect(toHex(await sha256(restored))).toBe(toHex(payload.digest));
  });

  it('accepts the full %KEYGEN: "..." wire line', () => {
    for (const line of v.keygen_wire_lines) expect(splitDottedPayload(line)).not.toBeNull();
  });

  it('attestation token: message names the device UUID and the COSE payload is detached', () => {
    const parts = splitDottedPayload(v.attesttoken.response_payload)!;
    const msg = decodeAttestationMessage(parts.first)!;
    expect(msg.deviceUuid).toBe(v.attesttoken.expect.device_uuid);
    expect(msg.version).toBe(1);
    expect(decodeCoseSign1(parts.cose)!.payload).toBeNull();
  });

  it('re-encoding a decoded payload gives the modem bytes back', () => {
    const parts = splitDottedPayload(v.keygen_csr_normalized.response_payload)!;
    const cose = decodeCoseSign1(parts.cose)!;
    expect(Array.from(encodeKeygenPayload(decodeKeygenPayload(cose.payload!)!))).toEqual(Array.from(cose.payload!));
  });

  it('a COSE_Sign1 we build verifies with ES256 over the RFC 9052 Sig_structure', async () => {
    const secret = p256.utils.randomSecretKey();
    const payload = encodeKeygenPayload({
      messageType: 9,
      deviceUuid: '50363154-3931-44f0-8022-121b6401627d',
      secTag: 42,
      digest: new Uint8Array(32).fill(7),
      nonce: new Uint8Array(16).fill(1),
    });
    const bytes = await encodeCoseSign1(payload, async (tbs) => p256.sign(tbs, secret));
    const cose = decodeCoseSign1(bytes)!;
    const ok = p256.verify(
      cose.signature,
      coseToBeSigned(cose.protectedBytes, cose.payload!),
      p256.getPublicKey(secret),
    );
    expect(ok).toBe(true);
    expect(decodeKeygenPayload(cose.payload!)!.secTag).toBe(42);
  });

  it('rejects garbage without throwing', () => {
    expect(splitDottedPayload('%KEYGEN: "not base64!.x"')).toBeNull();
    expect(decodeCoseSign1(Uint8Array.of(0xd2, 0x84, 0x43))).toBeNull();
    expect(decodeKeygenPayload(Uint8Array.of(0x9f, 0xff))).toBeNull();
  });
});
