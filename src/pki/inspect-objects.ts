// Layer: PKI codecs. Turns parsed certificates, CSRs and keys into the InspectedObject shapes the UI shows, adding
// the notes a support engineer needs (non-standard encodings, weak algorithms, proof of possession).
import { csrVerdict } from './csr-verdicts.ts';
import { verifySignature } from './signature-verify.ts';
import { keyInfoOf, type Spki } from './spki.ts';
import { toPem } from './pem.ts';
import type { Certificate } from './x509-cert.ts';
import type { CertificationRequest } from './x509-csr.ts';
import type { SignatureAlgorithm } from './algorithms.ts';
import type {
  InspectedCertificate,
  InspectedCsr,
  InspectedPublicKey,
  ObjectSource,
  SignatureAlgorithmInfo,
} from './inspect-types.ts';

function publicAlgorithm(a: SignatureAlgorithm): SignatureAlgorithmInfo {
  return { oid: a.oid, name: a.name, hash: a.hash, parameters: a.parameters, nonStandard: a.nonStandard, weak: a.weak };
}

function algorithmNotes(a: SignatureAlgorithm, notes: string[]): void {
  if (a.nonStandard) notes.push(`Signature algorithm: ${a.nonStandard}.`);
  if (a.weak)
    notes.push(`Signature algorithm ${a.name} is weak (${a.hash ?? 'broken hash'}): refuse it for device identity.`);
  if (a.family === 'other' || a.family === 'rsa-pss') notes.push(`Signature algorithm ${a.name} is not checked here.`);
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function certificateObject(
  cert: Certificate,
  source: ObjectSource,
  now: number,
): Promise<InspectedCertificate> {
  const key = keyInfoOf(cert.spki);
  const notes: string[] = key.warnings.map((w) => `Key: ${w}.`);
  algorithmNotes(cert.signatureAlgorithm, notes);
  if (cert.algorithmMismatch)
    notes.push('The outer signature algorithm differs from the one inside the certificate body (RFC 5280 §4.1.1.2).');
  if (now > cert.notAfter) notes.push(`Expired on ${iso(cert.notAfter)}.`);
  if (now < cert.notBefore) notes.push(`Not valid before ${iso(cert.notBefore)}: check the device and CA clocks.`);
  if (cert.version !== 3 && cert.rawExtensions.length)
    notes.push(`Version ${cert.version} certificate carries extensions (needs v3).`);
  if (cert.serialHex.length > 40) notes.push('Serial number longer than 20 bytes (RFC 5280 §4.1.2.2).');
  if ((parseInt(cert.serialHex.slice(0, 2), 16) & 0x80) !== 0) notes.push('Serial number is negative.');
  for (const o of cert.extensions.other) if (o.note !== 'not decoded') notes.push(`Extension ${o.name}: ${o.note}.`);
  let selfSignatureValid: boolean | null = null;
  if (cert.selfIssued) {
    const r = await verifySignature(
      cert.spki,
      cert.signatureAlgorithm.family,
      cert.signatureAlgorithm.hash,
      cert.tbs,
      cert.signature,
    );
    selfSignatureValid = r.outcome === 'unsupported' ? null : r.outcome === 'valid';
    if (r.outcome === 'invalid')
      notes.push('Self-issued, but its signature does not verify with its own key (corrupted or not self-signed).');
  }
  return {
    kind: 'certificate',
    source,
    notes,
    version: cert.version,
    subject: strip(cert.subject),
    issuer: strip(cert.issuer),
    serialHex: cert.serialHex,
    notBefore: iso(cert.notBefore),
    notAfter: iso(cert.notAfter),
    key,
    signature: publicAlgorithm(cert.signatureAlgorithm),
    extensions: cert.extensions,
    sha256: cert.sha256,
    sha1: cert.sha1,
    selfIssued: cert.selfIssued,
    selfSignatureValid,
    der: cert.der.slice(),
    pem: toPem('CERTIFICATE', cert.der),
  };
}

/** Drops the internal fields (DER, normalised form) from a Name before it crosses the worker boundary. */
const strip = (n: {
  text: string;
  attributes: InspectedCertificate['subject']['attributes'];
  commonName: string | null;
}) => ({
  text: n.text,
  attributes: n.attributes,
  commonName: n.commonName,
});

/** The CSR's proof of possession, verified once per exact CSR bytes (csr-verdicts.ts). */
export async function verifyCsrSignature(csr: CertificationRequest) {
  const a = csr.signatureAlgorithm;
  return csrVerdict(csr.der, () => verifySignature(csr.spki, a.family, a.hash, csr.body, csr.signature));
}

export async function csrObject(csr: CertificationRequest, source: ObjectSource): Promise<InspectedCsr> {
  const key = keyInfoOf(csr.spki);
  const notes: string[] = key.warnings.map((w) => `Key: ${w}.`);
  algorithmNotes(csr.signatureAlgorithm, notes);
  if (csr.version !== 0) notes.push(`CSR version ${csr.version} (only 0 is defined).`);
  const r = await verifyCsrSignature(csr);
  if (r.outcome === 'valid') notes.push('Proof of possession: the signature verifies with the key in the request.');
  else if (r.outcome === 'invalid')
    notes.push(`Proof of possession FAILED: ${r.detail}. Do not issue a certificate for this request.`);
  else notes.push(`Proof of possession not checked: ${r.detail}.`);
  return {
    kind: 'csr',
    source,
    notes,
    subject: strip(csr.subject),
    key,
    signature: publicAlgorithm(csr.signatureAlgorithm),
    extensions: csr.extensions,
    signatureValid: r.outcome === 'unsupported' ? null : r.outcome === 'valid',
    der: csr.der.slice(),
    pem: toPem('CERTIFICATE REQUEST', csr.der),
  };
}

export function publicKeyObject(spki: Spki, source: ObjectSource, wrappedFromPoint: boolean): InspectedPublicKey {
  const key = keyInfoOf(spki);
  const notes = key.warnings.map((w) => `Key: ${w}.`);
  if (wrappedFromPoint)
    notes.push(`Raw SEC1 point read as a ${key.curve} public key (the curve follows from its length).`);
  return { kind: 'publicKey', source, notes, key, wrappedFromPoint, spki: spki.der.slice() };
}
