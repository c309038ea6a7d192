// Lab EST server: turns a /simpleenroll body into certificates. The CSR is read and its signature (proof of
// possession) verified before anything else; a bad CSR gets a reason the client can show. Normal issuance is the
// app's own src/pki issueCertificate (subject kept from the CSR, clientAuth, validated against the CA chain before
// it leaves). The --misissue modes build deliberately wrong certificates for the provisioning defect tests.
import { sha256Hex } from '../src/lib/bytes.ts';
import { readOneDerObject } from '../src/pki/der-objects.ts';
import { classifyDer } from '../src/pki/classify.ts';
import { splitInput } from '../src/pki/input-forms.ts';
import { csrOf, type CertificationRequest } from '../src/pki/x509-csr.ts';
import { verifyCsrSignature } from '../src/pki/inspect-objects.ts';
import { issueCertificate } from '../src/pki/issue-certificate.ts';
import { DerSchemaError } from '../src/pki/der-values.ts';
import type { Certificate } from '../src/pki/x509-cert.ts';
import { caCertificate, DAY, leafCertificate, newKeyPair, readCertificate } from './ca-server-ca.ts';
import type { ServerCa } from './ca-server-store.ts';
import type { MisissueMode } from './ca-server-args.ts';

export type CsrRead =
  | { readonly ok: true; readonly csr: CertificationRequest; readonly sha256: string }
  | { readonly ok: false; readonly reason: string };

/** The request body: base64 DER as RFC 7030 says (line breaks allowed); DER and PEM are accepted too. */
export async function readCsrBody(body: Uint8Array): Promise<CsrRead> {
  if (body.length === 0) return { ok: false, reason: 'the request body is empty: send the base64 DER CSR' };
  const piece = splitInput(body).pieces[0];
  if (!piece || piece.form === 'broken' || !('bytes' in piece))
    return { ok: false, reason: 'the body is not a base64 DER CSR (PKCS#10)' };
  const der = piece.bytes;
  const r = readOneDerObject(der);
  if (!r.ok) return { ok: false, reason: `the CSR could not be read: ${r.message}` };
  const shape = classifyDer(der, r.node);
  if (shape !== 'csr')
    return { ok: false, reason: `the body holds a ${shape.replace(/-/g, ' ')}, not a CSR (PKCS#10)` };
  let csr: CertificationRequest;
  try {
    csr = csrOf({ bytes: der, node: r.node });
  } catch (e) {
    if (e instanceof DerSchemaError) return { ok: false, reason: `malformed CSR: ${e.message}` };
    throw e;
  }
  const pop = await verifyCsrSignature(csr);
  if (pop.outcome === 'invalid')
    return { ok: false, reason: `the CSR signature does not verify with its own key (${pop.detail})` };
  if (pop.outcome === 'unsupported')
    return { ok: false, reason: `the CSR signature cannot be checked here (${pop.detail})` };
  return { ok: true, csr, sha256: await sha256Hex(csr.der) };
}

export type Issued =
  | { readonly ok: true; readonly certificates: Uint8Array[]; readonly serialHex: string; readonly subject: string }
  | { readonly ok: false; readonly status: 400 | 500; readonly reason: string };

export class Issuer {
  #rogue: { cert: Certificate; key: CryptoKey } | null = null;

  constructor(
    readonly ca: ServerCa,
    readonly validityDays: number,
    readonly misissue: MisissueMode | null,
  ) {}

  /** wrong-chain: a CA with the issuing CA's very name but another key, so only a signature check catches it. */
  async #rogueCa(): Promise<{ cert: Certificate; key: CryptoKey }> {
    if (this.#rogue) return this.#rogue;
    const keys = await newKeyPair(false);
    const cn = this.ca.issuing.subject.commonName ?? 'KeyWire Lab EST Issuing CA';
    const cert = await caCertificate({ subjectCn: cn, subject: keys, pathLength: 0, days: 3650 });
    this.#rogue = { cert, key: keys.privateKey };
    return this.#rogue;
  }

  async issue(csr: CertificationRequest): Promise<Issued> {
    if (this.misissue) return this.#misissue(csr, this.misissue);
    const r = await issueCertificate(
      { curve: 'P-256', chain: [this.ca.issuing, this.ca.root], key: this.ca.issuingKey },
      csr.der,
      { validityDays: this.validityDays, commonName: { mode: 'keep' } },
    );
    if (!r.ok) {
      const status = r.error.code === 'internal' ? 500 : 400;
      return { ok: false, status, reason: r.error.message };
    }
    return { ok: true, certificates: [r.value.leafDer], serialHex: r.value.serialHex, subject: r.value.subject };
  }

  async #misissue(csr: CertificationRequest, mode: MisissueMode): Promise<Issued> {
    const now = Date.now();
    const issuer = { cert: this.ca.issuing, key: this.ca.issuingKey };
    let der: Uint8Array;
    const extra: Uint8Array[] = [];
    if (mode === 'other-key') {
      const other = await newKeyPair(false);
      der = await leafCertificate({
        issuer,
        subjectDer: csr.subject.der,
        spki: other.spki,
        notBefore: now - 5 * 60_000,
        notAfter: now + this.validityDays * DAY,
        purpose: 'clientAuth',
      });
    } else if (mode === 'expired') {
      der = await leafCertificate({
        issuer,
        subjectDer: csr.subject.der,
        spki: csr.spki.der,
        notBefore: now - 30 * DAY,
        notAfter: now - DAY,
        purpose: 'clientAuth',
      });
    } else {
      const rogue = await this.#rogueCa();
      der = await leafCertificate({
        issuer: rogue,
        subjectDer: csr.subject.der,
        spki: csr.spki.der,
        notBefore: now - 5 * 60_000,
        notAfter: now + this.validityDays * DAY,
        purpose: 'clientAuth',
      });
      extra.push(rogue.cert.der);
    }
    const leaf = readCertificate(der);
    return { ok: true, certificates: [der, ...extra], serialHex: leaf.serialHex, subject: leaf.subject.text };
  }
}
