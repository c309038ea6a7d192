// Fuzz harness, inside a worker thread (started by run.ts through boot.mjs): runs one target over its seeded inputs
// (or over given inputs: the regression folder). Before each input it writes the index and the input's bytes to
// shared memory, so the runner can name the input a hang is stuck in and terminate this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { inputCapMs, inputRng, type FuzzInput, type FuzzTarget } from './target.ts';
import { TARGETS } from './targets/index.ts';
import { SLOT, type FuzzJob, type WireInput, type WorkerMessage } from './protocol.ts';

const job = workerData.job as FuzzJob;
const header = new Int32Array(workerData.shared as SharedArrayBuffer, 0, SLOT.headerInts);
const data = new Uint8Array(workerData.shared as SharedArrayBuffer, SLOT.headerInts * 4);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

export const toWire = (input: FuzzInput): WireInput =>
  typeof input === 'string'
    ? { kind: 'text', base64: Buffer.from(input, 'utf8').toString('base64') }
    : { kind: 'bytes', base64: Buffer.from(input).toString('base64') };

const fromWire = (w: WireInput): FuzzInput =>
  w.kind === 'text'
    ? Buffer.from(w.base64, 'base64').toString('utf8')
    : new Uint8Array(Buffer.from(w.base64, 'base64'));

function publish(index: number, input: FuzzInput): void {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const n = Math.min(bytes.length, data.length);
  data.set(bytes.subarray(0, n));
  header[SLOT.kind] = typeof input === 'string' ? 1 : 0;
  header[SLOT.length] = n;
  Atomics.store(header, SLOT.index, index);
}

async function timed(target: FuzzTarget, input: FuzzInput, ctx: unknown): Promise<number> {
  const t0 = performance.now();
  await target.run(input, ctx);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const target = TARGETS.find((t) => t.name === job.target) as FuzzTarget | undefined;
  if (!target) throw new Error(`no fuzz target named ${job.target}`);
  const ctx = await target.setup?.();
  const count = job.mode === 'range' ? job.count : job.inputs.length;
  let failures = 0;
  let slowest = 0;
  const started = performance.now();
  for (let i = 0; i < count && failures < 5; i++) {
    const input = job.mode === 'range' ? target.generate(inputRng(job.seed, i), ctx) : fromWire(job.inputs[i]!);
    publish(i, input);
    const cap = inputCapMs(target, input);
    try {
      let ms = await timed(target, input, ctx);
      // A slow input is slow every time; a scheduler hiccup on a loaded 2-core machine is not: an input over its cap
      // counts only if the fastest of three runs is still over it.
      for (let retry = 0; retry < 2 && ms > cap; retry++) ms = Math.min(ms, await timed(target, input, ctx));
      slowest = Math.max(slowest, ms);
      if (ms > cap) {
        failures++;
        post({ type: 'failure', index: i, input: toWire(input), error: `took ${ms.toFixed(0)} ms (cap ${cap} ms)` });
      }
    } catch (e) {
      failures++;
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      post({ type: 'failure', index: i, input: toWire(input), error });
    }
  }
  await target.teardown?.(ctx);
  post({
    type: 'done',
    ran: Atomics.load(header, SLOT.index) + 1,
    slowestMs: slowest,
    ms: performance.now() - started,
  });
}

main().catch((e: unknown) => post({ type: 'crash', error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
