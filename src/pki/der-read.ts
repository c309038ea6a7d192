// Layer: PKI codecs. A strict, bounded DER reader (X.690) that runs before asn1js/pkijs ever see hostile bytes:
// every length is checked against the bytes that remain, indefinite lengths and long tags are refused, nesting is
// capped, and the node count is capped so a crafted input cannot make the parsers behind it work for long.
// It returns a tree of offsets into the input (no copies) or a coded reason; it never throws.

export const DER_LIMITS = { maxDepth: 24, maxNodes: 200_000 } as const;

export interface DerNode {
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset one past the last content byte. */
  readonly end: number;
  readonly children: readonly DerNode[];
}

export type DerFailure = 'truncated' | 'indefinite-length' | 'too-deep' | 'too-many-nodes' | 'bad-length' | 'long-tag';

/** On failure, `complete` counts the whole top-level elements read before it; `after` is where the last one ends. */
export type DerReadResult =
  { ok: true; nodes: DerNode[] } | { ok: false; reason: DerFailure; at: number; complete: number; after: number };

class DerError {
  constructor(
    readonly reason: DerFailure,
    readonly at: number,
  ) {}
}

// Universal types whose content is itself DER we descend into: SEQUENCE, SET and every constructed context tag.
// Primitive OCTET/BIT STRINGs are left opaque: their content is parsed separately when a schema says it is DER.
function readOne(bytes: Uint8Array, at: number, limit: number, depth: number, budget: { nodes: number }): DerNode {
  if (depth > DER_LIMITS.maxDepth) throw new DerError('too-deep', at);
  if (--budget.nodes < 0) throw new DerError('too-many-nodes', at);
  if (at + 2 > limit) throw new DerError('truncated', at);
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('long-tag', at);
  let lenByte = bytes[at + 1]!;
  let contentStart = at + 2;
  let length = lenByte;
  if (lenByte === 0x80) throw new DerError('indefinite-length', at);
  if (lenByte > 0x80) {
    const n = lenByte & 0x7f;
    if (n > 4) throw new DerError('bad-length', at);
    if (contentStart + n > limit) throw new DerError('truncated', at);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += n;
    lenByte = n;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('truncated', at);
  const constructed = (tag & 0x20) !== 0;
  const children: DerNode[] = [];
  if (constructed) {
    let p = contentStart;
    while (p < end) {
      const child = readOne(bytes, p, end, depth + 1, budget);
      children.push(child);
      p = child.end;
    }
  }
  return { tag, constructed, start: at, contentStart, end, children };
}

/** Reads one or more concatenated top-level TLVs covering `bytes` exactly. */
export function readDer(bytes: Uint8Array, maxNodes: number = DER_LIMITS.maxNodes): DerReadResult {
  const budget = { nodes: maxNodes };
  const nodes: DerNode[] = [];
  let at = 0;
  try {
    while (at < bytes.length) {
      const node = readOne(bytes, at, bytes.length, 0, budget);
      nodes.push(node);
      at = node.end;
    }
    return nodes.length ? { ok: true, nodes } : { ok: false, reason: 'truncated', at: 0, complete: 0, after: 0 };
  } catch (e) {
    const reason = e instanceof DerError ? e.reason : 'too-deep';
    return { ok: false, reason, at: e instanceof DerError ? e.at : 0, complete: nodes.length, after: at };
  }
}

export const derBytes = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.start, node.end);
export const derContent = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.contentStart, node.end);

export const DER_FAILURE_TEXT: Record<DerFailure, string> = {
  truncated: 'the DER data is truncated (a length runs past the end)',
  'indefinite-length': 'BER indefinite length is not allowed in DER',
  'too-deep': `ASN.1 nesting deeper than ${DER_LIMITS.maxDepth} levels`,
  'too-many-nodes': 'too many ASN.1 elements',
  'bad-length': 'an ASN.1 length field is longer than 4 bytes',
  'long-tag': 'high-number ASN.1 tags do not occur in certificates',
};

/** Decodes an OID's content bytes to dotted form; null when malformed. */
export function decodeOid(content: Uint8Array): string | null {
  if (content.length === 0 || content.length > 64) return null;
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i]!;
    if (value === 0 && b === 0x80) return null;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) return null;
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === content.length - 1) return null;
  }
  const first = arcs[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}
