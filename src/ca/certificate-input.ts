// Layer: CA clients. Reads certificates out of whatever a CA answered or a user supplied: PEM (one or many
// blocks), DER, base64 DER, PKCS#7 certs-only (DER or base64, as EST sends it). Wrong input is explained in the
// user's terms: a CSR, a private key (refused outright, never kept), a public key, an empty bundle. Bounded and
// total: uses the strict src/pki readers and never throws.
import { err, ok, type Result } from '../lib/result.ts';
import { holdsOneObject, readDerObjects } from '../pki/der-objects.ts';
import { classifyDer, type DerShape } from '../pki/classify.ts';
import { splitInput } from '../pki/input-forms.ts';
import { pkcs7Certificates } from '../pki/pkcs7.ts';
import { certificateOf } from '../pki/x509-cert.ts';
import { DerSchemaError } from '../pki/der-values.ts';

/** Certificate answers and files are kilobytes; refuse more before reading. */
export const MAX_CERTIFICATE_INPUT = 1024 * 1024;

export type CertificateInputCode =
  'empty' | 'too-large' | 'private-key' | 'csr' | 'public-key' | 'empty-bundle' | 'damaged' | 'no-certificate';

export interface CertificateInputError {
  readonly code: CertificateInputCode;
  readonly message: string;
}

export interface CertificateBundle {
  /** DER of each certificate, in input order. */
  readonly certificates: Uint8Array[];
  readonly format: 'pem' | 'der' | 'pkcs7';
}

const PRIVATE_SHAPES: readonly DerShape[] = [
  'pkcs8-private-key',
  'encrypted-private-key',
  'sec1-private-key',
  'rsa-private-key',
];

const problem = (code: CertificateInputCode, message: string) => err<CertificateInputError>({ code, message });

const PRIVATE_KEY_MESSAGE =
  'This is a private key. Never paste or upload private keys here: a board keeps its key, and KeyWire only needs ' +
  'the certificate. It was not stored.';

export function readCertificates(input: string | Uint8Array): Result<CertificateBundle, CertificateInputError> {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_CERTIFICATE_INPUT)
    return problem('too-large', `That is ${size} bytes; a certificate or chain is a few kilobytes. Nothing was read.`);
  if (typeof input === 'string' ? !input.trim() : input.byteLength === 0)
    return problem('empty', 'Nothing was given: paste a certificate, or drop or pick its file.');
  const { pieces } = splitInput(input);
  if (pieces.some((p) => p.label !== null && /PRIVATE KEY/.test(p.label)))
    return problem('private-key', PRIVATE_KEY_MESSAGE);
  const certificates: Uint8Array[] = [];
  const other = new Set<DerShape | 'keygen' | 'broken'>();
  let pkcs7 = false;
  let emptyBundle = false;
  let damaged = '';
  for (const piece of pieces) {
    if (piece.form === 'broken') {
      if (/private key|encrypted legacy PEM key/i.test(piece.reason))
        return problem('private-key', PRIVATE_KEY_MESSAGE);
      other.add('broken');
      // "nothing recognised" is not damage: it falls through to the no-certificate explanation.
      if (!/^no certificate material/.test(piece.reason)) damaged ||= piece.reason;
      continue;
    }
    if (!('bytes' in piece)) {
      other.add('keygen');
      continue;
    }
    const r = readDerObjects(piece.bytes, { single: holdsOneObject(piece.form) });
    if (!r.ok) {
      other.add('broken');
      damaged ||= r.message;
      continue;
    }
    for (const node of r.nodes) {
      const shape = classifyDer(piece.bytes, node);
      if (PRIVATE_SHAPES.includes(shape)) return problem('private-key', PRIVATE_KEY_MESSAGE);
      let nodes = [node];
      if (shape === 'pkcs7-signed-data') {
        pkcs7 = true;
        try {
          nodes = pkcs7Certificates({ bytes: piece.bytes, node }).certificates;
        } catch (e) {
          if (!(e instanceof DerSchemaError)) throw e;
          damaged ||= `damaged PKCS#7 bundle (${e.message})`;
          continue;
        }
        if (nodes.length === 0) emptyBundle = true;
      } else if (shape !== 'certificate') {
        other.add(shape);
        continue;
      }
      for (const c of nodes) {
        try {
          certificateOf({ bytes: piece.bytes, node: c });
          certificates.push(piece.bytes.slice(c.start, c.end));
        } catch (e) {
          if (!(e instanceof DerSchemaError)) throw e;
          damaged ||= `a certificate is damaged (${e.message})`;
        }
      }
    }
  }
  if (damaged && certificates.length > 0)
    return problem('damaged', `Part of the input could not be read: ${damaged}. Supply the complete file.`);
  if (certificates.length > 0) {
    const pem = pieces.some((p) => p.form === 'pem');
    return ok({ certificates, format: pkcs7 ? 'pkcs7' : pem ? 'pem' : 'der' });
  }
  if (other.has('csr') || other.has('keygen'))
    return problem(
      'csr',
      'This is a certificate request (CSR), not a certificate. Send it to your CA and supply what the CA returns.',
    );
  if (other.has('spki'))
    return problem('public-key', 'This is a public key, not a certificate. Supply the certificate the CA issued.');
  if (emptyBundle) return problem('empty-bundle', 'The PKCS#7 bundle holds no certificate.');
  if (damaged) return problem('damaged', `This could not be read as a certificate: ${damaged}.`);
  return problem(
    'no-certificate',
    'No certificate found. Expected PEM (-----BEGIN CERTIFICATE-----), DER, or PKCS#7 (.p7b, .p7c).',
  );
}
