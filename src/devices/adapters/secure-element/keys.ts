// Layer: secure-element adapter, keys: the DigestSigner facet (publicKey -> SPKI, generateKey -> KEYGEN on the
// device's key curve -> SPKI, sign -> DER ECDSA) and the adapter's own SlotKeys (KEYGEN on any chip curve). Each slot's curve is read from the board (PUBKEY / KEYGEN answer)
// and remembered for this session; a digest of the wrong length for that curve is refused before anything is sent.
import { fromHex, toHex } from '../../../lib/bytes.ts';
import { err, ok } from '../../../lib/result.ts';
import { rawToDerSignature } from '../../../pki/ecdsa-signature.ts';
import type { CallOptions, DeviceResult, DigestSigner } from '../../device.ts';
import { deviceError } from '../../errors.ts';
import type { SeClient } from '../../protocols/se-client.ts';
import { SE_CURVE_BYTES, type SeCurve } from '../../protocols/se-constants.ts';
import type { SlotKey, SlotKeys } from './facets.ts';
import { slotKeyFrom } from './slot-key.ts';

export class SeKeys {
  readonly #client: SeClient;
  readonly #known = new Map<number, SlotKey>();
  readonly signer: DigestSigner;
  readonly slotKeys: SlotKeys;
  /** The curve `signer.generateKey` makes keys on: P-256 unless the chip lacks it or a caller chooses P-384. */
  keyCurve: 'P-256' | 'P-384';

  constructor(client: SeClient, slots: number, curves: readonly SeCurve[]) {
    this.#client = client;
    const verifiable = curves.filter((c): c is 'P-256' | 'P-384' => c === 'P-256' || c === 'P-384');
    this.keyCurve = verifiable[0] ?? 'P-256';
    this.signer = {
      curves: verifiable,
      publicKey: async (slot, opts) => {
        const key = await this.slotKey(slot, opts);
        if (!key.ok) return key;
        return key.value ? ok(key.value.spki) : err(deviceError('device-rejected', `Slot ${slot} holds no key.`));
      },
      generateKey: async (slot, opts) => {
        const key = await this.#generate(slot, this.keyCurve, opts);
        return key.ok ? ok(key.value.spki) : key;
      },
      sign: (slot, digest, opts) => this.#sign(slot, digest, opts),
    };
    this.slotKeys = {
      userSlots: Array.from({ length: Math.max(0, slots - 1) }, (_, i) => i + 1),
      curves,
      generate: (slot, curve, opts) => this.#generate(slot, curve, opts),
      read: (slot, opts) => this.slotKey(slot, opts),
    };
  }

  /** The slot's key as the board reports it now (and remembered), or null when the slot is empty. */
  async slotKey(slot: number, opts: CallOptions = {}): DeviceResult<SlotKey | null> {
    const r = await this.#client.request('PUBKEY', [String(slot)], opts);
    if (!r.ok) return r.error.se?.code === 'EMPTY' ? ok(null) : r;
    const key = slotKeyFrom(r.value.fields, slot);
    if (key.ok) this.#known.set(slot, key.value);
    return key;
  }

  async #generate(slot: number, curve: SeCurve, opts: CallOptions = {}): DeviceResult<SlotKey> {
    if (slot === 0) return err(deviceError('invalid-input', 'Slot 0 holds the factory key; generate in slot 1.'));
    this.#known.delete(slot);
    const r = await this.#client.request('KEYGEN', [String(slot), curve], { ...opts, abortOnWire: 'finish' });
    if (!r.ok) return r;
    const key = slotKeyFrom(r.value.fields, slot);
    if (!key.ok) return key;
    if (key.value.curve !== curve)
      return err(
        deviceError('protocol', `Asked for a ${curve} key in slot ${slot}; the board reports ${key.value.curve}.`),
      );
    this.#known.set(slot, key.value);
    return key;
  }

  async #sign(slot: number, digest: Uint8Array, opts: CallOptions = {}): DeviceResult<Uint8Array> {
    let key = this.#known.get(slot);
    if (!key) {
      const read = await this.slotKey(slot, opts);
      if (!read.ok) return read;
      if (!read.value) return err(deviceError('device-rejected', `Slot ${slot} holds no key to sign with.`));
      key = read.value;
    }
    const size = SE_CURVE_BYTES[key.curve];
    if (digest.length !== size)
      return err(
        deviceError(
          'invalid-input',
          `Slot ${slot} is ${key.curve}: expected a ${size}-byte digest (${key.hash}), got ${digest.length}.`,
        ),
      );
    const r = await this.#client.request('SIGN', [String(slot), toHex(digest, true)], opts);
    if (!r.ok) return r;
    const raw = fromHex(r.value.fields.sig ?? '');
    if (!raw || raw.length !== 2 * size)
      return err(deviceError('protocol', `The signature from slot ${slot} is not ${2 * size} bytes of r||s.`));
    return ok(rawToDerSignature(raw));
  }
}
