// Layer: PKI codecs. The rules of "check before writing", one function per check, each returning findings that say
// what is wrong and what to do. Pure: the orchestration (reading inputs, picking the leaf, building the plan) is in
// write-check.ts, so these can be tested table-driven against crafted certificates.
import { OID, OID_MORE } from './oids.ts';
import type { Certificate } from './x509-cert.ts';
import type { ChainProblem, ChainReport } from './chain-types.ts';
import type { PlannedWrite, WriteCheckFinding, WriteTarget } from './write-check-types.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function validityFindings(leaf: Certificate, at: number): WriteCheckFinding[] {
  if (at > leaf.notAfter)
    return [
      {
        code: 'expired',
        check: 'validity',
        severity: 'error',
        message: `The certificate expired on ${iso(leaf.notAfter)}: the board could not connect with it.`,
        action: 'Ask the CA for a new certificate (Get a new certificate); check the CA validity settings.',
        certificate: leaf.subject.text,
      },
    ];
  if (at < leaf.notBefore)
    return [
      {
        code: 'not-yet-valid',
        check: 'validity',
        severity: 'error',
        message: `The certificate is not valid before ${iso(leaf.notBefore)}; servers would refuse it until then.`,
        action: "Check this computer's clock and the CA's clock, then get a new certificate.",
        certificate: leaf.subject.text,
      },
    ];
  return [];
}

/** A TLS client signs CertificateVerify: it needs digitalSignature, clientAuth (or no EKU), and must not be a CA. */
export function usageFindings(leaf: Certificate): WriteCheckFinding[] {
  const out: WriteCheckFinding[] = [];
  const subject = leaf.subject.text;
  const ku = leaf.extensions.keyUsage;
  if (leaf.extensions.basicConstraints?.ca || ku?.usages.includes('keyCertSign'))
    out.push({
      code: 'key-usage',
      check: 'usage',
      severity: 'error',
      message: 'The CA returned a CA certificate, not a device certificate.',
      action: 'Check the CA profile used for devices: it must issue end-entity certificates (cA=FALSE).',
      certificate: subject,
    });
  if (ku && !ku.usages.includes('digitalSignature'))
    out.push({
      code: 'key-usage',
      check: 'usage',
      severity: 'error',
      message: `The key usage is ${ku.usages.join(', ') || 'empty'}; a TLS client needs digitalSignature.`,
      action: 'Use a CA profile for TLS clients (key usage digitalSignature).',
      certificate: subject,
    });
  const eku = leaf.extensions.extKeyUsage;
  if (!eku)
    out.push({
      code: 'no-ext-key-usage',
      check: 'usage',
      severity: 'warning',
      message: 'The certificate names no extended key usage; most servers accept that for a client.',
      action: 'Nothing to do unless your server insists on clientAuth.',
      certificate: subject,
    });
  else if (!eku.purposes.some((p) => p.oid === OID.clientAuth || p.oid === OID_MORE.anyExtendedKeyUsage))
    out.push({
      code: 'ext-key-usage',
      check: 'usage',
      severity: 'error',
      message: `The certificate allows ${eku.purposes.map((p) => p.name).join(', ') || 'no purpose'}, not TLS client authentication.`,
      action: 'Use a CA profile that sets extended key usage clientAuth.',
      certificate: subject,
    });
  return out;
}

export function commonNameFindings(leaf: Certificate, expected: string | null): WriteCheckFinding[] {
  const cn = leaf.subject.commonName;
  if (expected === null || cn === expected) return [];
  return [
    {
      code: 'common-name',
      check: 'common-name',
      severity: 'error',
      message: `The certificate's CN is ${cn === null ? 'missing' : `"${cn}"`}; the profile asks for "${expected}".`,
      action: 'Check the CA source: it must keep the requested subject, or change the profile CN setting.',
      certificate: leaf.subject.text,
    },
  ];
}

/** Leaf-only problems the chain validator also reports; write-check states them once, in its own words. */
const LEAF_HANDLED = new Set(['expired', 'not-yet-valid', 'key-usage-unfit', 'ext-key-usage-unfit']);

const CHAIN_ACTION: Partial<Record<ChainProblem['code'], string>> = {
  'untrusted-root': 'The certificate was issued by another CA than the one chosen: choose the CA that issued it.',
  'missing-intermediate':
    'The CA did not send the intermediate certificate(s): fix the CA source or choose the right CA.',
  'bad-signature': 'The certificate was not signed by the chosen CA: check the CA source configuration.',
  expired: 'A CA certificate in the chain has expired: renew the CA.',
  'not-yet-valid': "A CA certificate is not valid yet: check this computer's clock.",
  'weak-algorithm': 'Use a CA that signs with SHA-256 or better.',
};

export function chainFindings(report: ChainReport): WriteCheckFinding[] {
  return report.problems
    .filter((p) => !(p.cert?.pathIndex === 0 && LEAF_HANDLED.has(p.code)))
    .map((p) => ({
      code: 'chain' as const,
      check: 'chain' as const,
      severity: p.severity,
      message: `The chain to the chosen CA does not hold: ${p.message}.`,
      action: CHAIN_ACTION[p.code] ?? 'Check the CA source and the chosen CA certificates.',
      chainProblem: p.code,
      ...(p.cert ? { certificate: p.cert.subject } : {}),
    }));
}

export function sizeFindings(
  writes: readonly PlannedWrite[],
  chainDerBytes: number,
  target: WriteTarget,
): WriteCheckFinding[] {
  const out: WriteCheckFinding[] = [];
  const max = target.maxCommandChars;
  for (const w of writes) {
    if (max === undefined || w.commandChars === null || w.commandChars <= max) continue;
    out.push({
      code: 'too-long',
      check: 'size',
      severity: 'error',
      message: `Writing the ${w.kind === 'caCert' ? 'CA' : 'client'} certificate takes a ${w.commandChars}-character command; the board takes at most ${max}.`,
      action: 'Use a smaller certificate (an EC key and fewer extensions), or do not write the CA certificate.',
      certificate: w.subject,
    });
  }
  if (target.maxChainBytes !== undefined && chainDerBytes > target.maxChainBytes)
    out.push({
      code: 'chain-too-large',
      check: 'size',
      severity: 'error',
      message: `The certificate chain is ${chainDerBytes} bytes; the board's TLS stack takes about ${target.maxChainBytes}.`,
      action: 'Use a CA with fewer intermediates or smaller (EC) certificates.',
    });
  return out;
}
