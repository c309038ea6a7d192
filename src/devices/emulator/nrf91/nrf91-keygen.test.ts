import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../lib/bytes.ts';
import { derToRawSignature } from '../../../pki/ecdsa-signature.ts';
import {
  coseToBeSigned,
  decodeAttestationMessage,
  decodeCoseSign1,
  decodeKeygenPayload,
  splitDottedPayload,
} from '../../../pki/nrf91-cose.ts';
import { OID } from '../../../pki/oids.ts';
import { nrf91Vectors } from '../../../test-vectors.ts';
import { ManualClock } from '../clock.ts';
import { NRF91_FACTORY_BOARDS, type Nrf91Factory } from './nrf91-factory.ts';
import { identityPublicKey } from './nrf91-keygen.ts';
import { BoardHarness } from './testing.ts';

const boardA = NRF91_FACTORY_BOARDS[0] as Nrf91Factory;

function parseCsr(der: Uint8Array) {
  const asn = asn1js.fromBER(der.slice().buffer);
  expect(asn.offset).not.toBe(-1);
  const outer = asn.result as asn1js.Sequence;
  const body = outer.valueBlock.value[0] as asn1js.Sequence;
  const alg = outer.valueBlock.value[1] as asn1js.Sequence;
  const sig = outer.valueBlock.value[2] as asn1js.BitString;
  const csr = new pkijs.CertificationRequest({ schema: asn.result });
  return {
    csr,
    bodyBytes: new Uint8Array(body.toBER()),
    algParams: alg.valueBlock.value.slice(1),
    signature: new Uint8Array(sig.valueBlock.valueHexView),
    keyUsage: () => {
      const attr = csr.attributes!.find((a) => a.type === OID.extensionRequest)!;
      const exts = new pkijs.Extensions({ schema: attr.values[0] });
      const ku = exts.extensions.find((e) => e.extnID === OID.keyUsage)!;
      return toHex(new Uint8Array(ku.extnValue.valueBlock.valueHexView));
    },
  };
}

function realModemKeyUsage(): string {
  const der = splitDottedPayload(nrf91Vectors.keygen_csr_uuid_cn.response_payload)!.first;
  return parseCsr(der).keyUsage();
}

async function keygen(h: BoardHarness, command: string) {
  const answer = await h.at(command);
  const m = /^%KEYGEN: "([^"]+)"\r\nOK\r\n$/.exec(answer);
  expect(m, answer).not.toBeNull();
  return splitDottedPayload(m![1]!)!;
}

