// Layer: secure-element adapter, its own curve-aware view of the chip's key slots. The core's facet is
// `signer.generateKey(slot)` (device.ts, the signer-only key generation every flow uses: it makes a key on the
// device's key curve, P-256 unless told otherwise); `SlotKeys` is what this adapter adds for tests, tools and the
// health check: any curve the chip supports (Brainpool included) and the slot's key as a `SlotKey`. A slot's curve
// is what the board reported for that slot and its public point confirmed (length, on the curve), never assumed.
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
export interface SlotKeys {
  /** Slots a user key may be generated in (slot 0 is the factory's). */
  readonly userSlots: readonly number[];
  /** Curves the board says its chip supports. */
  readonly curves: readonly SeCurve[];
  /** Replaces any key in `slot`. */
  generate(slot: number, curve: SeCurve, opts?: CallOptions): DeviceResult<SlotKey>;
  /** The slot's key, or null when the slot is empty. */
  read(slot: number, opts?: CallOptions): DeviceResult<SlotKey | null>;
}
