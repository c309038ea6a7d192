// Layer: PKI codecs (the worker's `checkBeforeWrite`). The one decision before a certificate may be written to a
// board: the certificate carries the board's key (the CSR's), its chain validates to the chosen CA for clientAuth,
// it is valid now, its usages fit a TLS client, its CN follows the profile, and what would be written fits the
// board. Returns every finding (never only the first) and the exact content it approves, PEM with the board's line
// endings and the SHA-256 the board will list. Hostile input never throws out: errors are values.
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, toHex, utf8 } from '../lib/bytes.ts';
import { err, ok } from '../lib/result.ts';
import { certificatesIn, materialElements } from './cert-material.ts';
import { validateChain } from './chain-validate.ts';
import { DerSchemaError } from './der-values.ts';
import { normalizedSpki } from './key-material.ts';
import { toPem } from './pem.ts';
import { keyInfoOf } from './spki.ts';
import { rootPath } from './write-check-root.ts';
import { csrOf, type CertificationRequest } from './x509-csr.ts';
import type { Certificate } from './x509-cert.ts';
import {
  chainFindings,
  commonNameFindings,
  sizeFindings,
  usageFindings,
  validityFindings,
} from './write-check-rules.ts';
import type { CryptoResult, KeyMaterial } from './crypto-types.ts';
import { verifyCsrSignature } from './inspect-objects.ts';
import type {
  KeyProof,
  PlannedWrite,
  WriteCheckFinding,
  WriteCheckId,
  WriteCheckReport,
  WriteCheckRequest,
  WriteTarget,
} from './write-check-types.ts';

const CHECK_ORDER: readonly WriteCheckId[] = ['certificate-key', 'chain', 'validity', 'usage', 'common-name', 'size'];

function readCsr(material: KeyMaterial): CertificationRequest | null {
  const el = materialElements(material).elements.find((e) => e.shape === 'csr');
  try {
    return el ? csrOf({ bytes: el.bytes, node: el.node }) : null;
  } catch (e) {
    if (e instanceof DerSchemaError) return null;
    throw e;
  }
}

/** Every certificate in the materials, once each; `trailing` names the parts refused for bytes after an object. */
function readAll(materials: readonly KeyMaterial[], trailing: string[]): Certificate[] {
  const out: Certificate[] = [];
  for (const m of materials) {
    const read = certificatesIn(m);
    trailing.push(...read.trailing);
    for (const c of read.certs) if (!out.some((o) => o.sha256 === c.sha256)) out.push(c);
  }
  return out;
}

/** The certificate for the CSR's key; failing that, the first end-entity certificate (to explain the mismatch). */
function pickLeaf(certs: readonly Certificate[], csrKey: Uint8Array): { leaf: Certificate; matches: boolean } | null {
  const matching = certs.find((c) => equalBytes(normalizedSpki(c.spki), csrKey));
  if (matching) return { leaf: matching, matches: true };
  const endEntity = certs.find((c) => !c.extensions.basicConstraints?.ca && !c.selfIssued) ?? certs[0];
  return endEntity ? { leaf: endEntity, matches: false } : null;
}

export function pemFor(der: Uint8Array, ending: WriteTarget['pemLineEnding']): string {
  const pem = toPem('CERTIFICATE', der);
  return ending === 'crlf' ? pem.replace(/\n/g, '\r\n') : pem;
}

function planned(kind: PlannedWrite['kind'], cert: Certificate, target: WriteTarget): PlannedWrite {
  const content = pemFor(cert.der, target.pemLineEnding);
  const text = utf8(content);
  const bytes = target.storesNul ? Uint8Array.of(...text, 0) : text;
  const overhead = target.commandOverheadChars?.[kind];
  return {
    kind,
    content,
    sha256: toHex(sha256(bytes), true),
    bytes: bytes.length,
    commandChars: overhead === undefined ? null : overhead + content.length,
    subject: cert.subject.text,
  };
}

const finding = (f: WriteCheckFinding) => f;

