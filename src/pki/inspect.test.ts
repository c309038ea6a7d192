// inspect on every input form a user pastes or drops, on real nRF91 vectors and on material openssl makes at test
// time; fingerprints and SPKI hashes are compared with openssl's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { inspectInput } from './inspect.ts';
import { CA_EXT, OpensslLab, type Issued } from './openssl-fixtures.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { fromBase64, toBase64, toBase64Url, toHex } from '../lib/bytes.ts';
import { splitDottedPayload } from './nrf91-cose.ts';
import type { InspectedKind, InspectedObject } from './crypto-types.ts';

let lab: OpensslLab;
let root: Issued;
let inter: Issued;
let leaf: Issued;
const pemDer = (pem: string) => fromBase64(pem.replace(/-----[^-]+-----/g, ''))!;

beforeAll(() => {
  lab = new OpensslLab();
  root = lab.root('Root');
  inter = lab.issue('Inter', root, { ext: CA_EXT(0) });
  leaf = lab.issue('dev-1', inter, {
    ext: [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyAgreement',
      'extendedKeyUsage=clientAuth',
      'subjectAltName=DNS:dev-1.example.com,IP:192.0.2.7,URI:urn:dev:1,email:ops@example.com',
      'crlDistributionPoints=URI:http://crl.example.com/inter.crl',
      'authorityInfoAccess=OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/inter.crt',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
    ],
  });
});
afterAll(() => lab?.cleanup());

