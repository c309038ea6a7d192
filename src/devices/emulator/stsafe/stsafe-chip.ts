// Layer: emulated STSAFE-A110, the chip itself. Two private key slots (0: the factory's P-256 key; 1: the user's,
// generated inside the chip), data zones of fixed sizes (zone 0 holds the factory certificate and is read-only),
// real ECDSA. There is no way to import or export a private key: no method takes or returns one. Refusals carry
// the protocol's error code and the status code a real chip would answer (StSafeA_ResponseCode_t).
import { fromHex, toHex } from '../../../lib/bytes.ts';
import { SE_CURVE_BYTES, type SeCurve, type SeErrorCode } from '../../protocols/se-constants.ts';
import type { Random } from '../rng.ts';
import { publicPoint, scalarFromSeed, signDigest } from './stsafe-curves.ts';
import type { StsafeFactory } from './stsafe-factory.ts';
import { STSAFE_NVM_FORMAT, type StsafeNvmImage } from './stsafe-nvm.ts';

export type ChipResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: SeErrorCode; readonly status: number; readonly text: string };

const done = <T>(value: T): ChipResult<T> => ({ ok: true, value });
const refuse = (code: SeErrorCode, status: number, text: string): ChipResult<never> => ({
  ok: false,
  code,
  status,
  text,
});

/** What a zone reads as where nothing was written. */
export const ERASED = 0xff;

interface SlotKey {
  readonly curve: SeCurve;
  readonly scalar: Uint8Array;
}

export class StsafeChip {
  /** Called after every change to the non-volatile memory (key generated, zone written or erased). */
  onNvmChange: () => void = () => {};
  readonly #slots: (SlotKey | null)[];
  readonly #zones: Uint8Array[];

  /** `image`: what an earlier session stored; slot 0 and zone 0 always come from `factory`. */
  constructor(
    readonly factory: StsafeFactory,
    private readonly random: Random,
    image?: StsafeNvmImage | null,
  ) {
    this.#slots = [{ curve: 'P-256', scalar: fromHex(factory.slot0ScalarHex)! }, null];
    this.#zones = factory.zones.map((z) => new Uint8Array(z.size).fill(ERASED));
    this.#zones[0]!.set(factory.zone0);
    image?.userSlots.forEach((key, i) => {
      if (i + 1 < this.#slots.length) this.#slots[i + 1] = key && { curve: key.curve, scalar: fromHex(key.scalarHex)! };
    });
    for (const zone of image?.zones ?? []) {
      const bytes = fromHex(zone.hex);
      const layout = factory.zones[zone.index];
      if (bytes && layout?.access === 'rw' && bytes.length === layout.size) this.#zones[zone.index]!.set(bytes);
    }
  }

  /** The user-changeable memory as JSON (slot 0 and zone 0 are the factory's and are not in it). */
  nvmImage(): StsafeNvmImage {
    return {
      format: STSAFE_NVM_FORMAT,
      version: 1,
      userSlots: this.#slots.slice(1).map((k) => k && { curve: k.curve, scalarHex: toHex(k.scalar) }),
      zones: this.factory.zones
        .filter((z) => z.access === 'rw')
        .map((z) => ({ index: z.index, hex: toHex(this.#zones[z.index]!) })),
    };
  }

  get slotCount(): number {
    return this.#slots.length;
  }

  generate(slot: number, curve: SeCurve): ChipResult<Uint8Array> {
    if (slot === 0) return refuse('LOCKED', 0x11, 'slot 0 holds the factory key');
    if (slot < 0 || slot >= this.#slots.length) return refuse('SLOT', 0x03, `no slot ${slot}`);
    const seed = Uint8Array.from({ length: SE_CURVE_BYTES[curve] * 1.5 }, () => Math.floor(this.random() * 256));
    const scalar = scalarFromSeed(curve, seed);
    this.#slots[slot] = { curve, scalar };
    this.onNvmChange();
    return done(publicPoint(curve, scalar));
  }

  publicKey(slot: number): ChipResult<{ curve: SeCurve; point: Uint8Array }> {
    const key = this.#key(slot);
    return key.ok ? done({ curve: key.value.curve, point: publicPoint(key.value.curve, key.value.scalar) }) : key;
  }

  sign(slot: number, digest: Uint8Array): ChipResult<Uint8Array> {
    const key = this.#key(slot);
    if (!key.ok) return key;
    const size = SE_CURVE_BYTES[key.value.curve];
    if (digest.length !== size)
      return refuse(
        'ARG',
        0x03,
        `slot ${slot} is ${key.value.curve}: digest must be ${size} bytes, got ${digest.length}`,
      );
    return done(signDigest(key.value.curve, key.value.scalar, digest));
  }

  zones(): readonly { index: number; size: number; access: 'ro' | 'rw' }[] {
    return this.factory.zones;
  }

  read(zone: number, offset: number, length: number): ChipResult<Uint8Array> {
    const bytes = this.#zone(zone, offset, length);
    if (!bytes.ok) return bytes;
    if (length > this.factory.maxRead)
      return refuse('ARG', 0x06, `one read returns at most ${this.factory.maxRead} bytes`);
    return done(bytes.value.slice(offset, offset + length));
  }

  write(zone: number, offset: number, data: Uint8Array): ChipResult<number> {
    const bytes = this.#zone(zone, offset, data.length);
    if (!bytes.ok) return bytes;
    if (this.factory.zones[zone]!.access === 'ro') return refuse('LOCKED', 0x11, `zone ${zone} is read-only`);
    bytes.value.set(data, offset);
    this.onNvmChange();
    return done(data.length);
  }

  erase(zone: number): ChipResult<number> {
    const bytes = this.#zone(zone, 0, 0);
    if (!bytes.ok) return bytes;
    if (this.factory.zones[zone]!.access === 'ro') return refuse('LOCKED', 0x11, `zone ${zone} is read-only`);
    bytes.value.fill(ERASED);
    this.onNvmChange();
    return done(bytes.value.length);
  }

  #key(slot: number): ChipResult<SlotKey> {
    if (slot < 0 || slot >= this.#slots.length) return refuse('SLOT', 0x03, `no slot ${slot}`);
    const key = this.#slots[slot];
    return key ? done(key) : refuse('EMPTY', 0x0a, `slot ${slot} holds no key`);
  }

  #zone(zone: number, offset: number, length: number): ChipResult<Uint8Array> {
    const bytes = this.#zones[zone];
    if (!bytes) return refuse('ZONE', 0x10, `no zone ${zone}`);
    if (offset + length > bytes.length) return refuse('BOUNDS', 0x14, `zone ${zone} has ${bytes.length} bytes`);
    return done(bytes);
  }
}