export async function checkBeforeWrite(req: WriteCheckRequest): Promise<CryptoResult<WriteCheckReport>> {
  try {
    const at = req.at ?? Date.now();
    const csr = readCsr(req.csr);
    if (!csr) return err({ code: 'malformed', message: 'the CSR could not be read: it is needed to check the key' });
    const csrKey = normalizedSpki(csr.spki);
    const pop = await verifyCsrSignature(csr);
    const proofs: KeyProof[] = [
      {
        id: 'csr-signature',
        passed: pop.outcome === 'valid',
        detail:
          pop.outcome === 'valid'
            ? "The CSR's signature verifies with its own key."
            : `The CSR's signature does not verify with its own key (${pop.detail}).`,
      },
    ];
    const trailing: string[] = [];
    const returned = readAll(req.certificates, trailing);
    const anchors = readAll(req.caCertificates, trailing);
    const findings: WriteCheckFinding[] = [];
    for (const message of trailing)
      findings.push(
        finding({
          code: 'chain',
          check: 'chain',
          severity: 'error',
          chainProblem: 'unparseable',
          message: `A certificate was refused: ${message}`,
          action: 'Fetch the certificates from the CA again; a CA that appends bytes to a certificate needs fixing.',
        }),
      );
    if (anchors.length === 0)
      findings.push(
        finding({
          code: 'no-ca-certificates',
          check: 'chain',
          severity: 'error',
          message: 'The CA source gave no CA certificate, so the chain cannot be checked.',
          action: 'Check the CA source settings (EST /cacerts, the CA file) and try again.',
        }),
      );
    const picked = pickLeaf(returned, csrKey);
    if (!picked) {
      findings.push(
        finding({
          code: 'no-certificate',
          check: 'certificate-key',
          severity: 'error',
          message: 'The CA answered, but its answer holds no certificate.',
          action: 'Check the CA source; with manual exchange, supply the certificate file the CA sent back.',
        }),
      );
      return ok(report(findings, proofs, null, [], null, null, [], at));
    }
    const { leaf, matches } = picked;
    proofs.push({
      id: 'certificate-key',
      passed: matches,
      detail: matches
        ? "The certificate carries the CSR's key."
        : "The certificate carries another key than the CSR's.",
    });
    if (!proofs[0]!.passed)
      findings.push(
        finding({
          code: 'no-proof-of-possession',
          check: 'certificate-key',
          severity: 'error',
          message: "The CSR's signature does not verify with its own key: nothing proves the board holds that key.",
          action: 'Start over so the board makes a new key and CSR.',
        }),
      );
    if (!matches)
      findings.push(
        finding({
          code: 'key-mismatch',
          check: 'certificate-key',
          severity: 'error',
          message: "The certificate is for another key, not the board's: the board could never use it.",
          action: 'Make sure the CA signed this board’s CSR (not another file), then get a new certificate.',
          certificate: leaf.subject.text,
        }),
      );
    const anchorShas = new Set(anchors.map((a) => a.sha256));
    const others = returned.filter((c) => c !== leaf && !anchorShas.has(c.sha256));
    const chain = await validateChain(
      { leaf: leaf.der, intermediates: others.map((c) => c.der), anchors: anchors.map((a) => a.der) },
      { at, purpose: 'clientAuth' },
    );
    if (!chain.ok) return chain;
    const bySha = new Map([...returned, ...anchors].map((c) => [c.sha256, c]));
    const pathIntermediates = chain.value.path
      .filter((r) => r.role === 'intermediate')
      .map((r) => bySha.get(r.sha256)!);
    const last = chain.value.path[chain.value.path.length - 1];
    const anchor = last?.role === 'anchor' && chain.value.path.length > 1 ? (bySha.get(last.sha256) ?? null) : null;
    if (anchors.length > 0) findings.push(...chainFindings(chain.value));
    findings.push(...validityFindings(leaf, at), ...usageFindings(leaf));
    findings.push(...commonNameFindings(leaf, req.expectedCommonName ?? csr.subject.commonName));
    const writes: PlannedWrite[] = [];
    const below = pathIntermediates[pathIntermediates.length - 1] ?? leaf;
    const caChain = [...pathIntermediates, ...(anchor ? await rootPath(anchor, below, anchors) : [])];
    const root = anchor ? caChain[caChain.length - 1]! : null;
    if (req.writeCaCertificate && root) writes.push(planned('caCert', root, req.target));
    writes.push(planned('clientCert', leaf, req.target));
    const chainBytes = leaf.der.length + pathIntermediates.reduce((n, c) => n + c.der.length, 0);
    findings.push(...sizeFindings(writes, chainBytes, req.target));
    const issuer = pathIntermediates[0] ?? anchor;
    if (anchor && issuer && !issuer.selfIssued)
      findings.push(
        finding({
          code: 'intermediate-not-on-board',
          check: 'chain',
          severity: 'warning',
          message: `The certificate was issued by the intermediate CA "${issuer.subject.text}". The board stores its own certificate only.`,
          action: 'Register the intermediate CA certificate (in the chain download) with your server or broker.',
        }),
      );
    const checkedLeaf = {
      pem: pemFor(leaf.der, 'lf'),
      sha256: leaf.sha256,
      serialHex: leaf.serialHex,
      subject: leaf.subject.text,
      commonName: leaf.subject.commonName,
      issuer: leaf.issuer.text,
      notBefore: new Date(leaf.notBefore).toISOString(),
      notAfter: new Date(leaf.notAfter).toISOString(),
      spkiSha256: keyInfoOf(leaf.spki).spkiSha256,
      keyMatchesCsr: matches,
    };
    const intermediatesPem = (root ? caChain.slice(0, -1) : pathIntermediates).map((c) => pemFor(c.der, 'lf'));
    const anchorPem = root ? pemFor(root.der, 'lf') : null;
    return ok(report(findings, proofs, checkedLeaf, intermediatesPem, anchorPem, chain.value, writes, at));
  } catch (e) {
    const why = e instanceof DerSchemaError ? e.message : e instanceof Error ? e.message : String(e);
    return err({ code: 'internal', message: `the check before writing failed unexpectedly (${why})` });
  }
}

function report(
  findings: WriteCheckFinding[],
  proofs: KeyProof[],
  leaf: WriteCheckReport['leaf'],
  intermediatesPem: string[],
  anchorPem: string | null,
  chainReport: WriteCheckReport['chainReport'],
  writes: PlannedWrite[],
  at: number,
): WriteCheckReport {
  const verdict = (id: WriteCheckId) =>
    findings.some((f) => f.check === id && f.severity === 'error')
      ? ('failed' as const)
      : findings.some((f) => f.check === id)
        ? ('warning' as const)
        : ('passed' as const);
  return {
    writable: leaf !== null && !findings.some((f) => f.severity === 'error'),
    proofs,
    findings,
    checks: CHECK_ORDER.map((id) => ({ id, verdict: verdict(id) })),
    leaf,
    intermediatesPem,
    anchorPem,
    chainReport,
    writes,
    at: new Date(at).toISOString(),
  };
}
