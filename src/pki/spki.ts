// Layer: PKI codecs. SubjectPublicKeyInfo: read algorithm, curve and size; wrap a raw SEC1 point into an SPKI;
// the SHA-256 of the SPKI DER is the key's identity everywhere in KeyWire (CSR, certificate, device, audit).
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../lib/bytes.ts';
import { bitString, oid, sequence } from './der.ts';
import { bitStringOf, child, content, expectTag, oidOf, parseOne, TAG, whole, type Der } from './der-values.ts';
import { CURVE_NAMES } from './algorithms.ts';
import { OID, OID_MORE } from './oids.ts';
import { toPem } from './pem.ts';
import type { KeyInfo } from './inspect-types.ts';

export interface Spki {
  readonly der: Uint8Array;
  readonly algorithmOid: string;
  readonly algorithm: KeyInfo['algorithm'];
  readonly curveOid: string | null;
  /** EC point or Ed25519 key bytes, or the RSAPublicKey DER. */
  readonly keyBytes: Uint8Array;
  readonly bits: number | null;
}

function rsaModulusBits(keyBytes: Uint8Array): number {
  const rsa = parseOne(keyBytes, 'RSAPublicKey');
  expectTag(rsa, TAG.sequence, 'RSAPublicKey');
  const n = content(expectTag(child(rsa, 0, 'RSAPublicKey'), TAG.integer, 'modulus'));
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i]!));
}

/** Reads an SPKI node; throws DerSchemaError (callers catch) when it is not one. */
export function spkiOf(d: Der): Spki {
  expectTag(d, TAG.sequence, 'SubjectPublicKeyInfo');
  const alg = expectTag(child(d, 0, 'SubjectPublicKeyInfo'), TAG.sequence, 'algorithm');
  const algorithmOid = oidOf(child(alg, 0, 'algorithm'), 'algorithm');
  const { bits: keyBytes } = bitStringOf(child(d, 1, 'SubjectPublicKeyInfo'), 'subjectPublicKey');
  if (algorithmOid === OID.ecPublicKey) {
    const param = child(alg, 1, 'EC parameters');
    const curveOid = param.node.tag === TAG.oid ? oidOf(param, 'namedCurve') : 'explicit-parameters';
    return {
      der: whole(d),
      algorithmOid,
      algorithm: 'EC',
      curveOid,
      keyBytes,
      bits: CURVE_NAMES[curveOid]?.bits ?? null,
    };
  }
  if (algorithmOid === OID.rsaEncryption || algorithmOid === OID_MORE.rsassaPss) {
    return { der: whole(d), algorithmOid, algorithm: 'RSA', curveOid: null, keyBytes, bits: rsaModulusBits(keyBytes) };
  }
  const algorithm =
    algorithmOid === OID_MORE.ed25519 ? 'Ed25519' : algorithmOid === OID_MORE.ed448 ? 'Ed448' : 'unknown';
  const bits = algorithm === 'Ed25519' ? 256 : algorithm === 'Ed448' ? 456 : null;
  return { der: whole(d), algorithmOid, algorithm, curveOid: null, keyBytes, bits };
}

export function keyInfoOf(spki: Spki): KeyInfo {
  const warnings: string[] = [];
  const curve = spki.curveOid ? (CURVE_NAMES[spki.curveOid]?.name ?? spki.curveOid) : null;
  if (spki.algorithm === 'RSA' && (spki.bits ?? 0) < 2048)
    warnings.push(`RSA key of ${spki.bits} bits (weak: below 2048)`);
  if (spki.algorithm === 'EC' && !CURVE_NAMES[spki.curveOid ?? '']?.standard) {
    warnings.push(`EC curve ${curve} is outside P-256/P-384/P-521: most IoT TLS stacks and brokers refuse it`);
  }
  if (spki.algorithm === 'EC' && spki.keyBytes[0] !== 0x04) warnings.push('compressed EC point');
  if (spki.algorithm === 'unknown') warnings.push(`unknown key algorithm ${spki.algorithmOid}`);
  return {
    algorithm: spki.algorithm,
    algorithmOid: spki.algorithmOid,
    curve,
    bits: spki.bits,
    spkiSha256: toHex(sha256(spki.der), true),
    spkiPem: toPem('PUBLIC KEY', spki.der),
    warnings,
  };
}

const POINT_CURVES: Record<number, string> = {
  65: OID.p256,
  97: OID.p384,
  133: OID.p521,
  33: OID.p256,
  49: OID.p384,
  67: OID.p521,
};

/** Wraps an uncompressed (04||X||Y) or compressed (02/03||X) P-256/384/521 point into an SPKI; null otherwise. */
export function spkiFromPoint(point: Uint8Array): Uint8Array | null {
  const curve = POINT_CURVES[point.length];
  const uncompressed = point.length === 65 || point.length === 97 || point.length === 133;
  const prefixOk = uncompressed ? point[0] === 0x04 : point[0] === 0x02 || point[0] === 0x03;
  if (!curve || !prefixOk) return null;
  return sequence(sequence(oid(OID.ecPublicKey), oid(curve)), bitString(point));
}
