// Layer: views (diagnose). A chain the worker found among the pasted certificates, in words for the diagram: each
// certificate (subject, role, key), what joins it to the next one up (signature, key id), and where it ends: a root,
// or the issuer that is missing and what to do about it. `chainText` is the same in one line, for the report.
import type { InspectChain, InspectedView } from '../../pki/crypto-types.ts';
import { keyText } from '../device/certificate-summary.ts';
import { shortDigest } from '../device/labels.ts';
import { certificateRole } from './inspect-words.ts';

export interface ChainNodeView {
  readonly index: number;
  readonly subject: string;
  readonly role: string;
  readonly detail: string;
}

export interface ChainLinkView {
  readonly ok: boolean | null;
  readonly text: string;
}

export interface ChainView {
  readonly nodes: readonly ChainNodeView[];
  /** `links[i]` sits between `nodes[i]` and `nodes[i + 1]`. */
  readonly links: readonly ChainLinkView[];
  readonly end: { readonly kind: InspectChain['end']['kind']; readonly ok: boolean; readonly text: string };
}

const LINK_TEXT = {
  valid: 'issued by (signature verifies)',
  invalid: 'names this issuer, but the signature does NOT verify with its key',
  unsupported: 'issued by (signature not checked for this algorithm)',
} as const;

function endOf(c: InspectChain): ChainView['end'] {
  switch (c.end.kind) {
    case 'root':
      return {
        kind: 'root',
        ok: c.end.selfSignatureValid !== false,
        text:
          c.end.selfSignatureValid === false
            ? 'Ends at a self-issued certificate whose own signature does not verify: it is not a usable root.'
            : 'Complete: ends at a self-signed root. A verifier must hold this root as a trust anchor.',
      };
    case 'missing':
      return {
        kind: 'missing',
        ok: false,
        text: `Missing: the issuer "${c.end.issuer}"${c.end.authorityKeyId ? ` (key id ${shortDigest(c.end.authorityKeyId)})` : ''} is not in what you pasted. The verifier must already hold it, or the sender must send it too.`,
      };
    case 'loop':
      return { kind: 'loop', ok: false, text: 'The issuer links loop or run too deep: this is not a usable chain.' };
  }
}

export function chainView(c: InspectChain, objectAt: (index: number) => InspectedView | undefined): ChainView {
  const nodes = c.members.map((index): ChainNodeView => {
    const o = objectAt(index);
    if (o?.kind !== 'certificate') return { index, subject: `object #${index + 1}`, role: '', detail: '' };
    return {
      index,
      subject: o.subject.text,
      role: certificateRole(o),
      detail: `${keyText(o.key)} · ${o.signature.name} · SHA-256 ${shortDigest(o.sha256)}`,
    };
  });
  const links = c.links.map((l) => ({
    ok: l.signature === 'valid' ? true : l.signature === 'invalid' ? false : null,
    text: LINK_TEXT[l.signature] + (l.keyId === 'match' ? '; key ids match' : ''),
  }));
  return { nodes, links, end: endOf(c) };
}

export function chainText(v: ChainView): string {
  const parts = v.nodes.map((n, i) => (i === 0 ? n.subject : `${v.links[i - 1]?.text ?? ''} → ${n.subject}`));
  return `${parts.join(' ')} — ${v.end.text}`;
}
