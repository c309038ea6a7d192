// Layer: crypto worker, main-thread side. The only way the UI and flows reach the worker. Starts the worker lazily,
// closes it after a few idle seconds, restarts it after a crash or an abort. Every call takes an AbortSignal: an
// AbortSignal cannot cross to a worker, so on abort the client terminates the worker (as squoosh does) and answers
// {code: 'aborted'}; other calls in flight are re-run on a fresh worker when they are read-only, or answered
// 'aborted' when they change lab CA state; the cancelled call itself is never re-run. Progress callbacks cross as
// comlink proxies; Blobs and Files cross by reference (structured clone), so the worker reads them, not the page.
// Never throws: a worker that cannot even be created answers 'worker-crashed'.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { Timeline } from '../diagnose/index.ts';
import type { CryptoApi } from './crypto.worker.ts';
import type { ChainRequest, CsrCheck, ProgressCallback } from './crypto-api.ts';
import type {
  AssembledCsr,
  ChainOptions,
  ChainReport,
  ChallengeReport,
  CreateLabCaOptions,
  CryptoResult,
  CsrBody,
  CsrBodyRequest,
  ImportLabCaOptions,
  InspectReport,
  IssuedCertificate,
  IssueProfile,
  KeyMaterial,
  LabCaSummary,
  SameKeyReport,
} from './types.ts';

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CryptoClientOptions {
  /** Close the worker after this long without calls (ms). Default 5000. */
  readonly idleMs?: number;
  /** A call that gets no answer for this long is treated as a hung or crashed worker (ms). Default 60000. */
  readonly callTimeoutMs?: number;
  readonly createWorker?: () => Worker;
}

interface Pending {
  readonly run: (api: Remote<CryptoApi>) => Promise<CryptoResult<unknown>>;
  readonly retryable: boolean;
  readonly settle: (r: CryptoResult<unknown>) => void;
  attempt: number;
}

const defaultWorker = () =>
  new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'keywire-crypto' });

export class CryptoClient {
  #worker: Worker | null = null;
  #remote: Remote<CryptoApi> | null = null;
  #generation = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #pending = new Set<Pending>();
  readonly #idleMs: number;
  readonly #callTimeoutMs: number;
  readonly #createWorker: () => Worker;
  /** Workers started so far (tests and the diagnostics panel read it). */
  starts = 0;

  constructor(o: CryptoClientOptions = {}) {
    this.#idleMs = o.idleMs ?? 5000;
    this.#callTimeoutMs = o.callTimeoutMs ?? 60_000;
    this.#createWorker = o.createWorker ?? defaultWorker;
  }

  get running(): boolean {
    return this.#worker !== null;
  }

  #start(): Remote<CryptoApi> {
    if (this.#remote) return this.#remote;
    const worker = this.#createWorker();
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
  }

  #crash(message: string): void {
    this.#stop();
    for (const p of [...this.#pending]) p.settle({ ok: false, error: { code: 'worker-crashed', message } });
  }

  #touch(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (this.#pending.size === 0 && this.#worker) this.#idleTimer = setTimeout(() => this.#stop(), this.#idleMs);
  }

