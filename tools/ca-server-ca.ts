// Lab EST server: certificate building blocks on top of src/pki (the same DER writer and signer the app's lab CA
// uses): P-256 key pairs, CA certificates, leaf certificates with any key and dates (the --misissue modes need
// exactly that freedom), and reading keys and certificates back from PEM. Node-only; never bundled into the app.
import { readDer } from '../src/pki/der-read.ts';
import { encodeName } from '../src/pki/csr-build.ts';
import { certExtensions, keyIdentifier, randomSerial, signTbs, tbsCertificate } from '../src/pki/cert-build.ts';
import { certificatesIn, materialElements } from '../src/pki/cert-material.ts';
import { spkiOf } from '../src/pki/spki.ts';
import { OID } from '../src/pki/oids.ts';
import type { Der } from '../src/pki/der.ts';
import type { Certificate } from '../src/pki/x509-cert.ts';
import { toArrayBuffer } from '../src/lib/bytes.ts';

export const DAY = 86_400_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly spki: Uint8Array;
}

/** A P-256 pair; `extractable` only when the private key must be written to disk. */
export async function newKeyPair(extractable: boolean): Promise<KeyPair> {
  const keys = await crypto.subtle.generateKey(EC, extractable, ['sign', 'verify']);
  return { privateKey: keys.privateKey, spki: new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey)) };
}

export async function pkcs8Of(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

/** The subjectPublicKey bits of an SPKI (what key identifiers hash). */
export function spkiKeyBytes(spki: Uint8Array): Uint8Array {
  const r = readDer(spki);
  if (!r.ok) throw new Error(`not an SPKI (${r.reason})`);
  return spkiOf({ bytes: spki, node: r.nodes[0]! }).keyBytes;
}

export function readCertificate(der: Uint8Array): Certificate {
  const { certs, errors } = certificatesIn(der);
  if (!certs[0]) throw new Error(`not a certificate: ${errors.join('; ')}`);
  return certs[0];
}

/** A signing key from a PKCS#8 PEM file's text; imported non-extractable, as it only ever signs here. */
export async function importSigningKey(pem: string): Promise<CryptoKey> {
  const el = materialElements(pem).elements.find((e) => e.shape === 'pkcs8-private-key');
  if (!el) throw new Error('no PKCS#8 "PRIVATE KEY" block');
  const der = el.bytes.subarray(el.node.start, el.node.end);
  return crypto.subtle.importKey('pkcs8', toArrayBuffer(der), EC, false, ['sign']);
}

/** Signs a probe with `key` and checks it with the certificate's key: catches a key file from another CA. */
export async function keyBelongsTo(key: CryptoKey, cert: Certificate): Promise<boolean> {
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const alg = { name: 'ECDSA', hash: 'SHA-256' } as const;
  const sig = await crypto.subtle.sign(alg, key, probe);
  const pub = await crypto.subtle.importKey('spki', toArrayBuffer(cert.spki.der), EC, false, ['verify']);
  return crypto.subtle.verify(alg, pub, sig, probe);
}

export interface CaCertInput {
  readonly subjectCn: string;
  readonly subject: KeyPair;
  /** The issuer's certificate and key; absent for a self-signed root. */
  readonly issuer?: { readonly cert: Certificate; readonly key: CryptoKey };
  readonly pathLength: number;
  readonly days: number;
  readonly now?: number;
}

export async function caCertificate(o: CaCertInput): Promise<Certificate> {
  const now = o.now ?? Date.now();
  const subjectDer = encodeName([
    { oid: OID.organization, value: 'KeyWire Lab' },
    { oid: OID.commonName, value: o.subjectCn },
  ]);
  const ski = keyIdentifier(spkiKeyBytes(o.subject.spki));
  const der = await signTbs(
    tbsCertificate({
      serial: randomSerial(),
      curve: 'P-256',
      issuerDer: o.issuer ? o.issuer.cert.subject.der : subjectDer,
      subjectDer,
      spkiDer: o.subject.spki,
      notBefore: now - 5 * 60_000,
      notAfter: now + o.days * DAY,
      extensions: certExtensions({
        ca: true,
        pathLength: o.pathLength,
        keyUsage: ['keyCertSign', 'cRLSign'],
        subjectKeyId: ski,
        ...(o.issuer ? { authorityKeyId: keyIdentifier(o.issuer.cert.spki.keyBytes) } : {}),
      }),
    }),
    'P-256',
    o.issuer ? o.issuer.key : o.subject.privateKey,
  );
  return readCertificate(der);
}

export interface LeafInput {
  readonly issuer: { readonly cert: Certificate; readonly key: CryptoKey };
  readonly subjectDer: Uint8Array;
  readonly spki: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly purpose: 'clientAuth' | 'serverAuth';
  /** Extra extensions (subjectAltName for the TLS server certificate). */
  readonly extra?: readonly Der[];
}

/** A leaf certificate exactly as asked: no profile, no checks. The --misissue modes depend on that. */
export async function leafCertificate(o: LeafInput): Promise<Uint8Array> {
  const extensions = [
    ...certExtensions({
      ca: false,
      keyUsage: ['digitalSignature'],
      extKeyUsage: [o.purpose === 'clientAuth' ? OID.clientAuth : OID.serverAuth],
      subjectKeyId: keyIdentifier(spkiKeyBytes(o.spki)),
      authorityKeyId: keyIdentifier(o.issuer.cert.spki.keyBytes),
    }),
    ...(o.extra ?? []),
  ];
  return signTbs(
    tbsCertificate({
      serial: randomSerial(),
      curve: 'P-256',
      issuerDer: o.issuer.cert.subject.der,
      subjectDer: o.subjectDer,
      spkiDer: o.spki,
      notBefore: o.notBefore,
      notAfter: o.notAfter,
      extensions,
    }),
    'P-256',
    o.issuer.key,
  );
}
