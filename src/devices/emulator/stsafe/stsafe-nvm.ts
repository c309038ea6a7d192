// Layer: emulated STSAFE-A110, its non-volatile memory as JSON, so the lab (localStorage) and the serial-line tool (a
// file) can keep a board's user key and zones across reloads. Only what the user can change is in the image: slot 1
// and the read-write zones. Slot 0 and zone 0 always come from the factory data, so no stored image can replace the
// factory identity.
import { fromHex } from '../../../lib/bytes.ts';
import { SE_CURVE_BYTES, SE_CURVES, type SeCurve } from '../../protocols/se-constants.ts';

export const STSAFE_NVM_FORMAT = 'keywire-stsafe-nvm';

export interface StsafeNvmImage {
  readonly format: typeof STSAFE_NVM_FORMAT;
  readonly version: 1;
  /** User key slots 1.., in order; null for an empty slot. The scalar is the emulated chip's own secret. */
  readonly userSlots: readonly ({ readonly curve: SeCurve; readonly scalarHex: string } | null)[];
  /** Read-write zones, each as hex of its full size. */
  readonly zones: readonly { readonly index: number; readonly hex: string }[];
}

/** Validates untrusted JSON into an image; null when it is not one (the board then starts from the factory). */
export function parseStsafeNvm(json: unknown): StsafeNvmImage | null {
  if (typeof json !== 'object' || json === null) return null;
  const image = json as Partial<StsafeNvmImage>;
  if (image.format !== STSAFE_NVM_FORMAT || image.version !== 1) return null;
  if (!Array.isArray(image.userSlots) || !Array.isArray(image.zones)) return null;
  const slotsOk = image.userSlots.every(
    (s: unknown) =>
      s === null ||
      (typeof s === 'object' &&
        SE_CURVES.includes((s as { curve: SeCurve }).curve) &&
        fromHex(String((s as { scalarHex: unknown }).scalarHex))?.length ===
          SE_CURVE_BYTES[(s as { curve: SeCurve }).curve]),
  );
  const zonesOk = image.zones.every(
    (z: unknown) =>
      typeof z === 'object' &&
      z !== null &&
      Number.isInteger((z as { index: unknown }).index) &&
      fromHex(String((z as { hex: unknown }).hex)) !== null,
  );
  return slotsOk && zonesOk ? (image as StsafeNvmImage) : null;
}
