// Layer: flows, diagnostics. Gathers the evidence for "does the board hold this certificate's key", strongest first:
// a fresh random challenge the board signs with the key at that slot (boards with a signer facet; the worker checks
// the signature with the certificate), the public key the board exports for that slot, then the audit trail's
// record of the key generated there. What was tried and why it gave nothing is kept for the report.
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import type { Device } from '../devices/device.ts';
import type { KeyEvidence, KeyRecord } from '../diagnose/health/index.ts';
import { auditKeyEvidence, type CertSummary } from '../diagnose/health/index.ts';
import type { CheckCrypto } from './health-check-read.ts';

export interface EvidenceContext {
  readonly device: Device;
  readonly crypto: CheckCrypto;
  readonly signal?: AbortSignal;
  /** This board's audit records, or why there are none. */
  readonly records:
    { readonly ok: true; readonly value: readonly KeyRecord[] } | { readonly ok: false; readonly why: string };
  readonly random: (bytes: number) => Uint8Array;
}

const CHALLENGE_BYTES = 32;

async function challenge(
  ctx: EvidenceContext,
  secTag: number,
  certPem: string,
  leaf: CertSummary,
  tried: string[],
): Promise<KeyEvidence | null> {
  const signer = ctx.device.signer!;
  const curve = leaf.curve;
  if (leaf.keyAlgorithm !== 'EC' || (curve !== 'P-256' && curve !== 'P-384') || !signer.curves.includes(curve)) {
    tried.push(
      `a challenge cannot be signed for a ${leaf.keyAlgorithm} ${curve ?? ''} key on this board`.replace(/ +/g, ' '),
    );
    return null;
  }
  const nonce = ctx.random(CHALLENGE_BYTES);
  const digest = curve === 'P-256' ? sha256(nonce) : sha384(nonce);
  const signed = await ctx.device.signer!.sign(secTag, digest, { signal: ctx.signal });
  if (!signed.ok) {
    tried.push(`the board did not sign a challenge with slot ${secTag} (${signed.error.message})`);
    return null;
  }
  const verdict = await ctx.crypto.verifyChallenge(certPem, nonce, signed.value, { signal: ctx.signal });
  if (!verdict.ok) {
    tried.push(`the board's challenge signature could not be checked (${verdict.error.message})`);
    return null;
  }
  return { kind: 'challenge', slot: secTag, valid: verdict.value.valid, curve };
}

async function exported(
  ctx: EvidenceContext,
  secTag: number,
  certPem: string,
  tried: string[],
): Promise<KeyEvidence | null> {
  const key = await ctx.device.signer!.publicKey(secTag, { signal: ctx.signal });
  if (!key.ok) {
    tried.push(`the board did not export the public key of slot ${secTag} (${key.error.message})`);
    return null;
  }
  const compared = await ctx.crypto.sameKey(certPem, key.value, { signal: ctx.signal });
  if (!compared.ok) {
    tried.push(`the exported public key could not be read (${compared.error.message})`);
    return null;
  }
  return { kind: 'exported-key', slot: secTag, spkiSha256: compared.value.b.spkiSha256 };
}

export async function gatherKeyEvidence(
  ctx: EvidenceContext,
  secTag: number,
  certPem: string,
  leaf: CertSummary,
  keySlotNow: string | null,
): Promise<KeyEvidence> {
  const tried: string[] = [];
  if (ctx.device.signer) {
    const signedEvidence = await challenge(ctx, secTag, certPem, leaf, tried);
    if (signedEvidence) return signedEvidence;
    const exportedEvidence = await exported(ctx, secTag, certPem, tried);
    if (exportedEvidence) return exportedEvidence;
  } else tried.push('this board cannot sign a challenge or export its public key');
  if (!ctx.records.ok) tried.push(ctx.records.why);
  else {
    const pick = auditKeyEvidence(ctx.records.value, secTag, keySlotNow);
    if (pick.evidence) return pick.evidence;
    tried.push(pick.note);
  }
  return { kind: 'none', tried };
}
