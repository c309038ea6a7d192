import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '../lib/bytes.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { splitDottedPayload } from './nrf91-cose.ts';
import { assembleCsr, buildCsrBody, keyUsageExtension, parseSubject, type SubjectAttribute } from './csr-build.ts';
import { derToRawSignature, rawToDerSignature } from './ecdsa-signature.ts';

function realCsrParts() {
  const der = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
  const csr = asn1js.fromBER(der.slice().buffer).result as asn1js.Sequence;
  const body = csr.valueBlock.value[0] as asn1js.Sequence;
  const bytes = (el: asn1js.AsnType) => new Uint8Array(el.toBER());
  return {
    der,
    body: bytes(body),
    spki: bytes(body.valueBlock.value[2]!),
    sig: csr.valueBlock.value[2] as asn1js.BitString,
  };
}

describe('PKCS#10 body built around a device-held key (RFC 2986)', () => {
  it('reproduces the real nRF91 CSR body byte for byte', () => {
    const real = realCsrParts();
    const body = buildCsrBody({
      spki: real.spki,
      subject: (parseSubject(`CN=${v.keygen_csr_uuid_cn.expect.subject_cn}`) as { value: SubjectAttribute[] }).value,
      extensions: [keyUsageExtension(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'keyAgreement'])],
    });
    expect(Array.from(body)).toEqual(Array.from(real.body));
  });

  it('reassembles the real CSR from body + signature with the explicit NULL parameter', () => {
    const real = realCsrParts();
    const sig = new Uint8Array(real.sig.valueBlock.valueHexView);
    const der = assembleCsr(real.body, sig, 'ecdsa-with-SHA256', { nullParameter: true });
    expect(Array.from(der)).toEqual(Array.from(real.der));
  });

  it('a CSR signed by a fresh P-256 key verifies over SHA-256 of its body', async () => {
    const secret = p256.utils.randomSecretKey();
    const point = p256.getPublicKey(secret, false);
    const spki = Uint8Array.from([
      ...[0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
      ...[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00],
      ...point,
    ]);
    const body = buildCsrBody({
      spki,
      subject: (parseSubject('CN=dev,O=Acme\\, Inc') as { value: SubjectAttribute[] }).value,
      extensions: [],
    });
    const digest = await sha256(body);
    const raw = p256.sign(digest, secret, { prehash: false });
    const der = rawToDerSignature(raw);
    expect(Array.from(derToRawSignature(der, 32)!)).toEqual(Array.from(raw));
    expect(p256.verify(raw, digest, point, { prehash: false })).toBe(true);
    expect(assembleCsr(body, der, 'ecdsa-with-SHA256')[0]).toBe(0x30);
  });

  it('refuses unknown subject attributes with a message naming them', () => {
    const r = parseSubject('CN=a,XX=b');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('XX=b');
  });
});
