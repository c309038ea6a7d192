// Crypto worker benchmark, real Chromium (production build of the client and worker served by `vite preview`),
// rounds interleaved with `openssl verify` on the same chain: each round, CHAIN_CALLS chain validations in the
// worker one call at a time, then one `openssl verify` process checking the same leaf CHAIN_CALLS times (so
// openssl's process start is spread over the leaves, as the worker's start is left out by a warm-up). Goal: the
// worker's rate >= 0.3 x openssl's. Also the same validations as one batch call, CSR proof-of-possession checks
// and inspect of a 500-certificate PEM bundle, and the main-thread long tasks during each.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CA_EXT, OpensslLab } from '../src/pki/openssl-fixtures.ts';
import { LabCa } from '../src/workers/lab-ca.ts';
import { MemoryLabCaStore } from '../src/workers/lab-ca-store.ts';
import { nrf91Vectors } from '../src/test-vectors.ts';
import { withBenchPage } from './browser.ts';
import type { BenchInputs, CryptoBenchApi, Timed } from './crypto-page/main.ts';
import { figure, interleave, MIN_SAMPLES, ratios } from './figures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHAIN_CALLS = 100;
const CSRS = 500;
const BUNDLE = 500;

async function makeInputs(lab: OpensslLab): Promise<BenchInputs> {
  const root = lab.root('BenchRoot');
  const inter = lab.issue('BenchInter', root, { ext: CA_EXT(0) });
  const leaf = lab.issue('BenchLeaf', inter);
  const ca = new LabCa(new MemoryLabCaStore());
  const created = await ca.create({ name: 'Bench', curve: 'P-256', withIntermediate: true });
  if (!created.ok) throw new Error(created.error.message);
  const csr = nrf91Vectors.keygen_csr_uuid_cn.response_payload.split('.')[0]!;
  const bundle: string[] = [];
  for (let i = 0; i < BUNDLE; i++) {
    const r = await ca.issue(created.value.id, csr, { validityDays: 30, commonName: { mode: 'custom', cn: `b-${i}` } });
    if (!r.ok) throw new Error(r.error.message);
    bundle.push(r.value.leafPem);
  }
  const csrs = [csr, nrf91Vectors.keygen_csr_normalized.response_payload.split('.')[0]!];
  return {
    leafPem: leaf.pem,
    interPem: inter.pem,
    rootPem: root.pem,
    csrs: Array.from({ length: CSRS }, (_, i) => csrs[i % 2]!),
    bundlePem: bundle.join(''),
  };
}

type Bench = { keywireBench: CryptoBenchApi };

export default async function cryptoBench(): Promise<void> {
  const lab = new OpensslLab();
  try {
    const inputs = await makeInputs(lab);
    const args = [
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      lab.write('bench-root.pem', inputs.rootPem),
      '-untrusted',
      lab.write('bench-inter.pem', inputs.interPem),
      ...Array.from({ length: CHAIN_CALLS }, () => lab.write('bench-leaf.pem', inputs.leafPem)),
    ];
    await withBenchPage({ root: join(here, 'crypto-page') }, async (page, url) => {
      await page.goto(url);
      await page.waitForFunction(() => 'keywireBench' in globalThis);
      await page.evaluate((i) => (globalThis as unknown as Bench).keywireBench.setup(i), inputs);
      const call = (name: 'chainCalls' | 'chainBatch' | 'csrs' | 'bundle') =>
        page.evaluate(([n, c]) => (globalThis as unknown as Bench).keywireBench[n as 'chainCalls'](c as number), [
          name,
          CHAIN_CALLS,
        ] as const) as Promise<Timed>;
      const worker: Timed[] = [];
      const batch: Timed[] = [];
      const [, openssl] = await interleave(MIN_SAMPLES, [
        async () => worker.push(await call('chainCalls')),
        () => execFileSync('openssl', args, { maxBuffer: 1 << 24 }),
        async () => batch.push(await call('chainBatch')),
      ]);
      worker.shift(); // warm-up round
      batch.shift();
      const csr: Timed[] = [];
      const bundle: Timed[] = [];
      await interleave(MIN_SAMPLES, [
        async () => csr.push(await call('csrs')),
        async () => bundle.push(await call('bundle')),
      ]);
      csr.shift();
      bundle.shift();
      const rate = (t: Timed[]) => t.map((x) => x.count / (x.ms / 1000));
      const opensslRate = openssl!.map((ms) => CHAIN_CALLS / (ms / 1000));
      console.log(
        `inputs: P-256 root + intermediate + leaf (openssl), ${CSRS} real nRF91 CSRs, ` +
          `${bundle[0]?.count}-certificate PEM bundle (lab CA); ${CHAIN_CALLS} validations per round`,
      );
      figure('crypto', 'chain validations/s, worker, one call at a time', rate(worker), '/s', null);
      figure('crypto', 'chain validations/s, openssl verify (one process per round)', opensslRate, '/s', null);
      figure('crypto', 'rate worker (one at a time) / openssl', ratios(rate(worker), opensslRate), '', {
        op: '>=',
        value: 0.3,
      });
      figure('crypto', 'chain validations/s, worker, one batch call', rate(batch), '/s', null);
      figure('crypto', `CSR proof-of-possession checks/s, batch of ${CSRS}`, rate(csr), '/s', null);
      figure(
        'crypto',
        `inspect of a ${BUNDLE}-certificate PEM bundle`,
        bundle.map((b) => b.ms),
        'ms',
        null,
      );
      const tasks = [...worker, ...batch, ...csr, ...bundle].map((t) => t.longTasks);
      figure('crypto', 'main-thread long tasks per worker call series', tasks, '', { op: '<=', value: 0, of: 'all' });
    });
  } finally {
    lab.cleanup();
  }
}
