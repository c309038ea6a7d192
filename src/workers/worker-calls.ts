// Layer: crypto worker, main-thread side. The bookkeeping behind CryptoClient: one worker, started lazily, closed
// when idle, and the calls in flight on it. Cancelling never costs other callers their work:
// - a long read-only job ('job': parseLog, inspect, validateChains, verifyCsrs) is answered 'aborted' at once and
//   the worker is told cancel(jobId); the job stops at its next item;
// - a short read-only call ('read') is answered 'aborted' at once; its bounded work finishes and is dropped;
// - a call that changes the lab CA ('mutation') is never answered 'aborted' once sent: it finishes, and its caller
//   gets what really happened (stored or not).
// Termination is the last resort: for a cancelled call still running after `cancelGraceMs`, and never while a
// mutation is running (it waits for it); read-only calls cut off by it run again on a fresh worker. The watchdog
// (`callTimeoutMs`) counts time without an answer or a progress report, so a long parse that reports progress never
// times out, and a hung one does.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { CryptoApi } from './crypto.worker.ts';
import type { ProgressCallback } from './crypto-api.ts';
import type { CryptoResult } from '../pki/crypto-types.ts';

export type CallKind = 'read' | 'job' | 'mutation';

/** What a dispatched call gets besides the API: its job id and a progress callback that also feeds the watchdog. */
export interface JobArgs {
  readonly jobId: number;
  readonly onProgress: ProgressCallback;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WorkerCallsOptions {
  readonly idleMs: number;
  readonly callTimeoutMs: number;
  readonly cancelGraceMs: number;
  readonly createWorker: () => Worker;
}

type Run = (api: Remote<CryptoApi>, job: JobArgs) => Promise<CryptoResult<unknown>>;

interface Call {
  readonly kind: CallKind;
  readonly jobId: number;
  readonly run: Run;
  readonly onProgress: CallOptions['onProgress'];
  readonly resolve: (r: CryptoResult<unknown>) => void;
  answered: boolean;
  /** The attempt now running in the worker, or null. */
  running: number | null;
  attempt: number;
  watchdog: ReturnType<typeof setTimeout> | null;
}

const failure = (code: 'aborted' | 'timeout' | 'worker-crashed', message: string): CryptoResult<never> => ({
  ok: false,
  error: { code, message },
});

export class WorkerCalls {
  #worker: Worker | null = null;
  #remote: Remote<CryptoApi> | null = null;
  #generation = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #nextJob = 0;
  /** A termination is due once the running mutations are done. */
  #terminateWanted = false;
  readonly #calls = new Set<Call>();
  starts = 0;
  terminations = 0;

  constructor(readonly o: WorkerCallsOptions) {}

  get running(): boolean {
    return this.#worker !== null;
  }

  call<T>(run: Run, kind: CallKind, o: CallOptions = {}): Promise<CryptoResult<T>> {
    return new Promise((resolve) => {
      if (o.signal?.aborted) return resolve(failure('aborted', 'cancelled before it started'));
      const onAbort = () => this.#giveUp(call, failure('aborted', 'cancelled'));
      const call: Call = {
        kind,
        jobId: ++this.#nextJob,
        run,
        onProgress: o.onProgress,
        resolve: (r) => {
          o.signal?.removeEventListener('abort', onAbort);
          resolve(r as CryptoResult<T>);
        },
        answered: false,
        running: null,
        attempt: 0,
        watchdog: null,
      };
      this.#calls.add(call);
      o.signal?.addEventListener('abort', onAbort, { once: true });
      this.#arm(call);
      this.#touch();
      this.#dispatch(call);
    });
  }

  /** Terminates the worker now; unanswered calls are answered 'aborted'. The next call starts a new one. */
  close(): void {
    this.#stop();
    for (const c of [...this.#calls]) {
      c.running = null;
      this.#answer(c, failure('aborted', 'the crypto worker was closed'));
    }
  }

  #start(): Remote<CryptoApi> {
    if (this.#remote) return this.#remote;
    const worker = this.o.createWorker();
    const generation = ++this.#generation;
    this.starts++;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (generation === this.#generation) this.#crash(`the crypto worker failed (${e.message || 'script error'})`);
    });
    this.#worker = worker;
    this.#remote = wrap<CryptoApi>(worker);
    return this.#remote;
  }

  #stop(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
    this.#generation++;
    this.#terminateWanted = false;
  }

  #crash(message: string): void {
    this.#stop();
    for (const c of [...this.#calls]) {
      c.running = null;
      this.#answer(c, failure('worker-crashed', message));
    }
  }

