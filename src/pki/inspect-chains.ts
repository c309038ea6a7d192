// Layer: PKI codecs (the worker's `inspect`). The chains the pasted certificates form, for the diagram: each leaf
// (a certificate that issued none of the others) walked up by name and key identifier, every link's signature
// checked with the issuer's key, and where the walk ends: a self-issued root, an issuer that is not in the input
// (named, with its key id, so the user knows what to fetch), or a loop. Lone roots that issued nothing in the input
// (a CA bundle) are not chains. Bounded: depth and chain count capped; an issuer lookup is a map by name.
import { mayIssue, MAX_DEPTH } from './chain-path.ts';
import { verifySignature } from './signature-verify.ts';
import type { Certificate } from './x509-cert.ts';
import type { ChainLinkInfo, InspectChain } from './inspect-types.ts';

export interface IndexedCertificate {
  /** The object index the certificate has in the inspect report. */
  readonly index: number;
  readonly cert: Certificate;
}

export const MAX_CHAINS = 200;

async function signatureOf(child: Certificate, issuer: Certificate): Promise<ChainLinkInfo['signature']> {
  const a = child.signatureAlgorithm;
  const r = await verifySignature(issuer.spki, a.family, a.hash, child.tbs, child.signature);
  return r.outcome;
}

/** `checkpoint` runs before each chain is walked: it yields to the event loop and throws when the job is cancelled. */
export async function chainsOf(
  certs: readonly IndexedCertificate[],
  checkpoint: () => Promise<void> = async () => undefined,
): Promise<InspectChain[]> {
  // The same certificate pasted twice is one node: the first occurrence stands for it.
  const unique = [...new Map(certs.map((c) => [c.cert.sha256, c])).values()];
  const bySubject = new Map<string, IndexedCertificate[]>();
  for (const c of unique) {
    const list = bySubject.get(c.cert.subject.normalized) ?? [];
    list.push(c);
    bySubject.set(c.cert.subject.normalized, list);
  }
  const issuersOf = (c: Certificate) =>
    (bySubject.get(c.issuer.normalized) ?? []).filter((i) => i.cert.sha256 !== c.sha256 && mayIssue(i.cert, c));
  const issuedSomething = new Set<string>();
  for (const c of unique) for (const i of issuersOf(c.cert)) issuedSomething.add(i.cert.sha256);

  const signatures = new Map<string, ChainLinkInfo['signature']>();
  const signs = async (child: Certificate, issuer: Certificate) => {
    const key = `${child.sha256}/${issuer.sha256}`;
    let s = signatures.get(key);
    if (!s) signatures.set(key, (s = await signatureOf(child, issuer)));
    return s;
  };

  const chains: InspectChain[] = [];
  for (const leaf of unique) {
    if (issuedSomething.has(leaf.cert.sha256)) continue;
    if (chains.length >= MAX_CHAINS) break;
    await checkpoint();
    const members = [leaf];
    const links: ChainLinkInfo[] = [];
    let end: InspectChain['end'] | null = null;
    while (!end) {
      const top = members[members.length - 1]!.cert;
      if (top.selfIssued) {
        const own = await signs(top, top);
        end = { kind: 'root', selfSignatureValid: own === 'unsupported' ? null : own === 'valid' };
        break;
      }
      const candidates = issuersOf(top).filter((i) => !members.includes(i));
      if (members.length > MAX_DEPTH || (candidates.length === 0 && issuersOf(top).length > 0)) {
        end = { kind: 'loop' };
        break;
      }
      if (candidates.length === 0) {
        end = {
          kind: 'missing',
          issuer: top.issuer.text,
          authorityKeyId: top.extensions.authorityKeyId?.keyId ?? null,
        };
        break;
      }
      // Among several issuers with the same name, the one whose signature verifies.
      let chosen = candidates[0]!;
      let signature = await signs(top, chosen.cert);
      for (const c of candidates.slice(1)) {
        if (signature === 'valid') break;
        const s = await signs(top, c.cert);
        if (s === 'valid') [chosen, signature] = [c, s];
      }
      const aki = top.extensions.authorityKeyId?.keyId;
      const ski = chosen.cert.extensions.subjectKeyId;
      links.push({ signature, keyId: aki && ski ? 'match' : 'absent' });
      members.push(chosen);
    }
    if (members.length < 2 && end.kind === 'root') continue;
    chains.push({ members: members.map((m) => m.index), links, end });
  }
  return chains;
}
