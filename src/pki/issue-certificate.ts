// Layer: PKI codecs. Issues a device certificate from a CSR with a lab CA's non-extractable key: the CSR's proof of
// possession is verified first (a CSR that fails is refused), the profile is checked, and the signed result is
// validated against the CA's own chain before it is returned, so a wrong certificate can never leave here.
import { err, ok } from '../lib/result.ts';
import { readDer } from './der-read.ts';
import { readOneDerObject } from './der-objects.ts';
import { DerSchemaError } from './der-values.ts';
import { classifyDer } from './classify.ts';
import { pieceBytes, splitInput } from './input-forms.ts';
import { csrOf, type CertificationRequest } from './x509-csr.ts';
import { certificateOf, type Certificate } from './x509-cert.ts';
import { verifyCsrSignature } from './inspect-objects.ts';
import { certExtensions, keyIdentifier, randomSerial, signTbs, tbsCertificate, type CaCurve } from './cert-build.ts';
import { issuedSubject } from './subject-profile.ts';
import { validateChain } from './chain-validate.ts';
import { OID } from './oids.ts';
import { toPem } from './pem.ts';
import { fromHex } from '../lib/bytes.ts';
import type { CryptoResult, IssuedCertificate, IssueProfile } from './crypto-types.ts';

export interface IssuingCa {
  readonly curve: CaCurve;
  /** Issuing CA first, root last. */
  readonly chain: readonly Certificate[];
  readonly key: CryptoKey;
}

const DAY = 86_400_000;
const BACKDATE = 5 * 60_000;

function readCsr(csr: string | Uint8Array): CertificationRequest | string {
  const piece = splitInput(csr).pieces[0];
  if (!piece || piece.form === 'broken') return 'no readable CSR (PKCS#10) in the input';
  const bytes = pieceBytes(piece);
  if (!bytes) return 'no readable CSR (PKCS#10) in the input';
  const r = readOneDerObject(bytes);
  if (!r.ok) return `the CSR could not be read: ${r.message}`;
  if (classifyDer(bytes, r.node) !== 'csr') return 'no readable CSR (PKCS#10) in the input';
  return csrOf({ bytes, node: r.node });
}

export async function issueCertificate(
  ca: IssuingCa,
  csrInput: string | Uint8Array,
  profile: IssueProfile,
  now = Date.now(),
): Promise<CryptoResult<IssuedCertificate>> {
  try {
    const days = profile.validityDays;
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      return err({ code: 'bad-profile', message: `validity must be 1..3650 whole days, got ${days}` });
    const csr = readCsr(csrInput);
    if (typeof csr === 'string') return err({ code: 'malformed', message: csr });
    const pop = await verifyCsrSignature(csr);
    if (pop.outcome === 'invalid')
      return err({
        code: 'bad-csr-signature',
        message: `refused: the CSR's signature does not verify with its own key (${pop.detail})`,
      });
    if (pop.outcome === 'unsupported')
      return err({
        code: 'unsupported-algorithm',
        message: `refused: the CSR's signature cannot be checked (${pop.detail})`,
      });
    const k = csr.spki;
    if (k.algorithm === 'RSA' && (k.bits ?? 0) < 2048)
      return err({ code: 'unsupported-algorithm', message: `refused: RSA key of ${k.bits} bits (at least 2048)` });
    if (k.algorithm === 'EC' && ![OID.p256, OID.p384, OID.p521].includes(k.curveOid as never)) {
      return err({
        code: 'unsupported-algorithm',
        message: `refused: curve ${k.curveOid} (P-256, P-384 or P-521 only)`,
      });
    }
    const subject = issuedSubject(csr.subject, profile.commonName);
    if (!subject.ok) return err({ code: 'bad-profile', message: subject.error.message });
    const issuer = ca.chain[0]!;
    const notBefore = Math.max(now - BACKDATE, issuer.notBefore);
    const notAfter = Math.min(now + days * DAY, issuer.notAfter);
    if (notAfter <= now)
      return err({ code: 'bad-profile', message: `the CA expired on ${new Date(issuer.notAfter).toISOString()}` });
    const ski = issuer.extensions.subjectKeyId;
    const aki = (ski && fromHex(ski)) || keyIdentifier(issuer.spki.keyBytes);
    const tbs = tbsCertificate({
      serial: randomSerial(),
      curve: ca.curve,
      issuerDer: issuer.subject.der,
      subjectDer: subject.value,
      spkiDer: k.der,
      notBefore,
      notAfter,
      extensions: certExtensions({
        ca: false,
        keyUsage: profile.keyAgreement ? ['digitalSignature', 'keyAgreement'] : ['digitalSignature'],
        extKeyUsage: [OID.clientAuth],
        subjectKeyId: keyIdentifier(k.keyBytes),
        authorityKeyId: aki,
      }),
    });
    const der = await signTbs(tbs, ca.curve, ca.key);
    const r = readDer(der);
    if (!r.ok) return err({ code: 'internal', message: 'the signed certificate is not DER' });
    const leaf = certificateOf({ bytes: der, node: r.nodes[0]! });
    const check = await validateChain(
      {
        leaf: der,
        intermediates: ca.chain.slice(0, -1).map((c) => c.der),
        anchors: [ca.chain[ca.chain.length - 1]!.der],
      },
      { at: now, purpose: 'clientAuth' },
    );
    if (!check.ok || !check.value.valid) {
      const why = check.ok ? check.value.problems.map((p) => p.message).join('; ') : check.error.message;
      return err({ code: 'internal', message: `the issued certificate failed its own chain check: ${why}` });
    }
    return ok({
      leafDer: der,
      leafPem: toPem('CERTIFICATE', der),
      chainDer: ca.chain.map((c) => c.der.slice()),
      chainPem: ca.chain.map((c) => toPem('CERTIFICATE', c.der)).join(''),
      serialHex: leaf.serialHex,
      sha256: leaf.sha256,
      subject: leaf.subject.text,
      notBefore: new Date(leaf.notBefore).toISOString(),
      notAfter: new Date(leaf.notAfter).toISOString(),
    });
  } catch (e) {
    const why = e instanceof DerSchemaError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return err({ code: 'internal', message: `issuing failed (${why})` });
  }
}
