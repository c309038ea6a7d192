// Layer: PKI codecs. Reads a PKCS#10 CertificationRequest (RFC 2986) from strictly-checked DER: subject, key, the
// requested extensions, the signature algorithm as encoded (nRF91 modems add an explicit NULL), and the exact body
// bytes the signature covers.
import { OID } from './oids.ts';
import {
  bitStringOf,
  child,
  childrenOf,
  DerSchemaError,
  expectTag,
  oidOf,
  smallIntegerOf,
  TAG,
  whole,
  type Der,
} from './der-values.ts';
import { signatureAlgorithmOf, type SignatureAlgorithm } from './algorithms.ts';
import { spkiOf, type Spki } from './spki.ts';
import { nameOf, type Name } from './x509-name.ts';
import { extensionsOf } from './x509-extensions.ts';
import type { ExtensionsInfo } from './inspect-types.ts';

export interface CertificationRequest {
  readonly der: Uint8Array;
  /** CertificationRequestInfo DER: what the key holder signed. */
  readonly body: Uint8Array;
  readonly version: number;
  readonly subject: Name;
  readonly spki: Spki;
  readonly extensions: ExtensionsInfo;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly signature: Uint8Array;
}

export function csrOf(d: Der): CertificationRequest {
  expectTag(d, TAG.sequence, 'CertificationRequest');
  if (d.node.children.length !== 3) throw new DerSchemaError(`CertificationRequest: expected 3 elements`);
  const body = expectTag(child(d, 0, 'CertificationRequest'), TAG.sequence, 'CertificationRequestInfo');
  const signatureAlgorithm = signatureAlgorithmOf(child(d, 1, 'CertificationRequest'));
  const { bits: signature } = bitStringOf(child(d, 2, 'CertificationRequest'), 'signature');
  const version = smallIntegerOf(child(body, 0, 'CertificationRequestInfo'), 'version');
  const subject = nameOf(child(body, 1, 'CertificationRequestInfo'));
  const spki = spkiOf(child(body, 2, 'CertificationRequestInfo'));
  const attrs = expectTag(child(body, 3, 'CertificationRequestInfo'), 0xa0, 'attributes');
  let extSeq: Der | null = null;
  for (const attr of childrenOf(attrs)) {
    expectTag(attr, TAG.sequence, 'Attribute');
    if (oidOf(child(attr, 0, 'Attribute'), 'attribute type') === OID.extensionRequest) {
      extSeq = child(
        expectTag(child(attr, 1, 'extensionRequest'), TAG.set, 'extensionRequest values'),
        0,
        'extensionRequest',
      );
    }
  }
  return {
    der: whole(d),
    body: whole(body),
    version,
    subject,
    spki,
    extensions: extensionsOf(extSeq).info,
    signatureAlgorithm,
    signature,
  };
}
