// Layer: PKI. A CSR's proof of possession is checked once per exact bytes in a context: one provisioning run asks for
// it when the CSR is assembled, inspected (check-csr), signed by the lab CA and checked before writing, all in the
// same worker. The verdict depends on the CSR's bytes alone (key, algorithm, body, signature all come from them), so
// it is kept under those bytes (the whole DER, not a digest: no two CSRs share a key); the newest 64 are kept.
import type { VerifyOutcome } from './signature-verify.ts';

const KEEP = 64;
const verdicts = new Map<string, Promise<VerifyOutcome>>();
let checked = 0;
let reused = 0;

const keyOf = (der: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < der.length; i += 0x2000) s += String.fromCharCode(...der.subarray(i, i + 0x2000));
  return s;
};

/** The verdict for `der`, from `verify` the first time these bytes are seen, then from memory. */
export function csrVerdict(der: Uint8Array, verify: () => Promise<VerifyOutcome>): Promise<VerifyOutcome> {
  const key = keyOf(der);
  const known = verdicts.get(key);
  if (known) {
    reused++;
    // Newest last: a verdict in use is kept longest.
    verdicts.delete(key);
    verdicts.set(key, known);
    return known;
  }
  checked++;
  const verdict = verify();
  verdicts.set(key, verdict);
  // A check that threw is not kept: the next call tries again.
  verdict.catch(() => verdicts.delete(key));
  while (verdicts.size > KEEP) verdicts.delete(verdicts.keys().next().value!);
  return verdict;
}

/** How many CSRs were verified and how many verdicts came from memory (tests, benchmarks). */
export const csrVerdictCounts = (): { readonly checked: number; readonly reused: number } => ({ checked, reused });
