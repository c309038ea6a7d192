// Layer: diagnostics. Does the board's CA store anchor the broker's server chain? With a pasted chain: the crypto
// worker's path validation (serverAuth) against the board's CA certificates, turned into findings and a diagram of
// the path with its anchor or the missing root. Without one: the broker profile's public roots against the store.
import type { ChainProblem, ChainReport } from '../../pki/crypto-types.ts';
import { shortHash, type BrokerCode, type Finding } from '../health/finding.ts';
import type { CertSummary } from '../health/types.ts';
import { hostMatches } from './hostname.ts';
import { PUBLIC_ROOTS, publicRootBySha, rootById } from '../../pki/public-roots.ts';
import type { BrokerFacts, ChainDiagram, DiagramEnd, DiagramNode } from './types.ts';

type F = Finding<BrokerCode>;

const NOT_TRUSTED =
  'The board fails the handshake with mbedTLS -0x2700 (X509_CERT_VERIFY_FAILED), verify flags 0x08 (NOT_TRUSTED), and sends alert 48 (unknown_ca).';
const NO_ANCHOR = new Set<ChainProblem['code']>(['untrusted-root', 'missing-intermediate', 'path-too-long']);

const nameOf = (c: CertSummary) => publicRootBySha(c.sha256)?.name ?? c.commonName ?? c.subject;
const keyText = (c: CertSummary) =>
  c.keyAlgorithm === 'EC' ? `EC ${c.curve ?? '?'}` : `${c.keyAlgorithm}${c.keyBits ? ` ${c.keyBits}` : ''}`;

function storeText(f: BrokerFacts): string {
  const where =
    f.caSource === 'board' ? `the board's CA store at sec_tag ${f.secTag}` : 'the CA certificates you pasted';
  return f.boardCas.length ? `${where} (${f.boardCas.map(nameOf).join(', ')})` : `${where} (empty)`;
}

/** The public root whose name appears in an issuer DN, to suggest what to store. */
function rootForIssuer(issuer: string): string | null {
  return PUBLIC_ROOTS.find((r) => issuer.includes(r.name))?.name ?? null;
}

function node(c: CertSummary, from: DiagramNode['from'], anchor: boolean): DiagramNode {
  return {
    subject: c.subject,
    issuer: c.issuer,
    key: keyText(c),
    signature: c.signatureAlgorithm,
    derBytes: c.derBytes,
    sha256: c.sha256,
    from,
    anchor,
  };
}

export function chainDiagram(f: BrokerFacts): ChainDiagram {
  const boardShas = new Set(f.boardCas.map((c) => c.sha256));
  const profileRoots = f.profile.roots.map((r) => {
    const root = rootById(r.id);
    return { name: root.name, sha256: root.sha256, use: r.use, onBoard: boardShas.has(root.sha256) };
  });
  const boardStore = f.boardCas.map((c) => ({ name: nameOf(c), sha256: c.sha256 }));
  if (!f.pasted) return { nodes: [], end: { status: 'no-chain' }, profileRoots, boardStore };
  const v = f.pasted.validation;
  const anchorRef = 'error' in v ? undefined : v.path.find((r) => r.role === 'anchor');
  const nodes = f.pasted.certificates.map((c) => node(c, 'server', c.sha256 === anchorRef?.sha256));
  const anchorOnBoard = anchorRef ? f.boardCas.find((c) => c.sha256 === anchorRef.sha256) : undefined;
  if (anchorOnBoard && !nodes.some((n) => n.anchor)) nodes.push(node(anchorOnBoard, 'board', true));
  const top = f.pasted.certificates.at(-1);
  const end: DiagramEnd = anchorOnBoard
    ? { status: 'anchored', name: nameOf(anchorOnBoard), sha256: anchorOnBoard.sha256 }
    : {
        status: 'missing',
        issuer: top ? (top.selfIssued ? top.subject : top.issuer) : 'unknown',
        suggestion: top ? rootForIssuer(top.selfIssued ? top.subject : top.issuer) : null,
      };
  return { nodes, end, profileRoots, boardStore };
}

