// Layer: audit trail. Demo records for the viewer, the e2e tests and the benchmark: realistic provisioning runs
// (connect, identify, offline, keygen, CSR check, issue, write, verify) on a fleet of boards, written through the real
// store (`appendBatch`, same guard and chain). Deterministic for a given seed. Never called by the app on its own.
import { err, ok, type Result } from '../lib/result.ts';
import type { AuditDetail } from './detail.ts';
import type { AuditStore, BatchEntry } from './store.ts';
import type { AuditDevice, AuditError } from './types.ts';

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rnd: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');

export function demoDevices(count: number, seed = 1): AuditDevice[] {
  const rnd = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const u = hex(rnd, 32);
    const id = `${u.slice(0, 8)}-${u.slice(8, 12)}-4${u.slice(13, 16)}-8${u.slice(17, 20)}-${u.slice(20)}`;
    const old = i % 3 === 0;
    return {
      family: 'nrf91',
      id,
      model: old ? 'nRF9160-SICA' : 'nRF9151-LACA',
      firmware: old ? 'mfw_nrf9160_1.3.5' : 'mfw_nrf91x1_2.0.2',
    };
  });
}

/** One provisioning run on one board; `completes` indexes are relative to the run. */
function run(device: AuditDevice, rnd: () => number, n: number): BatchEntry[] {
  const secTag = 16842753 + (n % 3);
  const certSha256 = hex(rnd, 64).toUpperCase();
  const fails = rnd() < 0.08;
  const cert: AuditDetail = {
    secTag,
    certSha256,
    serial: hex(rnd, 16),
    notAfter: new Date(Date.UTC(2031, n % 12, 1 + (n % 28))).toISOString(),
    caName: n % 5 === 0 ? 'Acme Field CA 2030' : 'Acme Lab CA',
    caKind: n % 5 === 0 ? 'est' : 'lab',
    sizeBytes: 600 + Math.floor(rnd() * 200),
  };
  const entries: BatchEntry[] = [
    {
      device: { ...device, id: '', model: '', firmware: '' },
      action: 'connect',
      outcome: 'success',
      detail: { port: 'USB 1915:910a' },
    },
    { device, action: 'identify', outcome: 'success' },
    { device, action: 'functional-mode', outcome: 'intent', detail: { functionalMode: 4, previousFunctionalMode: 1 } },
    { device, action: 'functional-mode', outcome: 'success', detail: { functionalMode: 4 }, completes: 2 },
    { device, action: 'keygen', outcome: 'intent', detail: { secTag, keyType: 'P-256' } },
    { device, action: 'keygen', outcome: 'success', detail: { secTag, csrSha256: hex(rnd, 64) }, completes: 4 },
    { device, action: 'csr-checked', outcome: 'success', detail: { secTag, spkiSha256: hex(rnd, 64) } },
    { device, action: 'certificate-issued', outcome: 'success', detail: cert },
    {
      device,
      action: 'credential-write',
      outcome: 'intent',
      detail: { secTag, credentialKind: 'clientCert', certSha256 },
    },
  ];
  if (fails) {
    const failure: AuditDetail = {
      secTag,
      message: 'The modem refused the write (+CME ERROR: 518): it is not offline.',
    };
    entries.push({
      device,
      action: 'credential-write',
      outcome: 'failure',
      errorCode: 'device-rejected',
      detail: failure,
      completes: 8,
    });
  } else {
    entries.push({
      device,
      action: 'credential-write',
      outcome: 'success',
      detail: { secTag, certSha256 },
      completes: 8,
    });
    entries.push({ device, action: 'verify', outcome: 'success', detail: { secTag, contentSha256: certSha256 } });
  }
  return entries;
}

/** About `count` demo entries (whole runs), as batches of at most `batchSize` with in-batch intent links. */
export function demoBatches(
  count: number,
  opts: { seed?: number; devices?: number; batchSize?: number } = {},
): BatchEntry[][] {
  const rnd = random(opts.seed ?? 7);
  const devices = demoDevices(opts.devices ?? Math.max(1, Math.ceil(count / 40)), opts.seed ?? 7);
  const batchSize = opts.batchSize ?? 1000;
  const batches: BatchEntry[][] = [[]];
  let total = 0;
  for (let n = 0; total < count; n++) {
    const entries = run(devices[n % devices.length]!, rnd, n).slice(0, count - total);
    let batch = batches.at(-1)!;
    if (batch.length + entries.length > batchSize) batches.push((batch = []));
    const offset = batch.length;
    for (const e of entries) batch.push(e.completes === undefined ? e : { ...e, completes: e.completes + offset });
    total += entries.length;
  }
  return batches.filter((b) => b.length > 0);
}

/** Writes about `count` demo records through the store. */
export async function seedDemo(
  store: AuditStore,
  count: number,
  opts: { seed?: number; devices?: number; onProgress?: (written: number) => void } = {},
): Promise<Result<number, AuditError>> {
  let written = 0;
  for (const batch of demoBatches(count, opts)) {
    const r = await store.appendBatch(batch);
    if (!r.ok) return err(r.error);
    written += r.value.length;
    opts.onProgress?.(written);
  }
  return ok(written);
}
