// Layer: audit trail, page side of the worker. `AuditJobs` runs verify, export and search in the audit worker and
// gives back error values: an AbortSignal cancels the job in the worker, progress arrives as 0..1, and a worker that
// fails to start or crashes becomes 'worker-failed' instead of a promise that never settles. An idle worker is
// closed after a while and started again on the next job.
import { proxy, wrap, type Remote } from 'comlink';
import { err, type Result } from '../lib/result.ts';
import type { ExportResult } from './export.ts';
import type { AuditFilter, JobOptions } from './query.ts';
import { aborted } from './query.ts';
import { auditError, type AuditError } from './types.ts';
import type { VerifyReport } from './verify.ts';
import type { AuditWorkerApi } from './audit.worker.ts';

const IDLE_MS = 30_000;

interface Running {
  readonly api: Remote<AuditWorkerApi>;
  readonly crashed: Promise<Result<never, AuditError>>;
  readonly worker: Worker;
}

export class AuditJobs {
  #running: Running | null = null;
  #nextId = 1;
  #active = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly dbName: string,
    private readonly createWorker: () => Worker = () =>
      new Worker(new URL('./audit.worker.ts', import.meta.url), { type: 'module', name: 'keywire-audit' }),
  ) {}

  verifyStore(opts: JobOptions = {}): Promise<Result<VerifyReport, AuditError>> {
    return this.#run(opts, (api, id, p) => api.verifyStore(this.dbName, id, p));
  }

  verifyFile(file: Blob, opts: JobOptions = {}): Promise<Result<VerifyReport, AuditError>> {
    return this.#run(opts, (api, id, p) => api.verifyFile(file, id, p));
  }

  exportJsonl(opts: JobOptions = {}): Promise<Result<ExportResult, AuditError>> {
    return this.#run(opts, (api, id, p) => api.exportJsonl(this.dbName, id, p));
  }

  /** CSV of the given seqs, or of every record when null. */
  exportCsv(seqs: Uint32Array | null, opts: JobOptions = {}): Promise<Result<ExportResult, AuditError>> {
    return this.#run(opts, (api, id, p) => api.exportCsv(this.dbName, seqs, id, p));
  }

  search(filter: AuditFilter, opts: JobOptions = {}): Promise<Result<Uint32Array, AuditError>> {
    return this.#run(opts, (api, id, p) => api.search(this.dbName, filter, id, p));
  }

  terminate(): void {
    clearTimeout(this.#idle);
    this.#running?.worker.terminate();
    this.#running = null;
  }

  #start(): Running | AuditError {
    if (this.#running) return this.#running;
    let worker: Worker;
    try {
      worker = this.createWorker();
    } catch {
      return auditError('worker-failed', 'The background worker could not start. Reload the page.');
    }
    const crashed = new Promise<Result<never, AuditError>>((resolve) => {
      const fail = (event: Event) => {
        event.preventDefault();
        if (this.#running?.worker === worker) this.#running = null;
        worker.terminate();
        resolve(err(auditError('worker-failed', 'The background worker stopped unexpectedly. Try again.')));
      };
      worker.addEventListener('error', fail);
      worker.addEventListener('messageerror', fail);
    });
    this.#running = { api: wrap<AuditWorkerApi>(worker), crashed, worker };
    return this.#running;
  }

  async #run<T>(
    opts: JobOptions,
    call: (api: Remote<AuditWorkerApi>, id: number, onProgress?: (f: number) => void) => Promise<Result<T, AuditError>>,
  ): Promise<Result<T, AuditError>> {
    if (opts.signal?.aborted) return err(aborted());
    const running = this.#start();
    if (!('api' in running)) return err(running);
    clearTimeout(this.#idle);
    this.#active += 1;
    const id = this.#nextId++;
    const cancel = () => void running.api.cancel(id).catch(() => {});
    opts.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const progress = opts.onProgress ? proxy(opts.onProgress) : undefined;
      return await Promise.race([call(running.api, id, progress), running.crashed]);
    } catch (e) {
      return err(
        auditError('worker-failed', `The background job failed${e instanceof Error ? `: ${e.message}` : ''}.`),
      );
    } finally {
      opts.signal?.removeEventListener('abort', cancel);
      this.#active -= 1;
      if (this.#active === 0) this.#idle = setTimeout(() => this.terminate(), IDLE_MS);
    }
  }
}
