// Layer: PKI codecs (the worker's `buildCsr` / `assembleCsr`). A CSR around a key held by a secure element that can
// only sign: we make the body and its digest, the board signs, we assemble and prove the result verifies.
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { err, ok } from '../lib/result.ts';
import {
  assembleCsr as assembleDer,
  buildCsrBody,
  keyUsageExtension,
  parseSubject,
  type CsrSignatureAlgorithm,
} from './csr-build.ts';
import { rawToDerSignature } from './ecdsa-signature.ts';
import { readDer } from './der-read.ts';
import { DerSchemaError } from './der-values.ts';
import { CURVE_NAMES } from './algorithms.ts';
import { keyOf, normalizedSpki } from './key-material.ts';
import { csrOf } from './x509-csr.ts';
import { nameOf } from './x509-name.ts';
import { verifyCsrSignature } from './inspect-objects.ts';
import { toPem } from './pem.ts';
import type { AssembledCsr, CryptoResult, CsrBody, CsrBodyRequest } from './crypto-types.ts';

export function buildCsr(req: CsrBodyRequest): CryptoResult<CsrBody> {
  try {
    const k = keyOf(req.publicKey);
    if (!k.ok) return err({ code: 'malformed', message: `public key: ${k.reason}` });
    const curve = k.spki.algorithm === 'EC' ? CURVE_NAMES[k.spki.curveOid ?? '']?.name : undefined;
    if (curve !== 'P-256' && curve !== 'P-384') {
      return err({
        code: 'unsupported-algorithm',
        message: `device-held keys must be P-256 or P-384, got ${curve ?? k.spki.algorithm}`,
      });
    }
    const subject = parseSubject(req.subject);
    if (!subject.ok) return err({ code: 'bad-profile', message: subject.error.message });
    const body = buildCsrBody({
      spki: normalizedSpki(k.spki),
      subject: subject.value,
      extensions: [keyUsageExtension(req.keyUsage?.length ? [...req.keyUsage] : ['digitalSignature'], true)],
    });
    const r = readDer(body);
    const name = r.ok ? nameOf({ bytes: body, node: r.nodes[0]!.children[1]! }) : null;
    const hash = curve === 'P-256' ? 'SHA-256' : 'SHA-384';
    return ok({
      body,
      digest: curve === 'P-256' ? sha256(body) : sha384(body),
      hash,
      subject: {
        text: name?.text ?? req.subject,
        attributes: name?.attributes ?? [],
        commonName: name?.commonName ?? null,
      },
    });
  } catch (e) {
    return err({
      code: 'malformed',
      message: `CSR body could not be built (${e instanceof Error ? e.message : 'error'})`,
    });
  }
}

/** Wraps body + the board's signature (DER or raw r||s) and refuses the result unless it verifies. */
export async function assembleCsr(body: Uint8Array, signature: Uint8Array): Promise<CryptoResult<AssembledCsr>> {
  try {
    const r = readDer(body);
    if (!r.ok || r.nodes.length !== 1)
      return err({ code: 'malformed', message: 'the CSR body is not one DER element' });
    const spkiNode = r.nodes[0]!.children[2];
    const k = spkiNode ? keyOf(body.subarray(spkiNode.start, spkiNode.end)) : null;
    if (!k?.ok) return err({ code: 'malformed', message: 'the CSR body carries no readable public key' });
    const curve = CURVE_NAMES[k.spki.curveOid ?? '']?.name;
    const size = curve === 'P-256' ? 32 : curve === 'P-384' ? 48 : 0;
    if (!size)
      return err({
        code: 'unsupported-algorithm',
        message: `key curve ${curve ?? k.spki.algorithm} is not P-256/P-384`,
      });
    const der = signature[0] === 0x30 ? signature : signature.length === 2 * size ? rawToDerSignature(signature) : null;
    if (!der)
      return err({
        code: 'bad-signature-format',
        message: `expected DER or ${2 * size}-byte r||s, got ${signature.length} bytes`,
      });
    const alg: CsrSignatureAlgorithm = size === 32 ? 'ecdsa-with-SHA256' : 'ecdsa-with-SHA384';
    const csrDer = assembleDer(body, der, alg);
    const parsed = readDer(csrDer);
    if (!parsed.ok) return err({ code: 'malformed', message: 'the assembled CSR is not DER' });
    const v = await verifyCsrSignature(csrOf({ bytes: csrDer, node: parsed.nodes[0]! }));
    if (v.outcome !== 'valid')
      return err({
        code: 'bad-csr-signature',
        message: `the board's signature does not verify over this body: ${v.detail}`,
      });
    return ok({ der: csrDer, pem: toPem('CERTIFICATE REQUEST', csrDer) });
  } catch (e) {
    const why = e instanceof DerSchemaError ? e.message : e instanceof Error ? e.name : 'error';
    return err({ code: 'malformed', message: `the CSR could not be assembled (${why})` });
  }
}