describe('emulated %KEYGEN: a CSR shaped like the real modem one', () => {
  it('CN = device UUID (UTF8String), KeyUsage as the real vector, ecdsa-with-SHA256 WITH NULL, valid signature', async () => {
    const h = new BoardHarness();
    await h.at('AT+CFUN=4');
    const { first: der, cose } = await keygen(h, 'AT%KEYGEN=42,2,0');
    const parsed = parseCsr(der);
    const cn = parsed.csr.subject.typesAndValues.find((tv) => tv.type === OID.commonName)!;
    expect(cn.value.valueBlock.value).toBe(boardA.deviceUuid);
    expect(cn.value).toBeInstanceOf(asn1js.Utf8String);
    expect(parsed.csr.signatureAlgorithm.algorithmId).toBe(OID.ecdsaWithSha256);
    expect(parsed.algParams).toHaveLength(1);
    expect(parsed.algParams[0]).toBeInstanceOf(asn1js.Null);
    expect(parsed.keyUsage()).toBe(realModemKeyUsage());
    expect(parsed.keyUsage()).toBe('030203e8');

    const spki = parsed.csr.subjectPublicKeyInfo;
    const point = new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView);
    const raw = derToRawSignature(parsed.signature, 32)!;
    expect(p256.verify(raw, sha256(parsed.bodyBytes), point, { prehash: false })).toBe(true);

    const sign1 = decodeCoseSign1(cose)!;
    const payload = decodeKeygenPayload(sign1.payload!)!;
    expect(payload).toMatchObject({ messageType: 9, deviceUuid: boardA.deviceUuid, secTag: 42 });
    expect(toHex(payload.digest)).toBe(toHex(sha256(der)));
    const tbs = coseToBeSigned(sign1.protectedBytes, sign1.payload!);
    expect(p256.verify(sign1.signature, tbs, await identityPublicKey(boardA.identityKeyHex))).toBe(true);
  });

  it('the new key is stored as type 2 at the tag, listed but never readable', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    await keygen(h, 'AT%KEYGEN=42,2,0');
    expect(await h.at('AT%CMNG=1,42')).toMatch(/^%CMNG: 42,2,"[0-9A-F]{64}"\r\nOK\r\n$/);
    expect(await h.at('AT%CMNG=2,42,2')).toBe('+CME ERROR: 514\r\n');
  });

  it('attributes replace the default subject; content 1 answers the SPKI with message type 8', async () => {
    const h = new BoardHarness();
    const { first: der } = await keygen(h, 'AT%KEYGEN=7,2,0,"CN=nrf-352656100402174,O=Acme"');
    const subject = parseCsr(der).csr.subject.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value}`);
    expect(subject).toEqual([`${OID.commonName}=nrf-352656100402174`, `${OID.organization}=Acme`]);

    const { first: spki, cose } = await keygen(h, 'AT%KEYGEN=7,2,1');
    const info = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(spki.slice().buffer).result });
    expect(info.algorithm.algorithmId).toBe(OID.ecPublicKey);
    const payload = decodeKeygenPayload(decodeCoseSign1(cose)!.payload!)!;
    expect(payload.messageType).toBe(8);
    expect(toHex(payload.digest)).toBe(toHex(sha256(spki)));
  });

  it('bad arguments are refused before any work', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    for (const bad of [
      'AT%KEYGEN=7,1,0',
      'AT%KEYGEN=7,2,2',
      'AT%KEYGEN=7,2,0,"XX=1"',
      'AT%KEYGEN=7,2,0,"CN=a","1111111111"',
    ]) {
      expect(await h.at(bad), bad).toBe('+CME ERROR: 50\r\n');
    }
    expect(await h.at('AT%KEYGEN=2147483648,2,0')).toBe('+CME ERROR: 514\r\n');
  });

  it('takes keygenMs on the board clock, and a reset meanwhile stores no key and answers nothing', async () => {
    const clock = new ManualClock();
    const h = new BoardHarness({ clock, keygenMs: 2000 });
    h.send('AT%KEYGEN=50,2,0\r');
    await clock.advance(1999);
    expect(h.output).toBe('');
    h.board.reset();
    await clock.advance(5000);
    expect(h.output).toBe('*** Booting nRF Connect SDK ***\r\nThe AT host sample started\r\n');
    expect(h.board.credentials.list({ secTag: 50 })).toEqual([]);

    h.output = '';
    h.send('AT%KEYGEN=50,2,0\rAT\r');
    await clock.advance(1999);
    expect(h.output).toBe('');
    await clock.advance(1);
    for (let i = 0; i < 50 && !h.output.endsWith('OK\r\nOK\r\n'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(h.output).toMatch(/^%KEYGEN: "[^"]+"\r\nOK\r\nOK\r\n$/);
  });
});

describe('emulated %ATTESTTOKEN', () => {
  it('message names the device UUID, device type 3 (nRF9160 SICA) and the firmware UUID; COSE detached and signed', async () => {
    const h = new BoardHarness();
    const m = /^%ATTESTTOKEN: "([^"]+)"\r\nOK\r\n$/.exec(await h.at('AT%ATTESTTOKEN'))!;
    const parts = splitDottedPayload(m[1]!)!;
    const msg = decodeAttestationMessage(parts.first)!;
    expect(msg).toMatchObject({
      version: 1,
      deviceUuid: boardA.deviceUuid,
      deviceType: 3,
      firmwareUuid: boardA.modemFirmwareUuid,
    });
    const sign1 = decodeCoseSign1(parts.cose)!;
    expect(sign1.payload).toBeNull();
    const tbs = coseToBeSigned(sign1.protectedBytes, parts.first);
    expect(p256.verify(sign1.signature, tbs, await identityPublicKey(boardA.identityKeyHex))).toBe(true);
  });
});
