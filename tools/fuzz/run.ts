// Fuzz harness, the runner: runs targets in worker threads (two at a time: the CI machine has two cores), each with
// a watchdog that terminates a worker whose current input has not finished within the hang limit and reads that
// input from shared memory. Every failure is printed with its target, seed and index (the replay command) and, for
// a seeded run, saved in regressions/<target>/ so it runs on every later test run (regressions.test.ts).
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_INPUT_BYTES, SLOT, type FuzzJob, type WireInput, type WorkerMessage } from './protocol.ts';

const HERE = import.meta.dirname;
export const REGRESSION_DIR = join(HERE, 'regressions');

export interface FuzzFailure {
  readonly target: string;
  readonly seed: number | null;
  readonly index: number;
  readonly error: string;
  readonly input: WireInput;
  /** Where the input was kept as a regression case (seeded runs only). */
  readonly saved: string | null;
}

export interface TargetOutcome {
  readonly target: string;
  readonly planned: number;
  readonly ran: number;
  readonly ms: number;
  readonly slowestMs: number;
  readonly failures: FuzzFailure[];
}

export interface RunOptions {
  /** How long one input may run before the worker is terminated as hung (setup gets 30 s more). */
  readonly hangMs?: number;
  readonly parallel?: number;
  /** Keep each failure of a seeded run in regressions/ (default true). */
  readonly save?: boolean;
  /** Where to keep them (default regressions/). */
  readonly regressionDir?: string;
}

export const replayCommand = (f: FuzzFailure): string =>
  f.seed === null
    ? `npx tsx tools/fuzz/replay.ts ${f.saved ?? f.target}`
    : `npx tsx tools/fuzz/replay.ts ${f.target} ${f.seed} ${f.index}`;

function save(f: Omit<FuzzFailure, 'saved'>, root: string): string {
  const dir = join(root, f.target);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${(f.seed ?? 0).toString(16)}-${f.index}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ target: f.target, seed: f.seed, index: f.index, error: f.error, input: f.input }, null, 2)}\n`,
  );
  return file;
}

export function runJob(job: FuzzJob, o: RunOptions = {}): Promise<TargetOutcome> {
  const hangMs = o.hangMs ?? 10_000;
  const shared = new SharedArrayBuffer(SLOT.headerInts * 4 + SHARED_INPUT_BYTES);
  const header = new Int32Array(shared, 0, SLOT.headerInts);
  header[SLOT.index] = -1;
  const planned = job.mode === 'range' ? job.count : job.inputs.length;
  const seed = job.mode === 'range' ? job.seed : null;
  const failures: FuzzFailure[] = [];
  const fail = (index: number, error: string, input: WireInput) => {
    const f = { target: job.target, seed, index, error, input };
    failures.push({
      ...f,
      saved: seed !== null && o.save !== false ? save(f, o.regressionDir ?? REGRESSION_DIR) : null,
    });
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const worker = new Worker(join(HERE, 'boot.mjs'), { workerData: { file: join(HERE, 'worker.ts'), job, shared } });
    let lastIndex = -2;
    let lastChange = performance.now();
    let settled = false;
    const finish = (ran: number, slowestMs: number) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve({ target: job.target, planned, ran, ms: performance.now() - started, slowestMs, failures });
    };
    const watchdog = setInterval(() => {
      const index = Atomics.load(header, SLOT.index);
      if (index !== lastIndex) {
        lastIndex = index;
        lastChange = performance.now();
        return;
      }
      if (performance.now() - lastChange < hangMs + (index < 0 ? 30_000 : 0)) return;
      const n = header[SLOT.length]!;
      const bytes = Buffer.from(new Uint8Array(shared, SLOT.headerInts * 4, n));
      const input: WireInput = { kind: header[SLOT.kind] === 1 ? 'text' : 'bytes', base64: bytes.toString('base64') };
      if (index < 0) fail(-1, `setup did not finish within ${hangMs + 30_000} ms`, input);
      else fail(index, `hang: input ran over ${hangMs} ms and its worker was terminated`, input);
      finish(Math.max(0, index), hangMs);
    }, 200);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'failure') fail(m.index, m.error, m.input);
      else if (m.type === 'done') finish(m.ran, m.slowestMs);
      else {
        fail(Atomics.load(header, SLOT.index), `worker crashed: ${m.error}`, { kind: 'bytes', base64: '' });
        finish(Math.max(0, Atomics.load(header, SLOT.index)), 0);
      }
    });
    worker.on('error', (e) => {
      fail(Atomics.load(header, SLOT.index), `worker error: ${e.stack ?? e.message}`, { kind: 'bytes', base64: '' });
      finish(Math.max(0, Atomics.load(header, SLOT.index)), 0);
    });
    worker.on('exit', () => finish(Math.max(0, Atomics.load(header, SLOT.index) + 1), 0));
  });
}

/** Runs the jobs, `parallel` at a time, in the order given (put the long ones first). */
export async function runJobs(jobs: readonly FuzzJob[], o: RunOptions = {}): Promise<TargetOutcome[]> {
  const queue = [...jobs];
  const out: TargetOutcome[] = [];
  const lane = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) out.push(await runJob(job, o));
  };
  await Promise.all(Array.from({ length: o.parallel ?? 2 }, lane));
  return out;
}

export function describeFailure(f: FuzzFailure): string {
  const raw = Buffer.from(f.input.base64, 'base64');
  const shown =
    f.input.kind === 'text' ? JSON.stringify(raw.toString('utf8').slice(0, 300)) : raw.subarray(0, 150).toString('hex');
  return [
    `fuzz failure in ${f.target} (seed ${f.seed === null ? 'none: a regression input' : `0x${f.seed.toString(16)}`}, input #${f.index}): ${f.error}`,
    `  input (${f.input.kind}, ${raw.length} bytes): ${shown}${raw.length > 150 ? ' …' : ''}`,
    `  replay: ${replayCommand(f)}`,
    ...(f.saved ? [`  kept as a regression case: ${f.saved} (commit it with the fix)`] : []),
  ].join('\n');
}

export function table(outcomes: readonly TargetOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.target,
    `${o.ran}/${o.planned}`,
    `${(o.ms / 1000).toFixed(1)} s`,
    `${o.slowestMs.toFixed(1)} ms`,
    String(o.failures.length),
  ]);
  const head = ['target', 'inputs', 'time', 'slowest', 'failures'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
