// Layer: PKI codecs. Certificates inside a PKCS#7 / CMS SignedData (RFC 5652 §5.1), as "certs-only" bundles from
// EST /cacerts and `openssl crl2pkcs7 -nocrl` carry them. Only the certificate set is read; signers are ignored.
import type { DerNode } from './der-read.ts';
import { child, childrenOf, expectTag, TAG, type Der } from './der-values.ts';

export function pkcs7Certificates(contentInfo: Der): { certificates: DerNode[]; crlCount: number; skipped: number } {
  const signedData = expectTag(
    child(expectTag(child(contentInfo, 1, 'ContentInfo'), 0xa0, 'content'), 0, 'content'),
    TAG.sequence,
    'SignedData',
  );
  const parts = childrenOf(signedData);
  const certSet = parts.find((p) => p.node.tag === 0xa0);
  const crls = parts.find((p) => p.node.tag === 0xa1);
  const certificates: DerNode[] = [];
  let skipped = 0;
  for (const c of certSet ? childrenOf(certSet) : []) {
    if (c.node.tag === TAG.sequence) certificates.push(c.node);
    else skipped++;
  }
  return { certificates, crlCount: crls ? crls.node.children.length : 0, skipped };
}
