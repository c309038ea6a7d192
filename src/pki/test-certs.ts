// Test support (unit and browser tests only; app code never imports it). Builds real CAs, CSRs and certificates
// with WebCrypto keys and the same DER writers the lab CA uses, including the defective ones a refusal test needs:
// expired, for another key, from another CA, wrong usages, CA certificates. Environment-neutral (Node, Chromium).
import { toArrayBuffer } from '../lib/bytes.ts';
import { certExtensions, keyIdentifier, randomSerial, signTbs, tbsCertificate } from './cert-build.ts';
import { assembleCsr, buildCsrBody, encodeName, keyUsageExtension } from './csr-build.ts';
import type { KeyUsageName } from './key-usage.ts';
import { rawToDerSignature } from './ecdsa-signature.ts';
import { OID } from './oids.ts';
import { toPem } from './pem.ts';
import { bitString, explicit, sequence, smallInteger, unsignedInteger } from './der.ts';
import { readDer } from './der-read.ts';
import { bitStringOf, child } from './der-values.ts';

export const DAY = 86_400_000;
const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface TestKey {
  readonly keys: CryptoKeyPair;
  readonly spki: Uint8Array;
}

export interface TestCa extends TestKey {
  readonly name: string;
  readonly subjectDer: Uint8Array;
  readonly der: Uint8Array;
  readonly pem: string;
  readonly ski: Uint8Array;
}

export async function testKey(): Promise<TestKey> {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  return { keys, spki: new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey)) };
}

function keyBits(spki: Uint8Array): Uint8Array {
  const r = readDer(spki);
  if (!r.ok) throw new Error('bad SPKI');
  return bitStringOf(child({ bytes: spki, node: r.nodes[0]! }, 1, 'SPKI'), 'key').bits;
}

/**
 * A self-signed root, or an intermediate under `parent`. With `key` (a CA key made earlier) and a `parent` of the
 * same name, a key-rollover link certificate: the CA's name on both sides, signed by the other key.
 */
export async function testCa(name: string, parent?: TestCa, now = Date.now(), key?: TestKey): Promise<TestCa> {
  key ??= await testKey();
  const link = parent?.name === name;
  const subjectDer = encodeName([
    { oid: OID.organization, value: 'KeyWire Tests' },
    { oid: OID.commonName, value: name },
  ]);
  const ski = keyIdentifier(keyBits(key.spki));
  const der = await signTbs(
    tbsCertificate({
      serial: randomSerial(),
      curve: 'P-256',
      issuerDer: parent?.subjectDer ?? subjectDer,
      subjectDer,
      spkiDer: key.spki,
      notBefore: now - DAY,
      notAfter: now + 3650 * DAY,
      extensions: certExtensions({
        ca: true,
        keyUsage: ['keyCertSign', 'cRLSign'],
        subjectKeyId: ski,
        ...(parent ? { authorityKeyId: parent.ski, ...(link ? {} : { pathLength: 0 }) } : {}),
      }),
    }),
    'P-256',
    (parent ?? key).keys.privateKey,
  );
  return { keys: key.keys, spki: key.spki, name, subjectDer, der, pem: toPem('CERTIFICATE', der), ski };
}

export interface LeafOptions {
  readonly cn: string;
  readonly notBefore?: number;
  readonly notAfter?: number;
  readonly keyUsage?: readonly KeyUsageName[];
  /** Extended key usage OIDs; null: no EKU extension. Default clientAuth. */
  readonly eku?: readonly string[] | null;
  readonly ca?: boolean;
}

export async function testLeaf(issuer: TestCa, spki: Uint8Array, o: LeafOptions): Promise<Uint8Array> {
  const now = Date.now();
  const eku = o.eku === undefined ? [OID.clientAuth] : o.eku;
  return signTbs(
    tbsCertificate({
      serial: randomSerial(),
      curve: 'P-256',
      issuerDer: issuer.subjectDer,
      subjectDer: encodeName([{ oid: OID.commonName, value: o.cn }]),
      spkiDer: spki,
      notBefore: o.notBefore ?? now - 60_000,
      notAfter: o.notAfter ?? now + 365 * DAY,
      extensions: certExtensions({
        ca: o.ca ?? false,
        keyUsage: o.keyUsage ?? ['digitalSignature'],
        ...(eku ? { extKeyUsage: eku } : {}),
        subjectKeyId: keyIdentifier(keyBits(spki)),
        authorityKeyId: issuer.ski,
      }),
    }),
    'P-256',
    issuer.keys.privateKey,
  );
}

/** A CSR signed by `key` with subject CN=`cn` and the explicit NULL parameter nRF91 modems emit. */
export async function testCsr(key: TestKey, cn: string): Promise<Uint8Array> {
  const body = buildCsrBody({
    spki: key.spki,
    subject: [{ oid: OID.commonName, value: cn }],
    extensions: [keyUsageExtension(['digitalSignature', 'keyAgreement'], true)],
  });
  const raw = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.keys.privateKey, toArrayBuffer(body)),
  );
  return assembleCsr(body, rawToDerSignature(raw), 'ecdsa-with-SHA256', { nullParameter: true });
}

/** A version-1 style blob that is DER but no certificate: for "the CA answered garbage". */
export const notACertificate = (): Uint8Array =>
  sequence(explicit(0, smallInteger(1)), unsignedInteger(Uint8Array.of(1)), bitString(Uint8Array.of(0)));
