// Layer: PKI codecs. Builds and signs X.509 v3 certificates (RFC 5280 §4.1) with a WebCrypto ECDSA key that never
// leaves its CryptoKey: the lab CA's roots, intermediates and issued device certificates. DER is written here so the
// bytes are exactly what we mean (UTCTime until 2049, minimal INTEGERs, critical flags where RFC 5280 asks).
import { sha1 } from '@noble/hashes/legacy.js';
import { toArrayBuffer } from '../lib/bytes.ts';
import {
  bitString,
  bool,
  explicit,
  octetString,
  sequence,
  smallInteger,
  tlv,
  unsignedInteger,
  oid,
  type Der,
} from './der.ts';
import { extension, keyUsageExtension, signatureAlgorithmIdentifier } from './csr-build.ts';
import type { KeyUsageName } from './key-usage.ts';
import { rawToDerSignature } from './ecdsa-signature.ts';
import { OID } from './oids.ts';

export type CaCurve = 'P-256' | 'P-384';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function x509Time(ms: number): Der {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  const enc = new TextEncoder();
  return y >= 1950 && y < 2050
    ? tlv(0x17, enc.encode(`${pad(y % 100)}${rest}`))
    : tlv(0x18, enc.encode(`${pad(y, 4)}${rest}`));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifier(spkiKeyBytes: Uint8Array): Uint8Array {
  return sha1(spkiKeyBytes);
}

export interface CertExtensionsInput {
  readonly ca: boolean;
  readonly pathLength?: number;
  readonly keyUsage: readonly KeyUsageName[];
  readonly extKeyUsage?: readonly string[];
  readonly subjectKeyId: Uint8Array;
  readonly authorityKeyId?: Uint8Array;
}

export function certExtensions(e: CertExtensionsInput): Der[] {
  const bc = e.ca
    ? sequence(bool(true), ...(e.pathLength === undefined ? [] : [smallInteger(e.pathLength)]))
    : sequence();
  const out = [extension(OID.basicConstraints, bc, true), keyUsageExtension(e.keyUsage, true)];
  if (e.extKeyUsage?.length) out.push(extension(OID.extKeyUsage, sequence(...e.extKeyUsage.map((id) => oid(id)))));
  out.push(extension(OID.subjectKeyIdentifier, octetString(e.subjectKeyId)));
  if (e.authorityKeyId) out.push(extension(OID.authorityKeyIdentifier, sequence(tlv(0x80, e.authorityKeyId))));
  return out;
}

export interface TbsInput {
  /** Big-endian magnitude; encoded as a positive INTEGER. */
  readonly serial: Uint8Array;
  readonly curve: CaCurve;
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
  readonly spkiDer: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly extensions: readonly Der[];
}

const algFor = (curve: CaCurve) => (curve === 'P-256' ? 'ecdsa-with-SHA256' : 'ecdsa-with-SHA384');

export function tbsCertificate(t: TbsInput): Der {
  return sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(t.serial),
    signatureAlgorithmIdentifier(algFor(t.curve)),
    t.issuerDer,
    sequence(x509Time(t.notBefore), x509Time(t.notAfter)),
    t.subjectDer,
    t.spkiDer,
    explicit(3, sequence(...t.extensions)),
  );
}

/** Signs a TBSCertificate with the CA's private CryptoKey and wraps it into a Certificate. */
export async function signTbs(tbs: Der, curve: CaCurve, key: CryptoKey): Promise<Der> {
  const hash = curve === 'P-256' ? 'SHA-256' : 'SHA-384';
  const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash }, key, toArrayBuffer(tbs)));
  return sequence(tbs, signatureAlgorithmIdentifier(algFor(curve)), bitString(rawToDerSignature(raw)));
}

/** 16 random bytes, high bit clear and second-highest set: positive and exactly 16 bytes in DER. */
export function randomSerial(): Uint8Array {
  const s = crypto.getRandomValues(new Uint8Array(16));
  s[0] = (s[0]! & 0x7f) | 0x40;
  return s;
}
