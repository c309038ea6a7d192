// Layer: crypto worker, main-thread side. The only way the UI and flows reach the worker. Starts the worker lazily,
// closes it after a few idle seconds, restarts it after a crash. Every call takes an AbortSignal, which cannot cross
// to a worker: long read-only jobs (parseLog, inspect, validateChains, verifyCsrs) are cancelled cooperatively (the
// worker stops them at their next item), short read-only calls are answered 'aborted' and their bounded work is
// dropped, and lab CA changes are never cut off: their callers get what really happened. The worker is terminated
// only when a cancelled call keeps it busy past a grace period, and never while a lab CA change runs (worker-calls.ts).
// Progress callbacks cross as comlink proxies and keep the watchdog from firing while a long job moves; Blobs and
// Files cross by reference (structured clone), so the worker reads them, not the page. Never throws: a worker that
// cannot even be created answers 'worker-crashed'.
import type { Remote } from 'comlink';
import type { Timeline } from '../diagnose/index.ts';
import type { DecodeListing } from '../diagnose/decode/listing.ts';
import type { CryptoApi } from './crypto.worker.ts';
import type { ChainRequest, CsrCheck } from './crypto-api.ts';
import { WorkerCalls, type CallKind, type CallOptions, type JobArgs } from './worker-calls.ts';
import type {
  AssembledCsr,
  ChainOptions,
  ChainReport,
  ChallengeReport,
  CryptoResult,
  CsrBody,
  CsrBodyRequest,
  InspectListing,
  InspectReport,
  IssuedCertificate,
  IssueProfile,
  KeyMaterial,
  SameKeyReport,
} from '../pki/crypto-types.ts';
import type { CreateLabCaOptions, ImportLabCaOptions, LabCaSummary } from '../ca/lab-ca-types.ts';

export type { CallOptions } from './worker-calls.ts';

export interface CryptoClientOptions {
  /** Close the worker after this long without calls (ms). Default 5000. */
  readonly idleMs?: number;
  /** A call with neither an answer nor a progress report for this long counts as hung (ms). Default 60000. */
  readonly callTimeoutMs?: number;
  /** How long a cancelled call may keep the worker busy before it is terminated (ms). Default 3000. */
  readonly cancelGraceMs?: number;
  readonly createWorker?: () => Worker;
}

const defaultWorker = () =>
  new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'keywire-crypto' });

export class CryptoClient {
  readonly #calls: WorkerCalls;

  constructor(o: CryptoClientOptions = {}) {
    this.#calls = new WorkerCalls({
      idleMs: o.idleMs ?? 5000,
      callTimeoutMs: o.callTimeoutMs ?? 60_000,
      cancelGraceMs: o.cancelGraceMs ?? 3000,
      createWorker: o.createWorker ?? defaultWorker,
    });
  }

  get running(): boolean {
    return this.#calls.running;
  }
  /** Workers started so far (tests and the diagnostics panel read it). */
  get starts(): number {
    return this.#calls.starts;
  }
  /** Workers terminated as a last resort (a cancelled call that kept running, a hung worker). */
  get terminations(): number {
    return this.#calls.terminations;
  }

  /** Terminates the worker now; calls not answered yet are answered 'aborted'. The next call starts a new one. */
  close(): void {
    this.#calls.close();
  }

  /**
   * Any API call. `retryable: false` marks a call that changes the lab CA: it is never answered 'aborted' once
   * sent and never cut off. Read-only calls are answered 'aborted' at once when their signal fires.
   */
  call<T>(
    run: (api: Remote<CryptoApi>, job: JobArgs) => Promise<CryptoResult<T>>,
    o: CallOptions & { retryable?: boolean; kind?: CallKind } = {},
  ): Promise<CryptoResult<T>> {
    const kind = o.kind ?? (o.retryable === false ? 'mutation' : 'read');
    return this.#calls.call<T>(run, kind, o);
  }

  #job<T>(run: (api: Remote<CryptoApi>, job: JobArgs) => Promise<CryptoResult<T>>, o: CallOptions) {
    return this.call(run, { ...o, kind: 'job' });
  }

  /**
   * A device log (a dropped File/Blob, or pasted text) -> its handshake timeline and diagnosis, read in the worker
   * with progress (bytes, or characters for text). Cancel stops it at its next piece; the watchdog counts from the
   * last progress report, so a 64 MB log is never cut off for being long.
   */
  parseLog(input: Blob | string, o: CallOptions = {}): Promise<CryptoResult<Timeline>> {
    return this.#job((api, job) => api.parseLog(input, job.onProgress, job.jobId), o);
  }
  /** Diagnose's Decode box: the paste decoded in the worker, one entry per distinct code (see `DecodeListing`). */
  decodeListing(text: string, o: CallOptions = {}): Promise<CryptoResult<DecodeListing>> {
    return this.#job((api, job) => api.decodeListing(text, job.onProgress, job.jobId), o);
  }
  inspect(input: KeyMaterial, o: CallOptions = {}): Promise<CryptoResult<InspectReport>> {
    return this.#job((api, job) => api.inspect(input, job.onProgress, job.jobId), o);
  }
  /** `inspect` for a view that shows a page at a time (see `InspectListing`); a File/Blob is read in the worker. */
  inspectListing(input: KeyMaterial | Blob, o: CallOptions = {}): Promise<CryptoResult<InspectListing>> {
    return this.#job((api, job) => api.inspectListing(input, job.onProgress, job.jobId), o);
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
    return this.#job((api, job) => api.validateChains(requests, opts, job.onProgress, job.jobId), o);
  }
  verifyCsrs(csrs: readonly KeyMaterial[], o: CallOptions = {}): Promise<CryptoResult<CsrCheck[]>> {
    return this.#job((api, job) => api.verifyCsrs(csrs, job.onProgress, job.jobId), o);
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
    return this.call((api) => api.createCa(options), { ...o, kind: 'mutation' });
  }
  importCa(options: ImportLabCaOptions, o: CallOptions = {}): Promise<CryptoResult<LabCaSummary>> {
    return this.call((api) => api.importCa(options), { ...o, kind: 'mutation' });
  }
  selectCa(id: string, o: CallOptions = {}): Promise<CryptoResult<LabCaSummary>> {
    return this.call((api) => api.selectCa(id), { ...o, kind: 'mutation' });
  }
  deleteCa(id: string, o: CallOptions = {}): Promise<CryptoResult<{ deleted: string }>> {
    return this.call((api) => api.deleteCa(id), { ...o, kind: 'mutation' });
  }
  exportCa(
    id: string,
    o: CallOptions = {},
  ): Promise<CryptoResult<{ pem: string; rootPem: string; chainDer: Uint8Array[] }>> {
    return this.call((api) => api.exportCa(id), o);
  }
  /** Issuing is treated as a lab CA change: once sent, its caller gets the certificate even if it cancelled. */
  issueCertificate(
    caId: string,
    csr: KeyMaterial,
    profile: IssueProfile,
    o: CallOptions = {},
  ): Promise<CryptoResult<IssuedCertificate>> {
    return this.call((api) => api.issueCertificate(caId, csr, profile), { ...o, kind: 'mutation' });
  }
}

let shared: CryptoClient | null = null;
/** The app's one client (flows and UI share one worker). */
export const cryptoClient = (): CryptoClient => (shared ??= new CryptoClient());
