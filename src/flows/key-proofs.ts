// Layer: flows. The provisioning path's second choice, read from the board's facets: how the key is proven before
// anything is written. The worker's check always brings two proofs (the CSR's signature verifies with its key, and
// the certificate carries the CSR's key). On top of those:
// - every board that can sign (`signer`) signs a fresh random challenge with the slot's key, verified in the worker
//   against the certificate's key ('board-challenge');
// - every board that exports its public key (`signer.publicKey`, or `keys.publicKey` for a board that makes keys
//   and can export them, e.g. Zephyr's `nrf_cloud_cred pubkey`) has that key compared with the certificate's
//   ('board-public-key'); the detail names the key's SPKI SHA-256 so the verify step can show the match.
// A proof that fails, or cannot be carried out on a board that offers it, makes the check refuse: nothing is written.
import type { Device } from '../devices/device.ts';
import type { KeyProof, WriteCheckFinding, WriteCheckReport } from '../pki/crypto-types.ts';
import type { FlowCrypto } from './deps.ts';
import type { StepContext } from './step-context.ts';

const CHALLENGE_BYTES = 32;

export interface BoardProofContext {
  readonly device: Device;
  readonly crypto: FlowCrypto;
  readonly slot: number;
  readonly signal?: AbortSignal;
  /** Fresh random bytes (tests may pin them; the app uses crypto.getRandomValues). */
  readonly random?: (n: number) => Uint8Array;
}

/** The proofs of the run's slot, on this step's board, worker and signal. */
export const proofContext = (ctx: StepContext): BoardProofContext => ({
  device: ctx.device,
  crypto: ctx.deps.crypto,
  slot: ctx.record().profile.secTag,
  signal: ctx.signal,
});

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

async function digestOf(curve: 'P-256' | 'P-384', data: Uint8Array): Promise<Uint8Array> {
  const hash = curve === 'P-256' ? 'SHA-256' : 'SHA-384';
  return new Uint8Array(await crypto.subtle.digest(hash, data.slice().buffer));
}

type Signed = Awaited<ReturnType<NonNullable<Device['signer']>['sign']>>;
type Exported = Awaited<ReturnType<NonNullable<Device['signer']>['publicKey']>>;

const curvesOf = (device: Device) => (device.signer?.curves.length ? device.signer.curves : (['P-256'] as const));

/** The challenge proof: the board signs the digest of fresh random bytes; the worker verifies against the cert.
 * `first`: the board's answer for the first curve, already asked for (startBoardProofs). */
async function challengeProof(
  ctx: BoardProofContext,
  certPem: string,
  nonce: Uint8Array,
  first: Promise<Signed>,
): Promise<KeyProof> {
  const signer = ctx.device.signer!;
  const o = ctx.signal ? { signal: ctx.signal } : {};
  const curves = curvesOf(ctx.device);
  let last = 'the board signs with no curve KeyWire checks';
  for (const [i, curve] of curves.entries()) {
    const signed = i === 0 ? await first : await signer.sign(ctx.slot, await digestOf(curve, nonce), o);
    // A board that knows the slot's curve refuses a digest of another size with nothing sent: try the next curve.
    if (!signed.ok && signed.error.code === 'invalid-input' && curve !== curves.at(-1)) {
      last = signed.error.message;
      continue;
    }
    if (!signed.ok)
      return {
        id: 'board-challenge',
        passed: false,
        detail: `The board did not sign a challenge: ${signed.error.message}`,
      };
    const verdict = await ctx.crypto.verifyChallenge(certPem, nonce, signed.value, o);
    if (!verdict.ok) {
      last = verdict.error.message;
      continue;
    }
    if (verdict.value.curve !== curve) continue;
    return verdict.value.valid
      ? {
          id: 'board-challenge',
          passed: true,
          detail: `The board signed a fresh ${CHALLENGE_BYTES}-byte challenge with slot ${ctx.slot}; it verifies with the certificate's ${curve} key.`,
        }
      : {
          id: 'board-challenge',
          passed: false,
          detail: `The board's signature over a fresh challenge does not verify with the certificate's key: slot ${ctx.slot} holds another key.`,
        };
  }
  return {
    id: 'board-challenge',
    passed: false,
    detail: `The board's challenge signature could not be checked (${last}).`,
  };
}

