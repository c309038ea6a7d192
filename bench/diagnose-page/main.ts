// Bench page: the production crypto client and worker, built by Vite, driven by bench/diagnose.bench.ts. Holds the
// logs as Blobs (as a dropped file would be) and times CryptoClient.parseLog on one of them per call, worker
// included: the page asks, the worker reads the Blob and parses, the timeline comes back.
import { CryptoClient } from '../../src/workers/crypto-client.ts';

export interface ParseSample {
  readonly ms: number;
  readonly lines: number;
  readonly attempts: number;
}

const client = new CryptoClient({ idleMs: 600_000 });
const logs = new Map<string, Blob>();

function addLog(name: string, text: string): number {
  const blob = new Blob([text], { type: 'text/plain' });
  logs.set(name, blob);
  return blob.size;
}

async function parseOnce(name: string): Promise<ParseSample> {
  const blob = logs.get(name);
  if (!blob) throw new Error(`no log ${name}`);
  const t0 = performance.now();
  const r = await client.parseLog(blob);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return { ms, lines: r.value.lines, attempts: r.value.attempts.length + r.value.droppedAttempts };
}

Object.assign(globalThis, { keywireLogBench: { addLog, parseOnce } });