  /** Terminates the worker now; in-flight calls are answered 'aborted'. The next call starts a new one. */
  close(): void {
    this.#stop();
    for (const p of [...this.#pending])
      p.settle({ ok: false, error: { code: 'aborted', message: 'the crypto worker was closed' } });
  }

  #dispatch(p: Pending): void {
    let remote: Remote<CryptoApi>;
    try {
      remote = this.#start();
    } catch (e) {
      // new Worker() throws synchronously when the page may not start one (CSP, a blocked or missing script).
      p.settle({
        ok: false,
        error: {
          code: 'worker-crashed',
          message: `the crypto worker could not start (${e instanceof Error ? e.message : String(e)})`,
        },
      });
      return;
    }
    const generation = this.#generation;
    const attempt = ++p.attempt;
    p.run(remote).then(
      (r) => {
        if (p.attempt === attempt) p.settle(r);
      },
      (e: unknown) => {
        // A rejection means the call never reached our guard: the worker died, or the data could not be cloned.
        if (p.attempt !== attempt || generation !== this.#generation) return;
        p.settle({
          ok: false,
          error: {
            code: 'worker-crashed',
            message: `crypto worker call failed (${e instanceof Error ? e.message : String(e)})`,
          },
        });
      },
    );
  }

  call<T>(
    run: (api: Remote<CryptoApi>) => Promise<CryptoResult<T>>,
    o: CallOptions & { retryable?: boolean } = {},
  ): Promise<CryptoResult<T>> {
    return new Promise((resolve) => {
      if (o.signal?.aborted)
        return resolve({ ok: false, error: { code: 'aborted', message: 'cancelled before it started' } });
      let timer: ReturnType<typeof setTimeout> | null = null;
      const onAbort = () => {
        p.settle({ ok: false, error: { code: 'aborted', message: 'cancelled' } });
        this.#restartAfterAbort();
      };
      const p: Pending = {
        run: run as Pending['run'],
        retryable: o.retryable ?? true,
        attempt: 0,
        settle: (r) => {
          if (!this.#pending.delete(p)) return;
          if (timer) clearTimeout(timer);
          o.signal?.removeEventListener('abort', onAbort);
          resolve(r as CryptoResult<T>);
          this.#touch();
        },
      };
      this.#pending.add(p);
      o.signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        p.settle({
          ok: false,
          error: { code: 'timeout', message: `no answer from the crypto worker in ${this.#callTimeoutMs} ms` },
        });
        this.#crash('the crypto worker stopped answering and was restarted');
      }, this.#callTimeoutMs);
      this.#touch();
      this.#dispatch(p);
    });
  }

  /** The aborted call's work may still be running: kill the worker, re-run the read-only calls on a fresh one. */
  #restartAfterAbort(): void {
    this.#stop();
    for (const p of [...this.#pending]) {
      if (p.retryable) this.#dispatch(p);
      else
        p.settle({
          ok: false,
          error: { code: 'aborted', message: 'interrupted because another call was cancelled; try again' },
        });
    }
  }

  #progress(o: CallOptions): ProgressCallback | undefined {
    return o.onProgress ? proxy(o.onProgress) : undefined;
  }

  /**
   * A device log (a dropped File/Blob, or pasted text) -> its handshake timeline and diagnosis, read in the worker
   * with progress (bytes, or characters for text). Read-only: re-run on a fresh worker if another call's abort kills
   * this one's worker; its own abort answers 'aborted' at once and is not re-run.
   */
  parseLog(input: Blob | string, o: CallOptions = {}): Promise<CryptoResult<Timeline>> {
    return this.call((api) => api.parseLog(input, this.#progress(o)), o);
  }
  inspect(input: KeyMaterial, o: CallOptions = {}): Promise<CryptoResult<InspectReport>> {
    return this.call((api) => api.inspect(input, this.#progress(o)), o);
  }
  sameKey(a: KeyMaterial, b: KeyMaterial, o: CallOptions = {}): Promise<CryptoResult<SameKeyReport>> {
    return this.call((api) => api.sameKey(a, b), o);
  }
  verifyChallenge(
    key: KeyMaterial,
    challenge: Uint8Array,
    signature: Uint8Array,
    o: CallOptions = {},
  ): Promise<CryptoResult<ChallengeReport>> {
    return this.call((api) => api.verifyChallenge(key, challenge, signature), o);
  }
  validateChain(
    leaf: KeyMaterial,
    intermediates: readonly KeyMaterial[],
    anchors: readonly KeyMaterial[],
    opts: ChainOptions = {},
    o: CallOptions = {},
  ): Promise<CryptoResult<ChainReport>> {
    return this.call((api) => api.validateChain(leaf, intermediates, anchors, opts), o);
  }
  validateChains(
    requests: readonly ChainRequest[],
    opts: ChainOptions = {},
    o: CallOptions = {},
  ): Promise<CryptoResult<CryptoResult<ChainReport>[]>> {
    return this.call((api) => api.validateChains(requests, opts, this.#progress(o)), o);
  }
  verifyCsrs(csrs: readonly KeyMaterial[], o: CallOptions = {}): Promise<CryptoResult<CsrCheck[]>> {
    return this.call((api) => api.verifyCsrs(csrs, this.#progress(o)), o);
  }
  buildCsr(request: CsrBodyRequest, o: CallOptions = {}): Promise<CryptoResult<CsrBody>> {
    return this.call((api) => api.buildCsr(request), o);
  }
  assembleCsr(body: Uint8Array, signature: Uint8Array, o: CallOptions = {}): Promise<CryptoResult<AssembledCsr>> {
    return this.call((api) => api.assembleCsr(body, signature), o);
  }
  listCas(o: CallOptions = {}): Promise<CryptoResult<LabCaSummary[]>> {
    return this.call((api) => api.listCas(), o);
  }
  createCa(options: CreateLabCaOptions, o: CallOptions = {}): Promise<CryptoResult<LabCaSummary>> {
    return this.call((api) => api.createCa(options), { ...o, retryable: false });
  }
  importCa(options: ImportLabCaOptions, o: CallOptions = {}): Promise<CryptoResult<LabCaSummary>> {
    return this.call((api) => api.importCa(options), { ...o, retryable: false });
  }
  selectCa(id: string, o: CallOptions = {}): Promise<CryptoResult<LabCaSummary>> {
    return this.call((api) => api.selectCa(id), { ...o, retryable: false });
  }
  deleteCa(id: string, o: CallOptions = {}): Promise<CryptoResult<{ deleted: string }>> {
    return this.call((api) => api.deleteCa(id), { ...o, retryable: false });
  }
  exportCa(
    id: string,
    o: CallOptions = {},
  ): Promise<CryptoResult<{ pem: string; rootPem: string; chainDer: Uint8Array[] }>> {
    return this.call((api) => api.exportCa(id), o);
  }
  issueCertificate(
    caId: string,
    csr: KeyMaterial,
    profile: IssueProfile,
    o: CallOptions = {},
  ): Promise<CryptoResult<IssuedCertificate>> {
    return this.call((api) => api.issueCertificate(caId, csr, profile), { ...o, retryable: false });
  }
}

let shared: CryptoClient | null = null;
/** The app's one client (flows and UI share one worker). */
export const cryptoClient = (): CryptoClient => (shared ??= new CryptoClient());
