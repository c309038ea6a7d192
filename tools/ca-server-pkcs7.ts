// Lab EST server: the "certs-only" CMS SignedData (RFC 5652 §5.1, RFC 7030 §4.1.3 / §4.2.3) that /cacerts and
// /simpleenroll answer with: no content, no signers, just the certificate set; the same shape
// `openssl crl2pkcs7 -nocrl` writes. The body goes out base64-encoded in 64-column lines, as RFC 7030 asks.
import { toBase64 } from '../src/lib/bytes.ts';
import { explicit, oid, sequence, set, smallInteger, tlv } from '../src/pki/der.ts';
import { OID_MORE } from '../src/pki/oids.ts';

export function certsOnlyPkcs7(certificates: readonly Uint8Array[]): Uint8Array {
  const signedData = sequence(
    smallInteger(1),
    set(),
    sequence(oid(OID_MORE.pkcs7Data)),
    // certificates [0] IMPLICIT CertificateSet: kept in the given order (leaf or issuing CA first).
    tlv(0xa0, ...certificates),
    set(),
  );
  return sequence(oid(OID_MORE.pkcs7SignedData), explicit(0, signedData));
}

/** Base64 in 64-character lines ending with LF. */
export function base64Lines(bytes: Uint8Array): string {
  return `${(toBase64(bytes).match(/.{1,64}/g) ?? []).join('\n')}\n`;
}
