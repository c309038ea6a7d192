// Layer: audit trail. Anchors: ECDSA P-256 (SHA-256) signatures by the station's key over a chain head. A signature
// covers the head record and, through the hash chain, every record before it, so heads are signed, never records.
//
// An anchor is `{anchor: "keywire-anchor/1", seq, hash, time, sig}`; the signed bytes are the UTF-8 of the canonical
// JSON of the anchor without `sig` (members sorted: anchor, hash, seq, time); `sig` is lowercase hex of the IEEE P1363 form
// (r || s, 64 bytes) WebCrypto makes. The station's public key travels as lowercase hex SPKI DER (hex, not base64:
// the audit trail's secret scan refuses long base64 runs); its fingerprint is the
// lowercase hex SHA-256 of that DER. Works wherever WebCrypto does (browser, worker, Node 20).
import { fromHex, sha256, toArrayBuffer, toHex, utf8 } from '../lib/bytes.ts';
import { tryCanonicalJson } from './chain.ts';

export const ANCHOR_FORMAT = 'keywire-anchor/1';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface AnchorBody {
  readonly anchor: typeof ANCHOR_FORMAT;
  readonly seq: number;
  readonly hash: string;
  readonly time: string;
}

export interface Anchor extends AnchorBody {
  readonly sig: string;
}

/** The station's public identity: its key as lowercase hex SPKI DER and that key's fingerprint. */
export interface StationIdentity {
  readonly key: string;
  readonly fingerprint: string;
}

/** A new station key pair; the private half cannot be exported (only used, by this browser profile). */
export const newStationKey = (): Promise<CryptoKeyPair> =>
  crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;

export async function stationIdentity(publicKey: CryptoKey): Promise<StationIdentity> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  return { key: toHex(spki), fingerprint: toHex(await sha256(spki)) };
}

const signedBytes = (body: AnchorBody): ArrayBuffer | null => {
  const canonical = tryCanonicalJson({ anchor: body.anchor, seq: body.seq, hash: body.hash, time: body.time });
  return canonical.ok ? toArrayBuffer(utf8(canonical.value)) : null;
};

export async function signHead(
  privateKey: CryptoKey,
  head: { readonly seq: number; readonly hash: string },
  now: Date,
): Promise<Anchor> {
  const body: AnchorBody = { anchor: ANCHOR_FORMAT, seq: head.seq, hash: head.hash, time: now.toISOString() };
  const bytes = signedBytes(body);
  if (!bytes) throw new Error('chain head not representable');
  const sig = new Uint8Array(await crypto.subtle.sign(SIGNING, privateKey, bytes));
  return { ...body, sig: toHex(sig) };
}

/** The public key from hex SPKI DER, or null when it is not a P-256 key. */
export async function importStationKey(spkiHex: string): Promise<CryptoKey | null> {
  const der = fromHex(spkiHex);
  if (!der) return null;
  try {
    return await crypto.subtle.importKey('spki', toArrayBuffer(der), ALGORITHM, true, ['verify']);
  } catch {
    return null;
  }
}

/** True when `anchor.sig` is the station's signature over the anchor's seq, hash and time. */
export async function anchorSignatureOk(publicKey: CryptoKey, anchor: Anchor): Promise<boolean> {
  const bytes = signedBytes(anchor);
  const sig = fromHex(anchor.sig);
  if (!bytes || !sig || sig.length !== 64) return false;
  try {
    return await crypto.subtle.verify(SIGNING, publicKey, toArrayBuffer(sig), bytes);
  } catch {
    return false;
  }
}

/** An anchor from parsed JSON (an export line, a stored row), or null when it has another shape. */
export function asAnchor(value: unknown): Anchor | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.anchor !== ANCHOR_FORMAT) return null;
  const { seq, hash, time, sig } = v;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof hash !== 'string' || typeof time !== 'string' || typeof sig !== 'string') return null;
  return { anchor: ANCHOR_FORMAT, seq, hash, time, sig };
}
