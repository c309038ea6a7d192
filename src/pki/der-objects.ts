// Layer: PKI codecs. Strict top-level reading of one piece of input (a PEM block, a DER file, base64, hex): the
// bytes are whole DER objects and nothing else. Bytes after a certificate, CSR or PKCS#7 bundle are an error, never
// ignored: a parser that stops at the end of the first object would let two programs disagree about what was signed
// or written (X.690 §10: DER has one encoding; a PEM block holds one structure, RFC 7468 §2). Never throws.
import { DER_FAILURE_TEXT, readDer, type DerNode } from './der-read.ts';
import { classifyDer, type DerShape } from './classify.ts';

export type DerObjectsRead =
  | { readonly ok: true; readonly nodes: readonly DerNode[] }
  | { readonly ok: false; readonly trailing: boolean; readonly message: string };

const SHAPE_NAME: Record<DerShape, string> = {
  certificate: 'certificate',
  csr: 'CSR',
  spki: 'public key',
  'pkcs7-signed-data': 'PKCS#7 bundle',
  'cms-other': 'CMS object',
  'pkcs8-private-key': 'private key',
  'encrypted-private-key': 'private key',
  'sec1-private-key': 'private key',
  'rsa-private-key': 'private key',
  unknown: 'DER object',
};

export function trailingMessage(shape: DerShape, extra: number, from: number): string {
  const what = SHAPE_NAME[shape];
  return (
    `${extra} trailing byte(s) after the ${what} (from offset ${from}): DER must end where the ${what} ends. ` +
    `Use a clean copy of the ${what} with nothing appended.`
  );
}

/**
 * Reads `bytes` as top-level DER objects. `single` (a PEM block, a CSR body, one certificate): exactly one object.
 * Otherwise (a DER or base64 file of concatenated objects): one or more, and nothing unrecognised after the first
 * certificate, CSR, key or bundle.
 */
export function readDerObjects(bytes: Uint8Array, opts: { readonly single: boolean }): DerObjectsRead {
  const r = readDer(bytes);
  if (!r.ok) {
    if (r.complete === 0)
      return { ok: false, trailing: false, message: `not DER: ${DER_FAILURE_TEXT[r.reason]} (offset ${r.at})` };
    const last = readDer(bytes.subarray(0, r.after));
    const shape = last.ok ? classifyDer(bytes, last.nodes[last.nodes.length - 1]!) : 'unknown';
    return { ok: false, trailing: true, message: trailingMessage(shape, bytes.length - r.after, r.after) };
  }
  const first = r.nodes[0]!;
  const firstShape = classifyDer(bytes, first);
  if (opts.single && r.nodes.length > 1)
    return { ok: false, trailing: true, message: trailingMessage(firstShape, bytes.length - first.end, first.end) };
  for (let i = 1; i < r.nodes.length; i++) {
    if (classifyDer(bytes, r.nodes[i]!) !== 'unknown') continue;
    const before = classifyDer(bytes, r.nodes[i - 1]!);
    const from = r.nodes[i - 1]!.end;
    return { ok: false, trailing: true, message: trailingMessage(before, bytes.length - from, from) };
  }
  return { ok: true, nodes: r.nodes };
}

/** The one DER object `bytes` must hold exactly. */
export function readOneDerObject(
  bytes: Uint8Array,
): { ok: true; node: DerNode } | { ok: false; trailing: boolean; message: string } {
  const r = readDerObjects(bytes, { single: true });
  return r.ok ? { ok: true, node: r.nodes[0]! } : r;
}

/** Input forms that may carry several concatenated objects; every other form (PEM, a key line) carries one. */
export const holdsOneObject = (form: string): boolean => form !== 'der' && form !== 'base64' && form !== 'hex';
