// Layer: PKI codecs (the worker's `validateChain`). Validates a certification path per RFC 5280 §6 with the checks
// an IoT TLS client makes, and reports EVERY problem with a code and the certificate it concerns: a support
// engineer fixes a chain in one round, not one defect per round. Signatures are verified here (WebCrypto).
import { err, ok } from '../lib/result.ts';
import { certificatesIn } from './cert-material.ts';
import { buildPath, type PoolCert } from './chain-path.ts';
import { verifySignature, type VerifyOutcome } from './signature-verify.ts';
import { caChecks, leafChecks, algorithmChecks, timeChecks, type Report } from './chain-checks.ts';
import type { Certificate } from './x509-cert.ts';
import type { CertRef, ChainOptions, ChainProblem, ChainReport, CryptoResult } from './crypto-types.ts';

export interface ChainInput {
  readonly leaf: string | Uint8Array;
  readonly intermediates?: readonly (string | Uint8Array)[];
  readonly anchors?: readonly (string | Uint8Array)[];
}

const MAX_POOL = 1000;

export function refOf(p: PoolCert, pathIndex: number | null): CertRef {
  return { pathIndex, role: p.role, inputIndex: p.inputIndex, subject: p.cert.subject.text, sha256: p.cert.sha256 };
}

function collect(
  materials: readonly (string | Uint8Array)[],
  role: PoolCert['role'],
  problems: ChainProblem[],
): PoolCert[] {
  const out: PoolCert[] = [];
  materials.forEach((m, inputIndex) => {
    const { certs, errors, trailing } = certificatesIn(m);
    for (const cert of certs) out.push({ cert, role, inputIndex });
    for (const e of errors) {
      problems.push({
        code: 'unparseable',
        // Bytes after a certificate are never ignored (strict DER): the chain is not valid until they are gone.
        severity: trailing.includes(e) ? 'error' : 'warning',
        message: `${role} #${inputIndex} was left out: ${e}`,
        cert: null,
      });
    }
  });
  return out;
}

export async function validateChain(input: ChainInput, opts: ChainOptions = {}): Promise<CryptoResult<ChainReport>> {
  try {
    const at = opts.at ?? Date.now();
    const purpose = opts.purpose ?? 'clientAuth';
    if (!Number.isFinite(at)) return err({ code: 'malformed', message: 'the validation time is not a valid date' });
    const problems: ChainProblem[] = [];
    const leafRead = certificatesIn(input.leaf);
    if (leafRead.certs.length === 0) {
      return err({
        code: 'malformed',
        message: `the leaf certificate could not be read: ${leafRead.errors.join('; ')}`,
      });
    }
    if (leafRead.trailing.length > 0)
      return err({ code: 'malformed', message: `the leaf certificate could not be read: ${leafRead.trailing[0]}` });
    const [leafCert, ...extra] = leafRead.certs;
    const leaf: PoolCert = { cert: leafCert!, role: 'leaf', inputIndex: 0 };
    const anchors = collect(input.anchors ?? [], 'anchor', problems);
    // Certificates after the leaf in the same material are taken as intermediates (a pasted full chain).
    const intermediates = [
      ...extra.map((cert) => ({ cert, role: 'intermediate' as const, inputIndex: -1 })),
      ...collect(input.intermediates ?? [], 'intermediate', problems),
    ];
    const pool = [...anchors, ...intermediates];
    if (pool.length > MAX_POOL)
      return err({ code: 'too-large', message: `${pool.length} certificates; at most ${MAX_POOL} are considered` });
    const leafAnchor = anchors.find((a) => a.cert.sha256 === leaf.cert.sha256);

    const sigCache = new Map<string, Promise<VerifyOutcome>>();
    const verify = (child: Certificate, issuer: Certificate) => {
      const id = `${child.sha256}|${issuer.sha256}`;
      let r = sigCache.get(id);
      if (!r) {
        r = verifySignature(
          issuer.spki,
          child.signatureAlgorithm.family,
          child.signatureAlgorithm.hash,
          child.tbs,
          child.signature,
        );
        sigCache.set(id, r);
      }
      return r;
    };
    const built = leafAnchor
      ? { path: [leafAnchor], end: 'anchor' as const }
      : await buildPath(leaf, pool, async (c, i) => (await verify(c, i)).outcome === 'valid');
    const path = built.path;
    const refs = path.map((p, i) => refOf(p, i));
    const report: Report = {
      problems,
      add: (code, severity, message, cert) => problems.push({ code, severity, message, cert }),
    };

    for (let i = 0; i < path.length; i++) {
      const p = path[i]!;
      const ref = refs[i]!;
      const isAnchorEnd = built.end === 'anchor' && i === path.length - 1;
      timeChecks(p.cert, ref, at, report);
      algorithmChecks(p.cert, ref, isAnchorEnd, report);
      if (i === 0) leafChecks(p.cert, ref, purpose, report);
      else caChecks(p.cert, ref, i, path, purpose, report);
      const issuer = path[i + 1];
      if (issuer) {
        const v = await verify(p.cert, issuer.cert);
        if (v.outcome === 'invalid')
          report.add(
            'bad-signature',
            'error',
            `signature of ${ref.subject} does not verify with the key of ${issuer.cert.subject.text}: ${v.detail}`,
            ref,
          );
        if (v.outcome === 'unsupported')
          report.add(
            'unsupported-algorithm',
            'error',
            `signature of ${ref.subject} cannot be checked: ${v.detail}`,
            ref,
          );
      }
    }
    const last = path[path.length - 1]!;
    const lastRef = refs[refs.length - 1]!;
    if (built.end === 'self-issued') {
      report.add(
        'untrusted-root',
        'error',
        `the chain ends at ${lastRef.subject}, a self-signed certificate that is not among the trust anchors`,
        lastRef,
      );
    } else if (built.end === 'missing-issuer') {
      const known = anchors.length ? '' : ' (no trust anchors were given)';
      report.add(
        'missing-intermediate',
        'error',
        `the issuer "${last.cert.issuer.text}" of ${lastRef.subject} was not supplied${known}`,
        lastRef,
      );
    } else if (built.end === 'too-long') {
      report.add('path-too-long', 'error', `no path to a trust anchor within ${path.length} certificates`, lastRef);
    }
    const valid = built.end === 'anchor' && !problems.some((p) => p.severity === 'error');
    return ok({ valid, path: refs, problems, at: new Date(at).toISOString(), purpose });
  } catch (e) {
    return err({
      code: 'internal',
      message: `chain validation failed unexpectedly (${e instanceof Error ? e.message : String(e)})`,
    });
  }
}
