// Layer: PKI codecs. The per-certificate checks of chain validation (RFC 5280 §6.1.3/§6.1.4 and the TLS purpose
// rules OpenSSL applies for -purpose sslclient / sslserver), each adding problems to one report.
import { OID, OID_MORE } from './oids.ts';
import { CURVE_NAMES } from './algorithms.ts';
import type { Certificate } from './x509-cert.ts';
import type { PoolCert } from './chain-path.ts';
import type { CertRef, ChainProblem, ChainProblemCode, ChainPurpose } from './crypto-types.ts';

export interface Report {
  readonly problems: ChainProblem[];
  add(code: ChainProblemCode, severity: ChainProblem['severity'], message: string, cert: CertRef | null): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function timeChecks(c: Certificate, ref: CertRef, at: number, r: Report): void {
  if (at > c.notAfter) r.add('expired', 'error', `${ref.subject} expired on ${iso(c.notAfter)}`, ref);
  if (at < c.notBefore) r.add('not-yet-valid', 'error', `${ref.subject} is not valid before ${iso(c.notBefore)}`, ref);
}

/** Extensions we recognise but do not enforce: critical ones are warned about, not rejected. */
const KNOWN_UNENFORCED = new Set<string>([
  OID_MORE.certificatePolicies,
  OID_MORE.nameConstraints,
  OID_MORE.policyConstraints,
  OID_MORE.inhibitAnyPolicy,
  OID_MORE.policyMappings,
  OID_MORE.issuerAltName,
]);

export function algorithmChecks(c: Certificate, ref: CertRef, isAnchor: boolean, r: Report): void {
  const a = c.signatureAlgorithm;
  // An anchor's self-signature is never relied on (trust comes from the store), so a weak one is only a warning.
  if (a.weak) {
    r.add(
      'weak-algorithm',
      isAnchor ? 'warning' : 'error',
      `${ref.subject} is signed with ${a.name} (${a.hash ?? 'broken'} is no longer safe)`,
      ref,
    );
  }
  if (c.algorithmMismatch)
    r.add(
      'bad-signature',
      'error',
      `${ref.subject}: the outer signature algorithm differs from the one in the certificate body`,
      ref,
    );
  const k = c.spki;
  if (k.algorithm === 'RSA' && (k.bits ?? 0) < 2048)
    r.add('weak-algorithm', 'error', `${ref.subject} has an RSA key of ${k.bits} bits (below 2048)`, ref);
  if (k.algorithm === 'EC' && !CURVE_NAMES[k.curveOid ?? '']?.standard) {
    const name = CURVE_NAMES[k.curveOid ?? '']?.name ?? k.curveOid;
    r.add(
      'unusual-algorithm',
      'warning',
      `${ref.subject} uses curve ${name}, outside P-256/P-384/P-521: most IoT TLS stacks refuse it`,
      ref,
    );
  }
  if (k.algorithm === 'Ed25519' || k.algorithm === 'Ed448' || k.algorithm === 'unknown') {
    r.add(
      'unusual-algorithm',
      'warning',
      `${ref.subject} has a ${k.algorithm} key (${k.algorithmOid}); IoT TLS stacks rarely support it`,
      ref,
    );
  }
  for (const e of c.rawExtensions) {
    if (!e.critical || e.understood) continue;
    if (KNOWN_UNENFORCED.has(e.oid))
      r.add(
        'unknown-critical-extension',
        'warning',
        `${ref.subject}: critical extension ${e.oid} is recognised but not enforced here`,
        ref,
      );
    else
      r.add(
        'unknown-critical-extension',
        'error',
        `${ref.subject}: unknown critical extension ${e.oid} (RFC 5280 §4.2 says reject)`,
        ref,
      );
  }
}

const PURPOSE_OID: Record<Exclude<ChainPurpose, 'any'>, string> = {
  clientAuth: OID.clientAuth,
  serverAuth: OID.serverAuth,
};

function ekuFits(c: Certificate, purpose: ChainPurpose): boolean {
  const eku = c.extensions.extKeyUsage;
  if (!eku || purpose === 'any') return true;
  return eku.purposes.some((p) => p.oid === PURPOSE_OID[purpose] || p.oid === OID_MORE.anyExtendedKeyUsage);
}

export function leafChecks(c: Certificate, ref: CertRef, purpose: ChainPurpose, r: Report): void {
  if (!ekuFits(c, purpose)) {
    const has = c.extensions.extKeyUsage!.purposes.map((p) => p.name).join(', ');
    r.add('ext-key-usage-unfit', 'error', `${ref.subject} allows ${has || 'no purpose'}, not ${purpose}`, ref);
  }
  const ku = c.extensions.keyUsage;
  if (!ku) return;
  const u = new Set(ku.usages);
  // A TLS client signs CertificateVerify: it needs digitalSignature. A server may instead agree or encipher keys.
  const fits =
    purpose === 'clientAuth'
      ? u.has('digitalSignature')
      : purpose === 'serverAuth'
        ? u.has('digitalSignature') || u.has('keyEncipherment') || u.has('keyAgreement')
        : true;
  if (!fits) {
    const need = purpose === 'clientAuth' ? 'digitalSignature' : 'digitalSignature, keyEncipherment or keyAgreement';
    r.add(
      'key-usage-unfit',
      'error',
      `${ref.subject} key usage is ${ku.usages.join(', ') || 'empty'}; ${purpose} needs ${need}`,
      ref,
    );
  }
}

export function caChecks(
  c: Certificate,
  ref: CertRef,
  index: number,
  path: readonly PoolCert[],
  purpose: ChainPurpose,
  r: Report,
): void {
  const bc = c.extensions.basicConstraints;
  // X.509 v1 trust anchors predate extensions; RFC 5280 §6.1.4(k) lets them act as CAs only as anchors.
  const v1Anchor = c.version === 1 && ref.role === 'anchor';
  if (!bc?.ca && !v1Anchor)
    r.add(
      'ca-flag-missing',
      'error',
      `${ref.subject} signs other certificates but is not marked as a CA (basicConstraints cA)`,
      ref,
    );
  const ku = c.extensions.keyUsage;
  if (ku && !ku.usages.includes('keyCertSign'))
    r.add(
      'key-usage-unfit',
      'error',
      `${ref.subject} key usage lacks keyCertSign, so it may not sign certificates`,
      ref,
    );
  if (bc?.ca && bc.pathLength !== null) {
    // Intermediate CAs between this CA and the leaf; self-issued ones do not count (RFC 5280 §4.2.1.9).
    const below = path.slice(1, index).filter((p) => !p.cert.selfIssued).length;
    if (below > bc.pathLength) {
      r.add(
        'path-length-exceeded',
        'error',
        `${ref.subject} allows ${bc.pathLength} CA(s) below it, but ${below} follow`,
        ref,
      );
    }
  }
  if (!ekuFits(c, purpose))
    r.add('ext-key-usage-unfit', 'error', `${ref.subject} is a CA whose extended key usage excludes ${purpose}`, ref);
}
