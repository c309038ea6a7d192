// Layer: emulated STSAFE-A110, its ECDSA. The chip's curves with real arithmetic from @noble/curves: NIST P-256 /
// P-384 and Brainpool P-256r1 / P-384r1 (RFC 5639). Signing takes the digest as given (the host hashed), RFC 6979
// deterministic nonces, so a replayed exchange gives the same bytes.
import { brainpoolP256r1, brainpoolP384r1 } from '@noble/curves/misc.js';
import { p256, p384 } from '@noble/curves/nist.js';
import type { SeCurve } from '../../protocols/se-constants.ts';

type Ecdsa = typeof p256;

export const CHIP_CURVES: Readonly<Record<SeCurve, Ecdsa>> = {
  'P-256': p256,
  'P-384': p384,
  'BP-256': brainpoolP256r1,
  'BP-384': brainpoolP384r1,
};

/** A private scalar from `seed` bytes (1.5 × field size, reduced mod n): deterministic keys for the lab. */
export const scalarFromSeed = (curve: SeCurve, seed: Uint8Array): Uint8Array =>
  CHIP_CURVES[curve].utils.randomSecretKey(seed);

/** Uncompressed point 04||X||Y of the scalar's public key. */
export const publicPoint = (curve: SeCurve, scalar: Uint8Array): Uint8Array =>
  CHIP_CURVES[curve].getPublicKey(scalar, false);

/** r||s over `digest` exactly as given. */
export const signDigest = (curve: SeCurve, scalar: Uint8Array, digest: Uint8Array): Uint8Array =>
  CHIP_CURVES[curve].sign(digest, scalar, { prehash: false, lowS: false });