function pastedFindings(f: BrokerFacts, v: ChainReport | { error: string }): F[] {
  const evidence = `Path validation in the crypto worker (serverAuth, signatures, validity at ${new Date(f.checkedAt).toISOString()}) of the ${f.pasted!.certificates.length} pasted certificate(s) against ${storeText(f)}.`;
  if ('error' in v)
    return [
      {
        code: 'chain-defect',
        severity: 'warning',
        secTag: f.secTag,
        title: 'The pasted chain could not be validated',
        explanation: v.error,
        action: 'Paste the whole output of openssl s_client -showcerts (every BEGIN/END CERTIFICATE block).',
        evidence,
      },
    ];
  const out: F[] = [];
  const unanchored = v.problems.some((p) => p.severity === 'error' && NO_ANCHOR.has(p.code));
  const diagram = chainDiagram(f);
  if (unanchored && diagram.end.status === 'missing') {
    const { issuer, suggestion } = diagram.end;
    out.push({
      code: 'anchor-missing',
      severity: 'error',
      secTag: f.secTag,
      title: "The board's CA store does not anchor the server chain",
      explanation: `The server chain ends at ${issuer}, and ${storeText(f)} holds no certificate for it. ${NOT_TRUSTED}`,
      action: `Store ${suggestion ?? `the root CA certificate of "${issuer}"`} as a root CA certificate (type 0)${f.secTag !== null ? ` at sec_tag ${f.secTag}` : ''}, next to the CA already there.`,
      evidence,
    });
  } else if (diagram.end.status === 'anchored')
    out.push({
      code: 'anchor-ok',
      severity: 'ok',
      secTag: f.secTag,
      title: `Anchored by ${diagram.end.name}`,
      explanation: `The server chain validates up to ${diagram.end.name} (SHA-256 ${shortHash(diagram.end.sha256)}), which the board stores.`,
      action: '',
      evidence,
    });
  for (const p of v.problems) {
    if (NO_ANCHOR.has(p.code) && p.severity === 'error') continue;
    out.push({
      code: 'chain-defect',
      severity: p.severity === 'error' ? 'error' : 'warning',
      secTag: f.secTag,
      title: p.code === 'expired' ? 'A server certificate has expired' : 'The server chain has a defect',
      explanation: `${p.message}.`,
      action:
        p.code === 'expired' || p.code === 'not-yet-valid'
          ? "Check this computer's clock; if it is right, the broker's certificate needs renewing (its operator)."
          : 'Tell the broker operator; check you pasted the chain of the right host and port.',
      evidence,
      ...(p.cert ? { certificate: p.cert.subject } : {}),
    });
  }
  const leaf = f.pasted!.certificates[0];
  if (f.host && leaf) {
    const names = leaf.dnsNames.length ? leaf.dnsNames : leaf.commonName ? [leaf.commonName] : [];
    const ok = names.some((n) => hostMatches(n, f.host!));
    out.push({
      code: 'chain-hostname',
      severity: ok ? 'ok' : 'error',
      secTag: f.secTag,
      title: ok ? `The server certificate is for ${f.host}` : `The server certificate is not for ${f.host}`,
      explanation: ok
        ? `${f.host} matches ${names.join(', ')}.`
        : `The certificate names ${names.join(', ') || 'no host'}. With host name verification the board fails with flag CN_MISMATCH (0x04) and alert 42; check you pasted the right server's chain.`,
      action: ok
        ? ''
        : 'Connect the board to the host the certificate names, or paste the chain of the host the board uses.',
      evidence: `subjectAltName DNS names (else CN) of the pasted leaf certificate against the host you gave.`,
      certificate: leaf.subject,
    });
  }
  return out;
}

function profileFindings(f: BrokerFacts): F[] {
  const roots = f.profile.roots;
  const evidence = `${f.profile.name}'s published roots (${roots.map((r) => rootById(r.id).name).join(', ')}) against ${storeText(f)}, by SHA-256.`;
  if (roots.length === 0)
    return [
      {
        code: 'no-chain-given',
        severity: 'info',
        secTag: f.secTag,
        title: "Paste the broker's chain to check the anchor",
        explanation: `${f.profile.name} has no fixed CA: the broker's configuration decides.`,
        action: 'Run openssl s_client -showcerts -connect <host>:8883 and paste the whole output.',
        evidence: 'No server chain was given.',
      },
    ];
  const held = new Set(f.boardCas.map((c) => c.sha256));
  const on = roots.filter((r) => held.has(rootById(r.id).sha256));
  const names = (list: typeof roots) => list.map((r) => rootById(r.id).name).join(', ');
  const current = on.filter((r) => r.use === 'current');
  const needed = roots.filter((r) => r.use === 'current');
  if (current.length > 0)
    return [
      {
        code: 'anchor-ok',
        severity: 'ok',
        secTag: f.secTag,
        title: `The board stores ${names(current)}`,
        explanation: `${f.profile.name}'s server chains end at ${names(needed)}; the board can verify them.`,
        action: '',
        evidence,
      },
    ];
  const legacy = on.filter((r) => r.use === 'legacy');
  if (legacy.length > 0)
    return [
      {
        code: 'anchor-legacy',
        severity: 'error',
        secTag: f.secTag,
        title: `The board stores only ${names(legacy)}, which ${f.profile.name} no longer uses`,
        explanation: `${legacy.map((r) => `${rootById(r.id).name}: ${r.note}`).join('; ')}. ${NOT_TRUSTED}`,
        action: `Store ${names(needed)} as root CA certificates (type 0)${f.secTag !== null ? ` at sec_tag ${f.secTag}` : ''}.`,
        evidence,
      },
    ];
  const ecc = on.filter((r) => r.use === 'ecc' || r.use === 'reserved');
  return [
    {
      code: ecc.length ? 'anchor-legacy' : 'anchor-missing',
      severity: ecc.length ? 'warning' : 'error',
      secTag: f.secTag,
      title: ecc.length
        ? `The board stores ${names(ecc)} but not ${names(needed)}`
        : `The board stores none of ${f.profile.name}'s roots`,
      explanation: ecc.length
        ? `${ecc.map((r) => `${rootById(r.id).name}: ${r.note}`).join('; ')}. The broker's usual chain ends at ${names(needed)}.`
        : `${f.profile.name}'s server chains end at ${names(needed)}. ${NOT_TRUSTED}`,
      action: `Store ${names(needed)} as a root CA certificate (type 0)${f.secTag !== null ? ` at sec_tag ${f.secTag}` : ''}.`,
      evidence,
    },
  ];
}

export function anchorFindings(f: BrokerFacts): F[] {
  if (f.boardCas.length === 0)
    return [
      {
        code: 'no-ca-on-board',
        severity: 'error',
        secTag: f.secTag,
        title: f.secTag !== null ? `No CA certificate at sec_tag ${f.secTag}` : 'No CA certificate given',
        explanation: `Without a root CA certificate the board cannot verify the broker (unless peer verification is turned off, which it must not be). ${NOT_TRUSTED}`,
        action: `Store the broker's root CA certificate (type 0)${f.secTag !== null ? ` at sec_tag ${f.secTag}` : ''}.`,
        evidence: storeText(f),
      },
    ];
  return f.pasted ? pastedFindings(f, f.pasted.validation) : profileFindings(f);
}