  #touch(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (this.#calls.size === 0 && this.#worker) this.#idleTimer = setTimeout(() => this.#stop(), this.o.idleMs);
  }

  /** Answers the caller once, and forgets the call when the worker is done with it too. */
  #answer(c: Call, r: CryptoResult<unknown>): void {
    if (!c.answered) {
      c.answered = true;
      if (c.watchdog) clearTimeout(c.watchdog);
      c.watchdog = null;
      c.resolve(r);
    }
    if (c.running === null) this.#calls.delete(c);
    this.#touch();
  }

  #arm(c: Call): void {
    if (c.watchdog) clearTimeout(c.watchdog);
    c.watchdog = setTimeout(() => this.#expired(c), this.o.callTimeoutMs);
  }

  #dispatch(c: Call): void {
    let remote: Remote<CryptoApi>;
    try {
      remote = this.#start();
    } catch (e) {
      // new Worker() throws synchronously when the page may not start one (CSP, a blocked or missing script).
      c.running = null;
      this.#answer(
        c,
        failure('worker-crashed', `the crypto worker could not start (${e instanceof Error ? e.message : String(e)})`),
      );
      return;
    }
    const attempt = ++c.attempt;
    const generation = this.#generation;
    c.running = attempt;
    const onProgress = proxy((done: number, total: number) => {
      if (c.running !== attempt || c.answered) return;
      this.#arm(c);
      c.onProgress?.(done, total);
    });
    c.run(remote, { jobId: c.jobId, onProgress }).then(
      (r) => this.#finished(c, attempt, r),
      (e: unknown) => {
        // A rejection means the call never reached the worker's guard: the worker died, or the data could not be
        // cloned. After our own termination the call was re-dispatched or dropped already.
        if (generation !== this.#generation) return;
        this.#finished(
          c,
          attempt,
          failure('worker-crashed', `crypto worker call failed (${e instanceof Error ? e.message : String(e)})`),
        );
      },
    );
  }

  #finished(c: Call, attempt: number, r: CryptoResult<unknown>): void {
    if (c.running !== attempt) return;
    c.running = null;
    this.#answer(c, r);
    if (this.#terminateWanted && !this.#mutationRunning()) this.#terminateIfStuck();
  }

  #mutationRunning(): boolean {
    return [...this.#calls].some((c) => c.kind === 'mutation' && c.running !== null);
  }

  /** The caller gives up (abort or watchdog) on a read-only call; mutations run on and answer their outcome. */
  #giveUp(c: Call, r: CryptoResult<never>): void {
    if (c.kind === 'mutation' || c.answered) return;
    this.#answer(c, r);
    if (c.running === null) return;
    const attempt = c.running;
    if (c.kind === 'job') this.#remote?.cancel(c.jobId).catch(() => undefined);
    setTimeout(() => {
      if (c.running === attempt) this.#terminateWhenSafe();
    }, this.o.cancelGraceMs);
  }

  #expired(c: Call): void {
    c.watchdog = null;
    const seconds = Math.round(this.o.callTimeoutMs / 100) / 10;
    if (c.kind !== 'mutation') {
      this.#giveUp(c, failure('timeout', `no answer or progress from the crypto worker in ${seconds} s`));
      return;
    }
    // The worker is hung in the middle of a lab CA change: only termination helps, and only its caller can check.
    this.#answer(
      c,
      failure(
        'timeout',
        `the crypto worker stopped answering for ${seconds} s while it changed the lab CA; it may or may not be ` +
          'done: check the list of lab CAs',
      ),
    );
    this.#restart();
  }

  /** Terminate for a cancelled call that keeps the worker busy, once no mutation is running. */
  #terminateWhenSafe(): void {
    if (this.#mutationRunning()) this.#terminateWanted = true;
    else this.#terminateIfStuck();
  }

  #terminateIfStuck(): void {
    this.#terminateWanted = false;
    if ([...this.#calls].some((c) => c.answered && c.running !== null)) this.#restart();
  }

  /** Last resort: a fresh worker. Answered calls still running are dropped; read-only ones run again. */
  #restart(): void {
    this.terminations++;
    this.#stop();
    const cut = [...this.#calls].filter((c) => c.running !== null);
    for (const c of cut) c.running = null;
    for (const c of cut) {
      if (c.answered) this.#calls.delete(c);
      else if (c.kind === 'mutation')
        this.#answer(c, failure('worker-crashed', 'the crypto worker was restarted while it changed the lab CA'));
      else this.#dispatch(c);
    }
    this.#touch();
  }
}
