// Layer: secure-element adapter. A PUBKEY / KEYGEN answer (`slot=… curve=… pub=…`) -> SlotKey: the curve the board
// names must be one the protocol knows and the point must be an uncompressed point on that curve, else 'protocol'.
import { brainpoolP256r1, brainpoolP384r1 } from '@noble/curves/misc.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { fromHex } from '../../../lib/bytes.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import { bitString, oid, sequence } from '../../../pki/der.ts';
import { OID, OID_MORE } from '../../../pki/oids.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import { SE_CURVE_BYTES, SE_CURVES, type SeCurve } from '../../protocols/se-constants.ts';
import type { SeFields } from '../../protocols/se-lines.ts';
import type { SlotKey } from './facets.ts';

const CURVE_OID: Readonly<Record<SeCurve, string>> = {
  'P-256': OID.p256,
  'P-384': OID.p384,
  'BP-256': OID_MORE.brainpoolP256r1,
  'BP-384': OID_MORE.brainpoolP384r1,
};

const POINTS = { 'P-256': p256, 'P-384': p384, 'BP-256': brainpoolP256r1, 'BP-384': brainpoolP384r1 } as const;

export const isSeCurve = (name: string | undefined): name is SeCurve => SE_CURVES.includes(name as SeCurve);

export function slotKeyFrom(fields: SeFields, slot: number): Result<SlotKey, DeviceError> {
  const bad = (why: string) => err(deviceError('protocol', `The board's key for slot ${slot} is unusable: ${why}.`));
  if (fields.slot !== String(slot)) return bad(`it answered for slot ${fields.slot ?? '(none)'}`);
  const curve = fields.curve;
  if (!isSeCurve(curve)) return bad(`unknown curve "${curve ?? ''}"`);
  const point = fromHex(fields.pub ?? '');
  const size = SE_CURVE_BYTES[curve];
  if (!point || point.length !== 1 + 2 * size || point[0] !== 0x04)
    return bad(`expected an uncompressed ${curve} point of ${1 + 2 * size} bytes`);
  try {
    POINTS[curve].Point.fromBytes(point).assertValidity();
  } catch {
    return bad(`the point is not on ${curve}`);
  }
  return ok({
    slot,
    curve,
    point,
    spki: sequence(sequence(oid(OID.ecPublicKey), oid(CURVE_OID[curve])), bitString(point)),
    hash: size === 32 ? 'SHA-256' : 'SHA-384',
    browserVerifiable: curve === 'P-256' || curve === 'P-384',
  });
}