async function kinds(input: string | Uint8Array): Promise<InspectedKind[]> {
  const r = await inspectInput(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value.objects.map((o) => o.kind);
}

async function first<K extends InspectedKind>(
  input: string | Uint8Array,
  kind: K,
): Promise<Extract<InspectedObject, { kind: K }>> {
  const r = await inspectInput(input);
  if (!r.ok) throw new Error(r.error.message);
  const o = r.value.objects.find((x) => x.kind === kind);
  if (!o) throw new Error(`no ${kind} in ${r.value.objects.map((x) => x.kind)}`);
  return o as Extract<InspectedObject, { kind: K }>;
}

describe('inspect: input forms', () => {
  const pkcs7 = () => lab.run(['crl2pkcs7', '-nocrl', '-certfile', leaf.certPath, '-certfile', inter.certPath]);
  const table: { name: string; input: () => string | Uint8Array; want: InspectedKind[] }[] = [
    { name: 'PEM, one block', input: () => leaf.pem, want: ['certificate'] },
    {
      name: 'PEM, many blocks with text between',
      input: () => `leaf:\n${leaf.pem}\nthen\n${inter.pem}${root.pem}`,
      want: ['certificate', 'certificate', 'certificate'],
    },
    { name: 'DER bytes', input: () => pemDer(leaf.pem), want: ['certificate'] },
    {
      name: 'concatenated DER certificates',
      input: () => new Uint8Array([...pemDer(leaf.pem), ...pemDer(inter.pem)]),
      want: ['certificate', 'certificate'],
    },
    { name: 'base64 without armour', input: () => toBase64(pemDer(leaf.pem)), want: ['certificate'] },
    { name: 'base64url without armour', input: () => toBase64Url(pemDer(leaf.pem)), want: ['certificate'] },
    { name: 'hex', input: () => toHex(pemDer(leaf.pem)), want: ['certificate'] },
    { name: 'PKCS#7 certs-only, PEM armour', input: pkcs7, want: ['pkcs7', 'certificate', 'certificate'] },
    {
      name: 'PKCS#7 certs-only, bare base64 (EST /cacerts)',
      input: () =>
        pkcs7()
          .replace(/-----[^-]+-----/g, '')
          .trim(),
      want: ['pkcs7', 'certificate', 'certificate'],
    },
    {
      name: 'CMS armour label',
      input: () => pkcs7().replace(/PKCS7/g, 'CMS'),
      want: ['pkcs7', 'certificate', 'certificate'],
    },
    { name: '%KEYGEN: "..." line', input: () => v.keygen_wire_lines[0]!, want: ['nrf91Keygen', 'csr'] },
    { name: '%KEYGEN payload alone', input: () => v.keygen_csr_uuid_cn.response_payload, want: ['nrf91Keygen', 'csr'] },
    {
      name: '%ATTESTTOKEN line',
      input: () => `%ATTESTTOKEN: "${v.attesttoken.response_payload}"\r\nOK\r\n`,
      want: ['nrf91Attestation'],
    },
    {
      name: 'Zephyr CSR: line',
      input: () =>
        `[00:00:01.2] <inf> cred: CSR: ${toBase64(splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first)}\nCSR generation complete`,
      want: ['csr'],
    },
    { name: 'public key PEM (SPKI)', input: () => v.keygen_csr_uuid_cn.public_key_pem, want: ['publicKey'] },
    {
      name: 'raw SEC1 point (hex)',
      input: () => toHex(pemDer(v.keygen_csr_uuid_cn.public_key_pem).subarray(26)),
      want: ['publicKey'],
    },
    {
      name: 'Zephyr PUBKEY: line (SEC1 base64)',
      input: () => `PUBKEY: ${toBase64(pemDer(v.keygen_csr_uuid_cn.public_key_pem).subarray(26))}`,
      want: ['publicKey'],
    },
    {
      name: 'openssl s_client -showcerts output',
      input: () =>
        `CONNECTED(00000003)\ndepth=1 CN = Inter\nverify return:1\n---\nCertificate chain\n 0 s:CN = dev-1\n   i:CN = Inter\n   a:PKEY: id-ecPublicKey, 256 (bit); sigalg: ecdsa-with-SHA256\n${leaf.pem} 1 s:CN = Inter\n   i:CN = Root\n${inter.pem}---\nServer certificate\nsubject=CN = dev-1\n---\nSSL handshake has read 1234 bytes\n`,
      want: ['certificate', 'certificate'],
    },
    {
      name: 'a private key is recognised and not read',
      input: () => readFileSync(leaf.keyPath, 'utf8'),
      want: ['privateKey'],
    },
  ];
  for (const t of table) it(t.name, async () => expect(await kinds(t.input())).toEqual(t.want));
});

describe('inspect: certificate fields agree with openssl', () => {
  it('fingerprints, SPKI SHA-256, serial, validity, names', async () => {
    const c = await first(leaf.pem, 'certificate');
    const fp = (alg: string) =>
      lab
        .run(['x509', '-noout', '-fingerprint', `-${alg}`], leaf.pem)
        .split('=')[1]!
        .trim()
        .replace(/:/g, '');
    expect(c.sha256).toBe(fp('sha256'));
    expect(c.sha1).toBe(fp('sha1'));
    const spkiDer = pemDer(lab.run(['x509', '-noout', '-pubkey'], leaf.pem));
    expect(c.key.spkiSha256).toBe(createHash('sha256').update(spkiDer).digest('hex').toUpperCase());
    expect(c.serialHex).toBe(lab.run(['x509', '-noout', '-serial'], leaf.pem).split('=')[1]!.trim());
    expect(new Date(c.notAfter).getTime()).toBe(
      new Date(lab.run(['x509', '-noout', '-enddate'], leaf.pem).split('=')[1]!.trim()).getTime(),
    );
    expect(c.subject.commonName).toBe('dev-1');
    expect(c.issuer.text).toBe('CN=Inter');
    expect(c.key).toMatchObject({ algorithm: 'EC', curve: 'P-256', bits: 256 });
    expect(c.signature).toMatchObject({
      name: 'ecdsa-with-SHA256',
      parameters: 'absent',
      nonStandard: null,
      weak: false,
    });
  });

  it('decodes key usage, EKU, basic constraints, SAN, SKI/AKI, CRL distribution points, AIA', async () => {
    const e = (await first(leaf.pem, 'certificate')).extensions;
    const text = lab.run(['x509', '-noout', '-ext', 'subjectKeyIdentifier,authorityKeyIdentifier'], leaf.pem);
    const ids = [...text.matchAll(/([0-9A-F]{2}(?::[0-9A-F]{2}){19})/g)].map((m) => m[1]!.replace(/:/g, ''));
    expect(e.keyUsage).toEqual({ critical: true, usages: ['digitalSignature', 'keyAgreement'] });
    expect(e.extKeyUsage?.purposes.map((p) => p.name)).toEqual(['clientAuth']);
    expect(e.basicConstraints).toEqual({ critical: true, ca: false, pathLength: null });
    expect(e.subjectAltName?.names).toEqual([
      { type: 'dns', value: 'dev-1.example.com' },
      { type: 'ip', value: '192.0.2.7' },
      { type: 'uri', value: 'urn:dev:1' },
      { type: 'email', value: 'ops@example.com' },
    ]);
    expect(e.subjectKeyId).toBe(ids[0]);
    expect(e.authorityKeyId?.keyId).toBe(ids[1]);
    expect(e.crlDistributionPoints).toEqual(['http://crl.example.com/inter.crl']);
    expect(e.authorityInfoAccess).toEqual([
      { method: 'OCSP', location: 'http://ocsp.example.com' },
      { method: 'caIssuers', location: 'http://ca.example.com/inter.crt' },
    ]);
    const ca = (await first(inter.pem, 'certificate')).extensions;
    expect(ca.basicConstraints).toEqual({ critical: true, ca: true, pathLength: 0 });
  });

  it('self-signed roots: self-signature checked', async () => {
    const c = await first(root.pem, 'certificate');
    expect(c.selfIssued && c.selfSignatureValid).toBe(true);
  });
});

describe('inspect: real nRF91 modem vectors', () => {
  for (const name of ['keygen_csr_uuid_cn', 'keygen_csr_normalized'] as const) {
    it(`${name}: UUID, sec_tag, key equals the listed public key, proof of possession`, async () => {
      const vec = v[name];
      const k = await first(vec.response_payload, 'nrf91Keygen');
      expect(k).toMatchObject({
        deviceUuid: vec.expect.device_uuid,
        secTag: vec.expect.sec_tag,
        messageTypeName: 'csr',
        keyIdHex: '21',
        coseAlgorithm: -7,
      });
      expect(k.nonceHex).toMatch(/^[0-9A-F]{32}$/);
      const csr = await first(vec.response_payload, 'csr');
      expect(csr.key.spkiPem).toBe(vec.public_key_pem);
      expect(csr.key.curve).toBe('P-256');
      expect(csr.signatureValid).toBe(true);
      expect(csr.source.container).toBe(k.source.index);
    });
  }

  it('the modem CSR: explicit NULL parameter noted as non-standard, signature still valid, digest matches', async () => {
    const csr = await first(v.keygen_csr_uuid_cn.response_payload, 'csr');
    expect(csr.signature.parameters).toBe('null');
    expect(csr.signature.nonStandard).toMatch(/explicit NULL/);
    expect(csr.notes.join(' ')).toMatch(/Proof of possession: the signature verifies/);
    expect((await first(v.keygen_csr_uuid_cn.response_payload, 'nrf91Keygen')).digest).toBe('match');
  });

  it('the re-encoded CSR: digest matches the original NULL encoding, reported precisely', async () => {
    const k = await first(v.keygen_csr_normalized.response_payload, 'nrf91Keygen');
    expect(k.digest).toBe('match-original-null-encoding');
    expect(k.notes[0]).toContain(
      "digest matches the modem's original encoding with the NULL parameter; these bytes were re-encoded".replace(
        /^d/,
        'D',
      ),
    );
  });

  it('a CSR altered after the modem signed gives a plain mismatch and a failed proof of possession', async () => {
    const parts = v.keygen_csr_uuid_cn.response_payload.split('.');
    const der = fromBase64(parts[0]!)!;
    der[der.length - 3]! ^= 0x01;
    const tampered = `${toBase64Url(der)}.${parts[1]}`;
    expect((await first(tampered, 'nrf91Keygen')).digest).toBe('mismatch');
    expect((await first(tampered, 'csr')).signatureValid).toBe(false);
  });

  it('attestation token: UUID, device type, detached payload', async () => {
    const a = await first(v.attesttoken.response_payload, 'nrf91Attestation');
    expect(a).toMatchObject({
      deviceUuid: v.attesttoken.expect.device_uuid,
      version: 1,
      payloadDetached: true,
      keyIdHex: '21',
    });
    expect(a.deviceTypeName).toMatch(/^nRF91/);
  });
});

describe('inspect: hostile input returns coded errors quickly', () => {
  const table: { name: string; input: () => string | Uint8Array; code: string }[] = [
    { name: 'empty', input: () => '   ', code: 'empty-input' },
    { name: 'over 16 MB', input: () => new Uint8Array(16 * 1024 * 1024 + 1), code: 'too-large' },
    { name: 'truncated DER', input: () => pemDer(leaf.pem).subarray(0, 100), code: 'unrecognised-input' },
    {
      name: 'huge length',
      input: () => Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00),
      code: 'unrecognised-input',
    },
    {
      name: 'deep nesting',
      input: () =>
        new Uint8Array(
          Array.from({ length: 200 }, (_, i) => [0x30, 0x81, 2 * (199 - i) > 0x7f ? 0x7f : 2 * (199 - i)]).flat(),
        ),
      code: 'unrecognised-input',
    },
    {
      name: 'wrong tags',
      input: () => pemDer(leaf.pem).map((b, i) => (i === 4 ? 0x31 : b)),
      code: 'unrecognised-input',
    },
    { name: 'plain words', input: () => 'hello, this is not a certificate!', code: 'unrecognised-input' },
  ];
  for (const t of table) {
    it(t.name, async () => {
      const r = await inspectInput(t.input());
      expect(r.ok ? 'ok' : r.error.code).toBe(t.code);
    });
  }

  it('10 MB of noise or of one letter is refused with a coded error, not a throw', async () => {
    // How fast belongs to the benchmarks (tests assert no timings); what must hold is an answer with a code.
    let seed = 7;
    const noise = new Uint8Array(10 * 1024 * 1024).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const r = await inspectInput(noise);
    expect(!r.ok && r.error.code).toBe('unrecognised-input');
    // 10 MB of 'A' is one line of base64 (zero bytes): once it ran a regular expression out of stack ("internal").
    const letters = await inspectInput('A'.repeat(10 * 1024 * 1024));
    expect(!letters.ok && letters.error.code).toBe('unrecognised-input');
    const spaced = await inspectInput('A B\n'.repeat(1024 * 1024));
    expect(!spaced.ok && spaced.error.code).toBe('unrecognised-input');
  });
});
