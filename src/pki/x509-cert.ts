// Layer: PKI codecs. Reads an X.509 certificate (RFC 5280 §4.1) from strictly-checked DER into the fields the
// inspector and the chain validator need, with the exact bytes they hash and verify. Total: returns a reason string
// instead of throwing.
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, toHex } from '../lib/bytes.ts';
import { readOneDerObject } from './der-objects.ts';
import {
  bitStringOf,
  child,
  childrenOf,
  DerSchemaError,
  expectTag,
  integerHex,
  smallIntegerOf,
  TAG,
  timeOf,
  whole,
  type Der,
} from './der-values.ts';
import { signatureAlgorithmOf, type SignatureAlgorithm } from './algorithms.ts';
import { spkiOf, type Spki } from './spki.ts';
import { nameOf, sameName, type Name } from './x509-name.ts';
import { extensionsOf, type RawExtension } from './x509-extensions.ts';
import type { ExtensionsInfo } from './inspect-types.ts';

export interface Certificate {
  readonly der: Uint8Array;
  /** TBSCertificate DER: what the issuer signed. */
  readonly tbs: Uint8Array;
  readonly version: number;
  readonly serialHex: string;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** The outer AlgorithmIdentifier differs from the one inside the TBS (RFC 5280 §4.1.1.2 says they must match). */
  readonly algorithmMismatch: boolean;
  readonly issuer: Name;
  readonly subject: Name;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Spki;
  readonly extensions: ExtensionsInfo;
  readonly rawExtensions: readonly RawExtension[];
  /** Signature BIT STRING contents. */
  readonly signature: Uint8Array;
  readonly sha256: string;
  readonly sha1: string;
  readonly selfIssued: boolean;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Reads a Certificate from a node of an already-read DER tree. */
export function certificateOf(d: Der): Certificate {
  expectTag(d, TAG.sequence, 'Certificate');
  if (d.node.children.length !== 3)
    throw new DerSchemaError(`Certificate: expected 3 elements, got ${d.node.children.length}`);
  const tbsNode = expectTag(child(d, 0, 'Certificate'), TAG.sequence, 'TBSCertificate');
  const outerAlg = signatureAlgorithmOf(child(d, 1, 'Certificate'));
  const { bits: signature } = bitStringOf(child(d, 2, 'Certificate'), 'signatureValue');
  const parts = childrenOf(tbsNode);
  let i = 0;
  let version = 1;
  if (parts[0]?.node.tag === 0xa0) {
    version = smallIntegerOf(child(parts[0], 0, 'version'), 'version') + 1;
    i = 1;
  }
  const at = (k: number, what: string) =>
    parts[i + k] ??
    (() => {
      throw new DerSchemaError(`TBSCertificate: missing ${what}`);
    })();
  const serialHex = integerHex(at(0, 'serialNumber'), 'serialNumber');
  const innerAlg = signatureAlgorithmOf(at(1, 'signature'));
  const issuer = nameOf(at(2, 'issuer'));
  const validity = expectTag(at(3, 'validity'), TAG.sequence, 'Validity');
  const notBefore = timeOf(child(validity, 0, 'Validity'), 'notBefore');
  const notAfter = timeOf(child(validity, 1, 'Validity'), 'notAfter');
  const subject = nameOf(at(4, 'subject'));
  const spki = spkiOf(at(5, 'subjectPublicKeyInfo'));
  const extNode = parts.slice(i + 6).find((p) => p.node.tag === 0xa3);
  const { info, raw } = extensionsOf(extNode ? child(extNode, 0, 'extensions') : null);
  const der = whole(d);
  return {
    der,
    tbs: whole(tbsNode),
    version,
    serialHex,
    signatureAlgorithm: outerAlg,
    algorithmMismatch: !equalBytes(outerAlg.der, innerAlg.der),
    issuer,
    subject,
    notBefore,
    notAfter,
    spki,
    extensions: info,
    rawExtensions: raw,
    signature,
    sha256: toHex(sha256(der), true),
    sha1: toHex(sha1(der), true),
    selfIssued: sameName(issuer, subject),
  };
}

/** Reads one DER certificate that must span `bytes` exactly. */
export function readCertificate(bytes: Uint8Array): ReadResult<Certificate> {
  const r = readOneDerObject(bytes);
  if (!r.ok) return { ok: false, reason: r.message };
  try {
    return { ok: true, value: certificateOf({ bytes, node: r.node }) };
  } catch (e) {
    if (e instanceof DerSchemaError) return { ok: false, reason: e.message };
    return { ok: false, reason: `unreadable certificate (${e instanceof Error ? e.name : 'error'})` };
  }
}
