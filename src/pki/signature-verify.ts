// Layer: PKI codecs. Verifies an X.509 / PKCS#10 signature with WebCrypto (native speed in the worker and in Node):
// ECDSA on P-256/384/521 (DER signature converted to r||s), RSA PKCS#1 v1.5, Ed25519 where the runtime has it.
// Whatever cannot be checked (MD5, RSA-PSS, unknown curves) is 'unsupported', never 'valid'.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { toArrayBuffer, toHex } from '../lib/bytes.ts';
import { bitString, oid, sequence } from './der.ts';
import { derToRawSignature } from './ecdsa-signature.ts';
import { CURVE_NAMES, webCryptoHash, type HashName, type SignatureFamily } from './algorithms.ts';
import { OID } from './oids.ts';
import type { Spki } from './spki.ts';

export type VerifyOutcome = { outcome: 'valid' | 'invalid' | 'unsupported'; detail: string };

const CURVE_SIZE: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

// Imported keys are reused: validating the same chain again (bench, batch) costs no re-import.
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_MAX = 256;

function cachedImport(id: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
    key = make();
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}

/** SPKI with an uncompressed point: WebCrypto does not take compressed ones everywhere. */
function uncompressedSpki(spki: Spki, curve: keyof typeof NOBLE): Uint8Array {
  if (spki.keyBytes[0] === 0x04) return spki.der;
  const point = NOBLE[curve].Point.fromBytes(spki.keyBytes).toBytes(false);
  return sequence(sequence(oid(OID.ecPublicKey), oid(spki.curveOid!)), bitString(point));
}

export async function verifySignature(
  spki: Spki,
  family: SignatureFamily,
  hashName: HashName | null,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<VerifyOutcome> {
  const hash = webCryptoHash(hashName);
  try {
    if (family === 'ecdsa') {
      const curve = spki.curveOid ? CURVE_NAMES[spki.curveOid]?.name : undefined;
      if (spki.algorithm !== 'EC')
        return { outcome: 'invalid', detail: 'ECDSA signature but the key is not an EC key' };
      if (!curve || !(curve in NOBLE))
        return { outcome: 'unsupported', detail: `ECDSA on ${curve ?? spki.curveOid} is not checked` };
      if (!hash) return { outcome: 'unsupported', detail: `hash ${hashName} is not checked` };
      const raw = derToRawSignature(signature, CURVE_SIZE[curve]!);
      if (!raw)
        return { outcome: 'invalid', detail: 'the ECDSA signature is not a well-formed DER SEQUENCE of two INTEGERs' };
      const c = curve as keyof typeof NOBLE;
      const key = await cachedImport(`ec|${toHex(spki.der)}`, () =>
        crypto.subtle.importKey(
          'spki',
          toArrayBuffer(uncompressedSpki(spki, c)),
          { name: 'ECDSA', namedCurve: c },
          false,
          ['verify'],
        ),
      );
      const ok = await crypto.subtle.verify({ name: 'ECDSA', hash }, key, toArrayBuffer(raw), toArrayBuffer(data));
      return ok
        ? { outcome: 'valid', detail: `ECDSA ${curve} with ${hash}` }
        : { outcome: 'invalid', detail: 'the ECDSA signature does not verify' };
    }
    if (family === 'rsa-pkcs1') {
      if (spki.algorithm !== 'RSA')
        return { outcome: 'invalid', detail: 'RSA signature but the key is not an RSA key' };
      if (!hash) return { outcome: 'unsupported', detail: `hash ${hashName} is not checked (and is broken)` };
      const key = await cachedImport(`rsa|${hash}|${toHex(spki.der)}`, () =>
        crypto.subtle.importKey('spki', toArrayBuffer(spki.der), { name: 'RSASSA-PKCS1-v1_5', hash }, false, [
          'verify',
        ]),
      );
      const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, toArrayBuffer(signature), toArrayBuffer(data));
      return ok
        ? { outcome: 'valid', detail: `RSA PKCS#1 v1.5 with ${hash}` }
        : { outcome: 'invalid', detail: 'the RSA signature does not verify' };
    }
    if (family === 'ed25519') {
      if (spki.algorithm !== 'Ed25519')
        return { outcome: 'invalid', detail: 'Ed25519 signature but the key is not Ed25519' };
      const key = await cachedImport(`ed|${toHex(spki.der)}`, () =>
        crypto.subtle.importKey('spki', toArrayBuffer(spki.der), { name: 'Ed25519' }, false, ['verify']),
      );
      const ok = await crypto.subtle.verify('Ed25519', key, toArrayBuffer(signature), toArrayBuffer(data));
      return ok
        ? { outcome: 'valid', detail: 'Ed25519' }
        : { outcome: 'invalid', detail: 'the Ed25519 signature does not verify' };
    }
    return { outcome: 'unsupported', detail: `signature algorithm family ${family} is not checked` };
  } catch (e) {
    if (e instanceof Error && e.name === 'NotSupportedError') {
      return { outcome: 'unsupported', detail: `this browser cannot check ${family} signatures` };
    }
    // importKey refuses points off the curve and malformed RSA keys: the signature cannot be valid.
    return {
      outcome: 'invalid',
      detail: `the public key could not be used (${e instanceof Error ? e.name : 'error'})`,
    };
  }
}
