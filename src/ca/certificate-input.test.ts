// Every certificate form a CA or a user hands over, made by Debian's openssl (PEM, chains, DER, base64 DER, PKCS#7
// DER / base64 / PEM), and every wrong input explained: CSR (openssl and a real nRF91 %KEYGEN line), private keys
// in each encoding, a public key, an empty PKCS#7, damage, noise, size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { OpensslLab, type Issued } from '../pki/openssl-fixtures.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { MAX_CERTIFICATE_INPUT, readCertificates, type CertificateInputCode } from './certificate-input.ts';

let lab: OpensslLab;
let root: Issued;
let leaf: Issued;
const file = (name: string) => readFileSync(lab.path(name));
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/(.{64})/g, '$1\n');

beforeAll(() => {
  lab = new OpensslLab();
  root = lab.root('Input Root');
  leaf = lab.issue('input-leaf', root);
  lab.run(['x509', '-in', leaf.certPath, '-outform', 'DER', '-out', lab.path('leaf.der')]);
  lab.run([
    'crl2pkcs7',
    '-nocrl',
    '-certfile',
    leaf.certPath,
    '-certfile',
    root.certPath,
    '-outform',
    'DER',
    '-out',
    lab.path('chain.p7b'),
  ]);
  lab.run([
    'crl2pkcs7',
    '-nocrl',
    '-certfile',
    leaf.certPath,
    '-certfile',
    root.certPath,
    '-out',
    lab.path('chain.p7.pem'),
  ]);
  lab.run(['crl2pkcs7', '-nocrl', '-outform', 'DER', '-out', lab.path('empty.p7b')]);
  lab.run(['req', '-new', '-key', leaf.keyPath, '-subj', '/CN=x', '-out', lab.path('x.csr')]);
  lab.run(['pkey', '-in', leaf.keyPath, '-pubout', '-out', lab.path('pub.pem')]);
  lab.run(['ec', '-in', leaf.keyPath, '-out', lab.path('sec1.pem')]);
  lab.run(['pkey', '-in', leaf.keyPath, '-outform', 'DER', '-out', lab.path('key.der')]);
  lab.run(['pkcs8', '-topk8', '-in', leaf.keyPath, '-passout', 'pass:x', '-out', lab.path('enc.pem')]);
});
afterAll(() => lab?.cleanup());

describe('readCertificates: accepted forms', () => {
  const cases: { name: string; input: () => string | Uint8Array; count: number; format: string }[] = [
    { name: 'one PEM certificate', input: () => leaf.pem, count: 1, format: 'pem' },
    {
      name: 'PEM chain with text around it',
      input: () => `leaf:\n${leaf.pem}\nroot:\n${root.pem}`,
      count: 2,
      format: 'pem',
    },
    { name: 'DER certificate', input: () => file('leaf.der'), count: 1, format: 'der' },
    { name: 'base64 DER with line breaks', input: () => b64(file('leaf.der')), count: 1, format: 'der' },
    { name: 'PKCS#7 DER (.p7b)', input: () => file('chain.p7b'), count: 2, format: 'pkcs7' },
    { name: 'PKCS#7 base64, as EST sends it', input: () => b64(file('chain.p7b')), count: 2, format: 'pkcs7' },
    { name: 'PKCS#7 PEM', input: () => file('chain.p7.pem').toString(), count: 2, format: 'pkcs7' },
    {
      name: 'PKCS#7 base64 given as bytes',
      input: () => new TextEncoder().encode(b64(file('chain.p7b'))),
      count: 2,
      format: 'pkcs7',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = readCertificates(c.input());
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.certificates).toHaveLength(c.count);
      expect(r.value.format).toBe(c.format);
      // The leaf comes first and is byte-identical to openssl's DER.
      expect(Buffer.from(r.value.certificates[0]!).equals(file('leaf.der'))).toBe(true);
    });
  }
});

describe('readCertificates: wrong input explained', () => {
  const cases: { name: string; input: () => string | Uint8Array; code: CertificateInputCode; says: RegExp }[] = [
    { name: 'empty text', input: () => '  \n', code: 'empty', says: /Nothing was given/ },
    { name: 'empty file', input: () => new Uint8Array(0), code: 'empty', says: /Nothing was given/ },
    {
      name: 'a CSR (openssl)',
      input: () => file('x.csr').toString(),
      code: 'csr',
      says: /certificate request \(CSR\), not a certificate/,
    },
    {
      name: 'a real nRF91 %KEYGEN line',
      input: () => `%KEYGEN: "${v.keygen_csr_uuid_cn.response_payload}"`,
      code: 'csr',
      says: /CSR/,
    },
    {
      name: 'PKCS#8 private key PEM',
      input: () => readFileSync(leaf.keyPath, 'utf8'),
      code: 'private-key',
      says: /Never paste .*It was not stored/,
    },
    {
      name: 'SEC1 EC private key PEM',
      input: () => file('sec1.pem').toString(),
      code: 'private-key',
      says: /private key/,
    },
    { name: 'private key DER', input: () => file('key.der'), code: 'private-key', says: /private key/ },
    {
      name: 'encrypted private key',
      input: () => file('enc.pem').toString(),
      code: 'private-key',
      says: /private key/,
    },
    {
      name: 'a certificate with its key pasted together',
      input: () => leaf.pem + readFileSync(leaf.keyPath, 'utf8'),
      code: 'private-key',
      says: /not stored/,
    },
    {
      name: 'a public key',
      input: () => file('pub.pem').toString(),
      code: 'public-key',
      says: /public key, not a certificate/,
    },
    {
      name: 'an empty PKCS#7 bundle',
      input: () => file('empty.p7b'),
      code: 'empty-bundle',
      says: /holds no certificate/,
    },
    { name: 'a truncated PEM', input: () => leaf.pem.slice(0, 200), code: 'damaged', says: /no END line/ },
    {
      name: 'a certificate with a good one after a damaged one',
      input: () =>
        `-----BEGIN CERTIFICATE-----\n${b64(file('leaf.der').subarray(0, -20))}\n-----END CERTIFICATE-----\n${root.pem}`,
      code: 'damaged',
      says: /could not be read/,
    },
    {
      name: 'an HTML error page',
      input: () => '<html><body>Bad gateway</body></html>',
      code: 'no-certificate',
      says: /No certificate found/,
    },
    {
      name: 'plain words',
      input: () => 'hello there, here is your certificate!',
      code: 'no-certificate',
      says: /No certificate found/,
    },
    {
      name: 'more than 1 MB',
      input: () => 'A'.repeat(MAX_CERTIFICATE_INPUT + 1),
      code: 'too-large',
      says: /few kilobytes/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = readCertificates(c.input());
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(c.code);
      expect(r.error.message).toMatch(c.says);
    });
  }
});
