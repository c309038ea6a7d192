// Layer: PKI codecs (the worker's `sameKey` and `verifyChallenge`). Is this certificate for the board's key, and
// does a board that can only sign hold the key of a certificate? ECDSA P-256/P-384, DER or raw r||s signatures.
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, toArrayBuffer, toHex } from '../lib/bytes.ts';
import { err, ok } from '../lib/result.ts';
import { derToRawSignature } from './ecdsa-signature.ts';
import { CURVE_NAMES } from './algorithms.ts';
import { keyOf, normalizedSpki } from './key-material.ts';
import type { ChallengeReport, CryptoResult, KeyMaterial, SameKeyReport } from './crypto-types.ts';

export function sameKey(a: KeyMaterial, b: KeyMaterial): CryptoResult<SameKeyReport> {
  try {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (!ka.ok) return err({ code: 'malformed', message: `first key: ${ka.reason}` });
    if (!kb.ok) return err({ code: 'malformed', message: `second key: ${kb.reason}` });
    const na = normalizedSpki(ka.spki);
    const nb = normalizedSpki(kb.spki);
    return ok({
      same: equalBytes(na, nb),
      a: { kind: ka.kind, spkiSha256: toHex(sha256(na), true) },
      b: { kind: kb.kind, spkiSha256: toHex(sha256(nb), true) },
    });
  } catch (e) {
    return err({
      code: 'malformed',
      message: `key could not be compared (${e instanceof Error ? e.message : 'error'})`,
    });
  }
}

const SIZES = { 'P-256': { size: 32, hash: 'SHA-256' }, 'P-384': { size: 48, hash: 'SHA-384' } } as const;

/**
 * Verifies an ECDSA signature over `challenge` (the hash follows the curve: SHA-256 for P-256, SHA-384 for P-384).
 * The signature may be DER (X.509 style) or raw r||s (WebCrypto, COSE, secure elements).
 */
export async function verifyChallenge(
  keyOrCert: KeyMaterial,
  challenge: Uint8Array,
  signature: Uint8Array,
): Promise<CryptoResult<ChallengeReport>> {
  try {
    const k = keyOf(keyOrCert);
    if (!k.ok) return err({ code: 'malformed', message: `key: ${k.reason}` });
    const curve = k.spki.algorithm === 'EC' ? CURVE_NAMES[k.spki.curveOid ?? '']?.name : undefined;
    if (curve !== 'P-256' && curve !== 'P-384') {
      return err({
        code: 'unsupported-algorithm',
        message: `challenge signatures are checked for P-256 and P-384 keys, not ${curve ?? k.spki.algorithm}`,
      });
    }
    const { size, hash } = SIZES[curve];
    if (challenge.length === 0) return err({ code: 'malformed', message: 'the challenge is empty' });
    const fromDer = signature[0] === 0x30 ? derToRawSignature(signature, size) : null;
    const raw = fromDer ?? (signature.length === 2 * size ? signature : null);
    if (!raw) {
      return err({
        code: 'bad-signature-format',
        message: `expected a DER ECDSA signature or ${2 * size}-byte r||s for ${curve}, got ${signature.length} bytes`,
      });
    }
    const key = await crypto.subtle.importKey(
      'spki',
      toArrayBuffer(normalizedSpki(k.spki)),
      { name: 'ECDSA', namedCurve: curve },
      false,
      ['verify'],
    );
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash },
      key,
      toArrayBuffer(raw),
      toArrayBuffer(challenge),
    );
    return ok({ valid, curve, signatureFormat: fromDer ? 'der' : 'raw' });
  } catch (e) {
    return err({ code: 'malformed', message: `the key could not be used (${e instanceof Error ? e.name : 'error'})` });
  }
}
