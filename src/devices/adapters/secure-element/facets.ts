// Layer: secure-element adapter, the facet types it adds beyond device.ts (to be reconciled with the core's
// signer-only key generation facet). A slot's curve is what the board reported for that slot and its public point
// confirmed (length, on the curve), never assumed.
import type { CallOptions, DeviceResult } from '../../device.ts';
import type { SeCurve } from '../../protocols/se-constants.ts';

export interface SlotKey {
  readonly slot: number;
  readonly curve: SeCurve;
  /** Uncompressed point 04||X||Y, as the chip gave it. */
  readonly point: Uint8Array;
  /** SubjectPublicKeyInfo DER (id-ecPublicKey with the curve's named-curve OID). */
  readonly spki: Uint8Array;
  /** The digest SIGN takes for this slot: SHA-256 for 256-bit curves, SHA-384 for 384-bit curves. */
  readonly hash: 'SHA-256' | 'SHA-384';
  /** False on Brainpool curves: the chip signs, but browsers (WebCrypto) cannot verify those signatures. */
  readonly browserVerifiable: boolean;
}

/** Key generation inside the chip: the private key never leaves it; only the public key comes back. */
export interface SlotKeyGenerator {
  /** Slots a user key may be generated in (slot 0 is the factory's). */
  readonly userSlots: readonly number[];
  /** Curves the board says its chip supports. */
  readonly curves: readonly SeCurve[];
  /** Replaces any key in `slot`. */
  generate(slot: number, curve: SeCurve, opts?: CallOptions): DeviceResult<SlotKey>;
  /** The slot's key, or null when the slot is empty. */
  read(slot: number, opts?: CallOptions): DeviceResult<SlotKey | null>;
}