/** The exported-key proof: the public key the board gives for the slot equals the certificate's. */
async function publicKeyProof(ctx: BoardProofContext, certPem: string, exported: Promise<Exported>): Promise<KeyProof> {
  const o = ctx.signal ? { signal: ctx.signal } : {};
  const key = await exported;
  if (!key.ok)
    return {
      id: 'board-public-key',
      passed: false,
      detail: `The board did not give its public key: ${key.error.message}`,
    };
  const same = await ctx.crypto.sameKey(key.value, certPem, o);
  if (!same.ok)
    return {
      id: 'board-public-key',
      passed: false,
      detail: `The board's public key could not be compared (${same.error.message}).`,
    };
  return same.value.same
    ? {
        id: 'board-public-key',
        passed: true,
        detail: `The public key the board exports for slot ${ctx.slot} is the certificate's key (SPKI SHA-256 ${same.value.a.spkiSha256.slice(0, 16)}…).`,
      }
    : {
        id: 'board-public-key',
        passed: false,
        detail: `The public key the board exports for slot ${ctx.slot} is not the certificate's key.`,
      };
}

export interface BoardProofsStarted {
  /** The board's proofs, judged against the certificate the worker approved. */
  judge(certPem: string): Promise<KeyProof[]>;
  /** Settles when the board has answered what was asked at the start (await it before leaving without judging). */
  readonly settled: Promise<unknown>;
}

/**
 * Asks the board now for what its proofs need and does not depend on the certificate (read-only: its exported public
 * key, and a signature over a fresh random challenge with the first curve it signs with), so the board answers while
 * the worker checks the certificate. Judging needs the approved certificate; a board whose slot is on another curve
 * is asked again with the next one then.
 */
export function startBoardProofs(ctx: BoardProofContext): BoardProofsStarted {
  const o = ctx.signal ? { signal: ctx.signal } : {};
  const device = ctx.device;
  const signer = device.signer;
  const nonce = (ctx.random ?? randomBytes)(CHALLENGE_BYTES);
  // The key is exported first, then the challenge signed: a board that needs the slot's curve to sign (a secure
  // element) knows it from that answer and does not read the key a second time.
  const exported: Promise<Exported> | null = signer
    ? signer.publicKey(ctx.slot, o)
    : device.keys?.publicKey
      ? device.keys.publicKey(ctx.slot, o)
      : null;
  const digest = signer ? digestOf(curvesOf(device)[0]!, nonce) : null;
  const first: Promise<Signed> | null = signer && digest ? digest.then((d) => signer.sign(ctx.slot, d, o)) : null;
  return {
    settled: Promise.allSettled([first, exported]),
    judge: async (certPem) => {
      if (first && exported)
        return [await challengeProof(ctx, certPem, nonce, first), await publicKeyProof(ctx, certPem, exported)];
      return exported ? [await publicKeyProof(ctx, certPem, exported)] : [];
    },
  };
}

/** The board's own proofs this board offers, run against the certificate the worker approved. */
export async function boardProofs(ctx: BoardProofContext, certPem: string): Promise<KeyProof[]> {
  return startBoardProofs(ctx).judge(certPem);
}

/** The worker's report with the board's proofs added: a failed proof is an error finding and refuses the write. */
export function withBoardProofs(report: WriteCheckReport, proofs: readonly KeyProof[]): WriteCheckReport {
  const failed = proofs.filter((p) => !p.passed);
  const findings: WriteCheckFinding[] = [
    ...report.findings,
    ...failed.map((p): WriteCheckFinding => ({
      code: 'key-mismatch',
      check: 'certificate-key',
      severity: 'error',
      message: p.detail,
      action:
        'Do not write this certificate: start over so the board makes a new key, or check the board is the one that made the CSR.',
    })),
  ];
  const keyCheckFailed = findings.some((f) => f.check === 'certificate-key' && f.severity === 'error');
  return {
    ...report,
    writable: report.writable && failed.length === 0,
    proofs: [...report.proofs, ...proofs],
    findings,
    checks: report.checks.map((c) =>
      c.id === 'certificate-key' && keyCheckFailed ? { ...c, verdict: 'failed' as const } : c,
    ),
  };
}
