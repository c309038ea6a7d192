// Test support (never imported by the app): the crypto worker's API in this thread, shaped as the checks' CheckCrypto,
// honouring the signal before and after each call as the real client does on abort.
import { createCryptoApi } from '../../workers/crypto-api.ts';
import { MemoryLabCaStore } from '../../workers/lab-ca-store.ts';
import type { CryptoResult } from '../../pki/crypto-types.ts';
import type { CheckCrypto, SignalOption } from '../health-check-read.ts';

const aborted = <T>(): CryptoResult<T> => ({ ok: false, error: { code: 'aborted', message: 'cancelled' } });

async function guarded<T>(o: SignalOption | undefined, run: () => Promise<CryptoResult<T>>): Promise<CryptoResult<T>> {
  if (o?.signal?.aborted) return aborted();
  const r = await run();
  return o?.signal?.aborted ? aborted() : r;
}

export function checkCryptoInThread(): CheckCrypto & { calls: string[] } {
  const api = createCryptoApi(new MemoryLabCaStore());
  const calls: string[] = [];
  return {
    calls,
    inspect: (input, o) => guarded(o, () => (calls.push('inspect'), api.inspect(input))),
    validateChain: (leaf, intermediates, anchors, opts = {}, o) =>
      guarded(o, () => (calls.push('validateChain'), api.validateChain(leaf, intermediates, anchors, opts))),
    sameKey: (a, b, o) => guarded(o, () => (calls.push('sameKey'), api.sameKey(a, b))),
    verifyChallenge: (key, challenge, signature, o) =>
      guarded(o, () => (calls.push('verifyChallenge'), api.verifyChallenge(key, challenge, signature))),
  };
}
