// Layer: PKI codecs (part of the worker's `checkBeforeWrite`). Which CA certificate a board stores as its root: from
// the anchor the chain validated to, up through the CA source's own certificates to a self-signed root. Chosen by
// key, not by name: during a CA key rollover the old root, the new root and the link certificates between them all
// carry the same name, so each step needs a matching key identifier and a verifying signature, a self-signed root
// is preferred over a link certificate, and a link certificate at the top is replaced by the self-signed root with
// the same name and key (which verifies what the link certificate verified).
import { equalBytes } from '../lib/bytes.ts';
import { mayIssue } from './chain-path.ts';
import { normalizedSpki } from './key-material.ts';
import { verifySignature } from './signature-verify.ts';
import type { Certificate } from './x509-cert.ts';
import { sameName } from './x509-name.ts';

const MAX_STEPS = 8;

/** Does `issuer`'s key verify `child`'s signature? */
async function signs(child: Certificate, issuer: Certificate): Promise<boolean> {
  const { family, hash } = child.signatureAlgorithm;
  return (await verifySignature(issuer.spki, family, hash, child.tbs, child.signature)).outcome === 'valid';
}

/** Self-signed, not only self-issued: a link certificate has the CA's name on both sides but another key signed it. */
const selfSigned = async (c: Certificate) => c.selfIssued && (await signs(c, c));

function sameKey(a: Certificate, b: Certificate): boolean {
  try {
    return equalBytes(normalizedSpki(a.spki), normalizedSpki(b.spki));
  } catch {
    return false; // an unreadable compressed point is no key to compare
  }
}

async function first(list: readonly Certificate[], test: (c: Certificate) => Promise<boolean>) {
  for (const c of list) if (await test(c)) return c;
  return null;
}

/**
 * `anchor` (the end of the validated path), replaced or followed by the CA certificates above it among `pool`, up to
 * a self-signed root or as far as the pool goes; the last one is what the board stores. `below` is the certificate
 * the anchor's key verified in that path.
 */
export async function rootPath(
  anchor: Certificate,
  below: Certificate,
  pool: readonly Certificate[],
): Promise<Certificate[]> {
  const out = [anchor];
  let cert = anchor;
  let under = below;
  while (out.length <= MAX_STEPS) {
    if (await selfSigned(cert)) return out;
    const current = cert;
    const twin = await first(
      pool,
      async (c) =>
        !out.includes(c) &&
        sameName(c.subject, current.subject) &&
        sameKey(c, current) &&
        (await selfSigned(c)) &&
        (await signs(under, c)),
    );
    if (twin) {
      out[out.length - 1] = twin;
      return out;
    }
    const issuers: Certificate[] = [];
    for (const c of pool) if (!out.includes(c) && mayIssue(c, current) && (await signs(current, c))) issuers.push(c);
    const up = (await first(issuers, selfSigned)) ?? issuers[0];
    if (!up) return out;
    out.push(up);
    under = current;
    cert = up;
  }
  return out;
}
