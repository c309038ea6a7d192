// Bench page: the production crypto client and worker, built by Vite, driven by bench/crypto.bench.ts through
// playwright. Counts main-thread long tasks (> 50 ms) for the whole run after the warm-up (bench/long-tasks.ts).
import { CryptoClient } from '../../src/workers/crypto-client.ts';
import { LongTaskCounter, type LongTaskCount } from '../long-tasks.ts';

export interface BenchInputs {
  readonly leafPem: string;
  readonly interPem: string;
  readonly rootPem: string;
  readonly csrs: readonly string[];
  readonly bundlePem: string;
  readonly chainCalls: number;
}

export interface BenchResults extends LongTaskCount {
  readonly chainCallsPerSecond: number;
  readonly chainBatchPerSecond: number;
  readonly csrPerSecond: number;
  readonly bundleMs: number;
  readonly bundleCertificates: number;
}

const longTasks = new LongTaskCounter();
longTasks.start(true);

async function run(inputs: BenchInputs): Promise<BenchResults> {
  const client = new CryptoClient({ idleMs: 60_000 });
  const fail = (what: string, r: { ok: boolean; error?: { message: string } }) => {
    if (!r.ok) throw new Error(`${what}: ${r.error?.message}`);
  };
  // Warm-up: worker start, module compile, key import cache.
  fail('warm-up', await client.validateChain(inputs.leafPem, [inputs.interPem], [inputs.rootPem]));
  longTasks.reset();

  let t0 = performance.now();
  for (let i = 0; i < inputs.chainCalls; i++) {
    const r = await client.validateChain(inputs.leafPem, [inputs.interPem], [inputs.rootPem]);
    if (!r.ok || !r.value.valid) throw new Error('chain did not validate');
  }
  const chainCallsPerSecond = inputs.chainCalls / ((performance.now() - t0) / 1000);

  const requests = Array.from({ length: inputs.chainCalls }, () => ({
    leaf: inputs.leafPem,
    intermediates: [inputs.interPem],
    anchors: [inputs.rootPem],
  }));
  t0 = performance.now();
  fail('batch', await client.validateChains(requests));
  const chainBatchPerSecond = inputs.chainCalls / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  const csr = await client.verifyCsrs(inputs.csrs);
  fail('csrs', csr);
  if (csr.ok && !csr.value.every((c) => c.signatureValid)) throw new Error('a CSR did not verify');
  const csrPerSecond = inputs.csrs.length / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  const bundle = await client.inspect(inputs.bundlePem);
  const bundleMs = performance.now() - t0;
  fail('bundle', bundle);
  const bundleCertificates = bundle.ok ? bundle.value.objects.filter((o) => o.kind === 'certificate').length : 0;

  await new Promise((res) => setTimeout(res, 100)); // let the observer deliver the last entries
  client.close();
  return {
    chainCallsPerSecond,
    chainBatchPerSecond,
    csrPerSecond,
    bundleMs,
    bundleCertificates,
    ...longTasks.counted,
  };
}

(globalThis as unknown as { keywireBench: typeof run }).keywireBench = run;
