// Layer: PKI codecs. Builds a certification path (RFC 5280 §6, RFC 4158 in spirit) from a leaf through unordered
// intermediates to a trust anchor. Issuer candidates match by name and, when both carry them, AKI/SKI; among
// several, a path that reaches an anchor with verifying signatures wins. Bounded: depth and explored nodes capped.
import { sameName } from './x509-name.ts';
import type { Certificate } from './x509-cert.ts';

export interface PoolCert {
  readonly cert: Certificate;
  readonly role: 'leaf' | 'intermediate' | 'anchor';
  readonly inputIndex: number;
}

export type PathEnd =
  /** the last certificate is a trust anchor */
  | 'anchor'
  /** the last certificate is self-issued but not trusted */
  | 'self-issued'
  /** no certificate found for the last one's issuer */
  | 'missing-issuer'
  /** the issuer links loop or run past MAX_DEPTH */
  | 'too-long';

export interface BuiltPath {
  readonly path: PoolCert[];
  readonly end: PathEnd;
}

export const MAX_DEPTH = 12;
const MAX_EXPLORED = 2000;

/** Does `issuer` plausibly issue `child`? Name chaining plus key identifiers when both are present. */
export function mayIssue(issuer: Certificate, child: Certificate): boolean {
  if (!sameName(issuer.subject, child.issuer)) return false;
  const aki = child.extensions.authorityKeyId?.keyId;
  const ski = issuer.extensions.subjectKeyId;
  return !aki || !ski || aki === ski;
}

const isAnchor = (c: Certificate, anchors: readonly PoolCert[]) => anchors.some((a) => a.cert.sha256 === c.sha256);

const RANK: Record<PathEnd, number> = { anchor: 3, 'self-issued': 1, 'missing-issuer': 0, 'too-long': 0 };

/**
 * `signs(child, issuer)` says whether the issuer's key verifies the child's signature (cached by the caller); it
 * only orders candidates, the validator reports the outcome.
 */
export async function buildPath(
  leaf: PoolCert,
  pool: readonly PoolCert[],
  signs: (child: Certificate, issuer: Certificate) => Promise<boolean>,
): Promise<BuiltPath> {
  const anchors = pool.filter((p) => p.role === 'anchor');
  let explored = 0;
  let best: { path: PoolCert[]; end: PathEnd; score: number; allGood: boolean } | null = null;

  const consider = (path: PoolCert[], end: PathEnd, goodSigs: number) => {
    const score = RANK[end] * 1000 + goodSigs * 10 - path.length;
    if (!best || score > best.score) best = { path: [...path], end, score, allGood: goodSigs === path.length - 1 };
  };

  async function extend(path: PoolCert[], goodSigs: number): Promise<void> {
    if (++explored > MAX_EXPLORED) return;
    const last = path[path.length - 1]!;
    if (last.role === 'anchor' || isAnchor(last.cert, anchors)) return consider(path, 'anchor', goodSigs);
    if (path.length > MAX_DEPTH) return consider(path, 'too-long', goodSigs);
    const seen = new Set(path.map((p) => p.cert.sha256));
    const candidates = pool.filter((p) => mayIssue(p.cert, last.cert) && !seen.has(p.cert.sha256));
    if (candidates.length === 0) {
      return consider(path, last.cert.selfIssued ? 'self-issued' : 'missing-issuer', goodSigs);
    }
    // Anchors first, then candidates whose signature verifies; a loop back into the path counts as too long.
    const scored = await Promise.all(candidates.map(async (c) => ({ c, ok: await signs(last.cert, c.cert) })));
    scored.sort((a, b) => Number(b.c.role === 'anchor') - Number(a.c.role === 'anchor') || Number(b.ok) - Number(a.ok));
    for (const { c, ok } of scored) {
      path.push(c);
      await extend(path, goodSigs + (ok ? 1 : 0));
      path.pop();
      if (best?.end === 'anchor' && best.allGood) break;
    }
  }

  await extend([leaf], 0);
  const b = best as { path: PoolCert[]; end: PathEnd } | null;
  return b ? { path: b.path, end: b.end } : { path: [leaf], end: 'too-long' };
}
