// Layer: crypto worker. Cooperative cancellation inside the worker: the client numbers each long read-only job and
// sends cancel(jobId) when its caller gives up; the job's AbortSignal fires and the job stops at its next item (the
// long jobs give the event loop a turn between items, so the cancel message is handled while they run). Nothing
// is terminated for it, so other calls in the same worker (a lab CA being created) are never cut off.

const MAX_EARLY = 64;

export class JobRegistry {
  readonly #jobs = new Map<number, AbortController>();
  /** Cancels that arrived before their job started (kept briefly, bounded). */
  readonly #early = new Set<number>();

  /** Runs `work` with the signal of job `jobId` (no id: not cancellable, no signal). */
  async run<T>(jobId: unknown, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (typeof jobId !== 'number' || !Number.isSafeInteger(jobId)) return work(undefined);
    const controller = new AbortController();
    if (this.#early.delete(jobId)) controller.abort();
    this.#jobs.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#jobs.delete(jobId);
    }
  }

  /** True when the job was running and is now told to stop. */
  cancel(jobId: unknown): boolean {
    if (typeof jobId !== 'number' || !Number.isSafeInteger(jobId)) return false;
    const job = this.#jobs.get(jobId);
    if (job) {
      job.abort();
      return true;
    }
    if (this.#early.size >= MAX_EARLY) this.#early.delete(this.#early.values().next().value!);
    this.#early.add(jobId);
    return false;
  }

  get running(): number {
    return this.#jobs.size;
  }
}
