// Layer: PKI codecs. The public key inside any key material (certificate, CSR, SPKI, raw SEC1 point, %KEYGEN
// answer) and its normalised SPKI, so the same key compares equal whatever form carried it.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bitString, nullValue, oid, sequence } from './der.ts';
import { readDer } from './der-read.ts';
import { holdsOneObject, readDerObjects } from './der-objects.ts';
import { DerSchemaError } from './der-values.ts';
import { classifyDer } from './classify.ts';
import { INPUT_LIMIT_BYTES, pieceBytes, splitInput } from './input-forms.ts';
import { certificateOf } from './x509-cert.ts';
import { csrOf } from './x509-csr.ts';
import { spkiFromPoint, spkiOf, type Spki } from './spki.ts';
import { CURVE_NAMES } from './algorithms.ts';
import { OID } from './oids.ts';

export type KeySource = 'certificate' | 'csr' | 'publicKey';
export type KeyRead = { ok: true; kind: KeySource; spki: Spki } | { ok: false; reason: string };

function spkiAt(bytes: Uint8Array, single: boolean): KeyRead {
  const r = readDerObjects(bytes, { single });
  const point = spkiFromPoint(bytes);
  if (point && bytes[0] !== 0x30) {
    const pr = readDer(point);
    return pr.ok
      ? { ok: true, kind: 'publicKey', spki: spkiOf({ bytes: point, node: pr.nodes[0]! }) }
      : { ok: false, reason: 'bad point' };
  }
  if (!r.ok) return { ok: false, reason: r.message };
  const d = { bytes, node: r.nodes[0]! };
  const shape = classifyDer(bytes, d.node);
  if (shape === 'certificate') return { ok: true, kind: 'certificate', spki: certificateOf(d).spki };
  if (shape === 'csr') return { ok: true, kind: 'csr', spki: csrOf(d).spki };
  if (shape === 'spki') return { ok: true, kind: 'publicKey', spki: spkiOf(d) };
  return { ok: false, reason: `a ${shape}, not a certificate, CSR or public key` };
}

/** The key of the first certificate, CSR or public key in the material. */
export function keyOf(material: string | Uint8Array): KeyRead {
  try {
    const size = typeof material === 'string' ? material.length : material.byteLength;
    if (size > INPUT_LIMIT_BYTES) return { ok: false, reason: 'larger than the 16 MB limit' };
    const piece = splitInput(material).pieces[0];
    if (!piece) return { ok: false, reason: 'no key material found' };
    if (piece.form === 'broken') return { ok: false, reason: piece.reason };
    const bytes = pieceBytes(piece);
    if (!bytes) return { ok: false, reason: 'a credential listing carries no key' };
    return spkiAt(bytes, 'bytes' in piece ? holdsOneObject(piece.form) : true);
  } catch (e) {
    if (e instanceof DerSchemaError) return { ok: false, reason: e.message };
    return { ok: false, reason: 'unreadable key material' };
  }
}

const NOBLE: Record<string, typeof p256> = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };

/** Canonical SPKI: EC points uncompressed, RSA with the NULL parameter; other keys as encoded. */
export function normalizedSpki(spki: Spki): Uint8Array {
  if (spki.algorithm === 'EC' && spki.curveOid) {
    const curve = NOBLE[CURVE_NAMES[spki.curveOid]?.name ?? ''];
    const point =
      curve && spki.keyBytes[0] !== 0x04 ? curve.Point.fromBytes(spki.keyBytes).toBytes(false) : spki.keyBytes;
    return sequence(sequence(oid(OID.ecPublicKey), oid(spki.curveOid)), bitString(point));
  }
  if (spki.algorithm === 'RSA' && spki.algorithmOid === OID.rsaEncryption) {
    return sequence(sequence(oid(OID.rsaEncryption), nullValue()), bitString(spki.keyBytes));
  }
  return spki.der;
}
