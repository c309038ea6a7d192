// Layer: PKI codecs. Pulls every certificate out of "material" (PEM with one or many blocks, DER, base64, PKCS#7
// bundle, s_client output) for the chain validator, the lab CA import and the key checks.
import type { DerNode } from './der-read.ts';
import { holdsOneObject, readDerObjects } from './der-objects.ts';
import { DerSchemaError } from './der-values.ts';
import { classifyDer, type DerShape } from './classify.ts';
import { INPUT_LIMIT_BYTES, pieceBytes, splitInput } from './input-forms.ts';
import { certificateOf, type Certificate } from './x509-cert.ts';
import { pkcs7Certificates } from './pkcs7.ts';

export interface MaterialElement {
  readonly shape: DerShape;
  readonly bytes: Uint8Array;
  readonly node: DerNode;
}

export interface MaterialRead {
  readonly elements: MaterialElement[];
  /** Why parts of the material were left out. */
  readonly errors: string[];
  /** The subset of `errors` that are bytes after an object: callers that judge the material treat these as fatal. */
  readonly trailing: string[];
}

/** Every top-level DER element in the material (PKCS#7 bundles opened up), or the reasons nothing was found. */
export function materialElements(material: string | Uint8Array): MaterialRead {
  const size = typeof material === 'string' ? material.length : material.byteLength;
  if (size > INPUT_LIMIT_BYTES) return { elements: [], errors: ['larger than the 16 MB limit'], trailing: [] };
  const elements: MaterialElement[] = [];
  const errors: string[] = [];
  const trailing: string[] = [];
  for (const piece of splitInput(material).pieces) {
    if (piece.form === 'broken') {
      errors.push(piece.reason);
      continue;
    }
    const bytes = pieceBytes(piece);
    if (!bytes) continue;
    // A PEM block holds one structure; a DER or base64 file may hold several, with nothing after them.
    const r = readDerObjects(bytes, { single: holdsOneObject(piece.form) });
    if (!r.ok) {
      errors.push(r.message);
      if (r.trailing) trailing.push(r.message);
      continue;
    }
    for (const node of r.nodes) {
      const shape = classifyDer(bytes, node);
      if (shape !== 'pkcs7-signed-data') {
        elements.push({ shape, bytes, node });
        continue;
      }
      try {
        for (const c of pkcs7Certificates({ bytes, node }).certificates)
          elements.push({ shape: classifyDer(bytes, c), bytes, node: c });
      } catch (e) {
        if (!(e instanceof DerSchemaError)) throw e;
        errors.push(`malformed PKCS#7: ${e.message}`);
      }
    }
  }
  return { elements, errors, trailing };
}

/** All certificates in the material, in order; anything else is reported as an error string. */
export function certificatesIn(material: string | Uint8Array): {
  certs: Certificate[];
  errors: string[];
  trailing: string[];
} {
  const { elements, errors, trailing } = materialElements(material);
  const certs: Certificate[] = [];
  for (const el of elements) {
    if (el.shape !== 'certificate') {
      errors.push(`a ${el.shape} where a certificate was expected`);
      continue;
    }
    try {
      certs.push(certificateOf({ bytes: el.bytes, node: el.node }));
    } catch (e) {
      if (!(e instanceof DerSchemaError)) throw e;
      errors.push(`malformed certificate: ${e.message}`);
    }
  }
  if (certs.length === 0 && errors.length === 0) errors.push('no certificate found');
  return { certs, errors, trailing };
}
