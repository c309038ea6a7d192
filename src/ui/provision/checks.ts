// Layer: views (provision), the checklists as data: what the CSR check found (subject, key, proof of possession,
// the key generation's attestation where the family profile has one) and what the worker's check before writing found, each item with its verdict and the finding
// that explains it; and the chain as a picture model (leaf -> intermediates -> root, the board's CA marked).
import { profileFor } from '../../app/families.ts';
import type { DeviceFamily } from '../../devices/device.ts';
import type { CsrSummary, Finding } from '../../flows/index.ts';
import type { KeyProof, WriteCheckId, WriteCheckReport } from '../../pki/crypto-types.ts';

export type Verdict = 'passed' | 'failed' | 'warning';

export interface CheckItem {
  readonly id: string;
  readonly label: string;
  readonly verdict: Verdict;
  /** The facts checked ("CN=…", "EC P-256"), or the finding's message when it failed. */
  readonly detail: string;
  /** What to do, when it failed or warns. */
  readonly action: string | null;
}

const CSR_CHECKS: readonly { id: string; label: string; codes: (code: string) => boolean }[] = [
  { id: 'subject', label: 'Subject as the profile asks', codes: (c) => c === 'subject' || c === 'unreadable' },
  { id: 'key', label: 'Key type the board should make', codes: (c) => c === 'key-type' },
  { id: 'pop', label: 'Proof of possession (CSR signature)', codes: (c) => c === 'no-proof-of-possession' },
  { id: 'attestation', label: 'nRF91 attestation (COSE_Sign1)', codes: (c) => c.startsWith('attestation-') },
];

/** The CSR checklist: from the summary once it passed, or from the findings that blocked it. */
export function csrChecklist(csr: CsrSummary | null, findings: readonly Finding[], family: string): CheckItem[] {
  const factFor = (id: string): string => {
    if (!csr) return '';
    switch (id) {
      case 'subject':
        return csr.subject;
      case 'key':
        return csr.keyType;
      case 'pop':
        return 'The CSR signature verifies with its own key.';
      default: {
        const a = csr.attestation;
        if (!a) return 'Checked: device UUID, sec_tag and digest of the CSR.';
        return `Device UUID ${a.deviceUuid}, sec_tag ${a.secTag}, digest ${a.digestMatches ? 'matches' : 'does NOT match'} the CSR (${a.digestHex.slice(0, 16)}…).`;
      }
    }
  };
  const attests = profileFor(family as DeviceFamily).keygenAttestation !== null;
  return CSR_CHECKS.filter((c) => c.id !== 'attestation' || attests).map((c) => {
    const hits = findings.filter((f) => c.codes(f.code));
    const error = hits.find((f) => f.severity === 'error');
    const warning = hits.find((f) => f.severity === 'warning');
    const shown = error ?? warning;
    return {
      id: c.id,
      label: c.label,
      verdict: error ? 'failed' : warning ? 'warning' : 'passed',
      detail: shown ? shown.message : factFor(c.id),
      action: shown ? shown.action : null,
    };
  });
}

export const WRITE_CHECK_LABELS: Readonly<Record<WriteCheckId, string>> = {
  'certificate-key': "The certificate carries the board's own key",
  chain: 'The chain leads to the chosen CA',
  validity: 'Valid now',
  usage: 'Key usage fits a TLS client',
  'common-name': 'CN follows the profile',
  size: 'Fits the board',
};

export function writeChecklist(report: WriteCheckReport): CheckItem[] {
  return report.checks.map((c) => {
    const hits = report.findings.filter((f) => f.check === c.id);
    const shown = hits.find((f) => f.severity === 'error') ?? hits.find((f) => f.severity === 'warning');
    return {
      id: c.id,
      label: WRITE_CHECK_LABELS[c.id],
      verdict: c.verdict,
      detail: shown ? shown.message : '',
      action: shown ? shown.action : null,
    };
  });
}

const KEY_PROOF_LABELS: Readonly<Record<KeyProof['id'], string>> = {
  'csr-signature': "The CSR's signature proves its key",
  'certificate-key': "The certificate carries the CSR's key",
  'board-challenge': 'The board signed a fresh challenge with that key',
  'board-public-key': "The board's exported public key is the certificate's",
};

/** The key proofs the check before writing used, in the order they ran, each with what it compared. */
export function keyProofItems(report: WriteCheckReport): CheckItem[] {
  return (report.proofs ?? []).map((p) => ({
    id: p.id,
    label: KEY_PROOF_LABELS[p.id],
    verdict: p.passed ? 'passed' : 'failed',
    detail: p.detail,
    action: p.passed ? null : 'Nothing is written: start over so the board makes a new key.',
  }));
}

export interface ChainNode {
  readonly role: 'leaf' | 'intermediate' | 'root';
  readonly subject: string;
  /** Stored on the board as its CA certificate by this provisioning. */
  readonly onBoard: boolean;
  /** A chain problem names this certificate. */
  readonly problem: string | null;
}

/** Leaf first, then the CAs above it up to the root the board stores (when the path reached the chosen CA). */
export function chainNodes(report: WriteCheckReport): ChainNode[] {
  const chain = report.chainReport;
  const caWrite = report.writes.find((w) => w.kind === 'caCert') ?? null;
  const problemFor = (sha: string | null) =>
    chain?.problems.find((p) => p.severity === 'error' && p.cert?.sha256 === sha)?.message ?? null;
  const nodes: ChainNode[] = (chain?.path ?? []).map((ref, i, all) => ({
    role: ref.role === 'leaf' ? 'leaf' : i === all.length - 1 && ref.role === 'anchor' ? 'root' : 'intermediate',
    subject: ref.subject,
    onBoard: false,
    problem: problemFor(ref.sha256),
  }));
  if (nodes.length === 0 && report.leaf)
    nodes.push({ role: 'leaf', subject: report.leaf.subject, onBoard: false, problem: null });
  const top = nodes[nodes.length - 1];
  if (caWrite && top && top.subject !== caWrite.subject) {
    // The path ended at the CA's issuing certificate; the board stores the root above it.
    nodes[nodes.length - 1] = { ...top, role: 'intermediate' };
    nodes.push({ role: 'root', subject: caWrite.subject, onBoard: true, problem: null });
  } else if (caWrite && top) nodes[nodes.length - 1] = { ...top, role: 'root', onBoard: true };
  return nodes;
}
