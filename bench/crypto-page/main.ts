// Bench page: the production crypto client and worker, built by Vite, driven by bench/crypto.bench.ts through
// playwright. Each call times one measurement with the page's own clock (the driver's round trip is not in it),
// so the driver can interleave them with `openssl verify` runs. Long tasks are counted per call.
import { CryptoClient } from '../../src/workers/crypto-client.ts';
import { LongTaskCounter } from '../long-tasks.ts';

export interface BenchInputs {
  readonly leafPem: string;
  readonly interPem: string;
  readonly rootPem: string;
  readonly csrs: readonly string[];
  readonly bundlePem: string;
}

export interface Timed {
  readonly ms: number;
  readonly longTasks: number;
  readonly count: number;
}

const longTasks = new LongTaskCounter();
longTasks.start(true);
let client: CryptoClient | null = null;
let inputs: BenchInputs | null = null;

const fail = (what: string, r: { ok: boolean; error?: { message: string } }) => {
  if (!r.ok) throw new Error(`${what}: ${r.error?.message}`);
};

async function timed(body: () => Promise<number>): Promise<Timed> {
  longTasks.reset();
  const t0 = performance.now();
  const count = await body();
  const ms = performance.now() - t0;
  await new Promise((res) => setTimeout(res, 60)); // let the observer deliver the last entries
  return { ms, count, longTasks: longTasks.counted.longTasks };
}

const api = {
  async setup(i: BenchInputs): Promise<void> {
    inputs = i;
    client = new CryptoClient({ idleMs: 600_000 });
    // Warm-up: worker start, module compile.
    fail('warm-up', await client.validateChain(i.leafPem, [i.interPem], [i.rootPem]));
  },
  /** `n` chain validations, one call at a time. */
  chainCalls: (n: number) =>
    timed(async () => {
      for (let k = 0; k < n; k++) {
        const r = await client!.validateChain(inputs!.leafPem, [inputs!.interPem], [inputs!.rootPem]);
        if (!r.ok || !r.value.valid) throw new Error('chain did not validate');
      }
      return n;
    }),
  /** `n` chain validations in one batch call. */
  chainBatch: (n: number) =>
    timed(async () => {
      const one = { leaf: inputs!.leafPem, intermediates: [inputs!.interPem], anchors: [inputs!.rootPem] };
      fail('batch', await client!.validateChains(Array.from({ length: n }, () => one)));
      return n;
    }),
  csrs: () =>
    timed(async () => {
      const r = await client!.verifyCsrs(inputs!.csrs);
      fail('csrs', r);
      if (r.ok && !r.value.every((c) => c.signatureValid)) throw new Error('a CSR did not verify');
      return inputs!.csrs.length;
    }),
  bundle: () =>
    timed(async () => {
      const r = await client!.inspect(inputs!.bundlePem);
      fail('bundle', r);
      return r.ok ? r.value.objects.filter((o) => o.kind === 'certificate').length : 0;
    }),
};

export type CryptoBenchApi = typeof api;
Object.assign(globalThis, { keywireBench: api });
