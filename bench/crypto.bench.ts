// Crypto worker benchmark, one run on the same inputs: chain validations per second in the worker (real Chromium,
// production build of the client + worker served by `vite preview`) against `openssl verify` on the same chain,
// CSR proof-of-possession checks per second, inspect of a 500-certificate bundle, and main-thread long tasks.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { CA_EXT, OpensslLab } from '../src/pki/openssl-fixtures.ts';
import { LabCa } from '../src/workers/lab-ca.ts';
import { MemoryLabCaStore } from '../src/workers/lab-ca-store.ts';
import { nrf91Vectors } from '../src/test-vectors.ts';
import { longTasksText, withBenchPage } from './browser.ts';
import type { BenchInputs, BenchResults } from './crypto-page/main.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHAIN_CALLS = 300;
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
    const r = await ca.issue(created.value.id, csr, {
      validityDays: 30,
      commonName: { mode: 'custom', cn: `bench-${i}` },
    });
    if (!r.ok) throw new Error(r.error.message);
    bundle.push(r.value.leafPem);
  }
  const csrs = [
    nrf91Vectors.keygen_csr_uuid_cn.response_payload.split('.')[0]!,
    nrf91Vectors.keygen_csr_normalized.response_payload.split('.')[0]!,
  ];
  return {
    leafPem: leaf.pem,
    interPem: inter.pem,
    rootPem: root.pem,
    csrs: Array.from({ length: CSRS }, (_, i) => csrs[i % 2]!),
    bundlePem: bundle.join(''),
    chainCalls: CHAIN_CALLS,
  };
}

/** One `openssl verify` process checking the same leaf CHAIN_CALLS times: no per-process start cost in the rate. */
function opensslRate(lab: OpensslLab, inputs: BenchInputs): number {
  const root = lab.write('bench-root.pem', inputs.rootPem);
  const inter = lab.write('bench-inter.pem', inputs.interPem);
  const leaf = lab.write('bench-leaf.pem', inputs.leafPem);
  const args = [
    'verify',
    '-purpose',
    'sslclient',
    '-CAfile',
    root,
    '-untrusted',
    inter,
    ...Array.from({ length: CHAIN_CALLS }, () => leaf),
  ];
  execFileSync('openssl', args.slice(0, 8)); // warm the page cache
  const t0 = performance.now();
  execFileSync('openssl', args, { maxBuffer: 1 << 24 });
  return CHAIN_CALLS / ((performance.now() - t0) / 1000);
}

function runInChromium(inputs: BenchInputs): Promise<BenchResults> {
  return withBenchPage({ root: join(here, 'crypto-page') }, async (page, url) => {
    await page.goto(url);
    await page.waitForFunction(() => 'keywireBench' in globalThis);
    return await page.evaluate(
      (i) => (globalThis as unknown as { keywireBench: (x: BenchInputs) => Promise<BenchResults> }).keywireBench(i),
      inputs,
    );
  });
}

export default async function cryptoBench(): Promise<void> {
  const lab = new OpensslLab();
  try {
    const inputs = await makeInputs(lab);
    writeFileSync(lab.path('bench-bundle.pem'), inputs.bundlePem);
    const r = await runInChromium(inputs);
    const openssl = opensslRate(lab, inputs);
    const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);
    const rate = (n: number) => `${n.toFixed(0)} /s`;
    console.log(
      `inputs: P-256 root + intermediate + leaf (openssl), ${CSRS} real nRF91 CSRs, ${BUNDLE}-certificate PEM bundle (lab CA)`,
    );
    line(`chain validations, worker, ${CHAIN_CALLS} calls one at a time`, rate(r.chainCallsPerSecond));
    line(`chain validations, worker, one batch call of ${CHAIN_CALLS}`, rate(r.chainBatchPerSecond));
    line(`chain validations, openssl verify, one process, ${CHAIN_CALLS} leaves`, rate(openssl));
    line(
      'ratio worker / openssl (per call; batch)',
      `${(r.chainCallsPerSecond / openssl).toFixed(2)}; ${(r.chainBatchPerSecond / openssl).toFixed(2)}`,
    );
    line(`CSR verifications (proof of possession), batch of ${CSRS}`, rate(r.csrPerSecond));
    line(`inspect of a ${r.bundleCertificates}-certificate PEM bundle`, `${r.bundleMs.toFixed(0)} ms`);
    line('main-thread long tasks (> 50 ms) during the run', longTasksText(r));
  } finally {
    lab.cleanup();
  }
}
