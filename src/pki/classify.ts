// Layer: PKI codecs. Says what a DER element is from its shape alone, before any schema reader runs on it.
import { decodeOid, derContent, type DerNode } from './der-read.ts';
import { OID_MORE } from './oids.ts';

export type DerShape =
  | 'certificate'
  | 'csr'
  | 'spki'
  | 'pkcs7-signed-data'
  | 'cms-other'
  | 'pkcs8-private-key'
  | 'encrypted-private-key'
  | 'sec1-private-key'
  | 'rsa-private-key'
  | 'unknown';

const SEQ = 0x30;
const tags = (n: DerNode) => n.children.map((c) => c.tag);

export function classifyDer(bytes: Uint8Array, node: DerNode): DerShape {
  if (node.tag !== SEQ) return 'unknown';
  const c = node.children;
  const t = tags(node);
  if (c.length === 3 && t[0] === SEQ && t[1] === SEQ && t[2] === 0x03) {
    const body = c[0]!;
    const bt = tags(body);
    if (bt[0] === 0xa0 || body.children.length >= 6) return 'certificate';
    if (body.children.length === 4 && bt[0] === 0x02 && bt[1] === SEQ && bt[2] === SEQ && bt[3] === 0xa0) return 'csr';
    return 'unknown';
  }
  if (c.length === 2 && t[0] === SEQ && t[1] === 0x03 && c[0]!.children[0]?.tag === 0x06) return 'spki';
  if (c.length === 2 && t[0] === 0x06 && t[1] === 0xa0) {
    return decodeOid(derContent(bytes, c[0]!)) === OID_MORE.pkcs7SignedData ? 'pkcs7-signed-data' : 'cms-other';
  }
  if (c.length >= 3 && t[0] === 0x02 && t[1] === SEQ && t[2] === 0x04) return 'pkcs8-private-key';
  if (c.length === 2 && t[0] === SEQ && t[1] === 0x04) return 'encrypted-private-key';
  if (c.length >= 2 && t[0] === 0x02 && t[1] === 0x04) return 'sec1-private-key';
  if (c.length === 9 && t.every((x) => x === 0x02)) return 'rsa-private-key';
  return 'unknown';
}
