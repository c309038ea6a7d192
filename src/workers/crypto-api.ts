// Layer: crypto worker. The one API the worker exposes (through comlink) and Node tests call directly. Every
// method returns Promise<Result<T, {code, message}>>: comlink drops error classes, so nothing throws across the
// boundary — arguments are checked here, and any unexpected throw becomes an 'internal' error value. Long batches
// report progress through a callback (a comlink.proxy from the client) and stop at their time budget.
// Cancellation is cooperative: the long read-only jobs (parseLog, inspect, validateChains, verifyCsrs) take a job id
// from the client, check its signal between items and yield now and then, and `cancel(jobId)` stops them; the client
// terminates the worker only as a last resort (see crypto-client.ts).
import { err, ok } from '../lib/result.ts';
import { Yielder } from '../lib/yield.ts';
import { inspectInput, INPUT_LIMIT_BYTES } from '../pki/inspect.ts';
import { inspectListing } from '../pki/inspect-listing.ts';
import { validateChain as validate } from '../pki/chain-validate.ts';
import { sameKey, verifyChallenge } from '../pki/key-checks.ts';
import { assembleCsr, buildCsr } from '../pki/csr-service.ts';
import { parseLog } from '../diagnose/log/parse-log.ts';
import { decodeListing } from '../diagnose/decode/listing.ts';
import { checkBeforeWrite } from '../pki/write-check.ts';
import { JobRegistry } from './jobs.ts';
import { LabCa } from './lab-ca.ts';
import type { LabCaStore } from './lab-ca-store.ts';
import type {
  ChainOptions,
  ChainReport,
  CryptoError,
  CryptoResult,
  CsrBodyRequest,
  IssueProfile,
  KeyMaterial,
  WriteCheckRequest,
} from '../pki/crypto-types.ts';
import type { CreateLabCaOptions, ImportLabCaOptions } from '../ca/lab-ca-types.ts';

export type ProgressCallback = (done: number, total: number) => unknown;

export interface ChainRequest {
  readonly leaf: KeyMaterial;
  readonly intermediates?: readonly KeyMaterial[];
  readonly anchors?: readonly KeyMaterial[];
}

export interface CsrCheck {
  readonly index: number;
  readonly signatureValid: boolean | null;
  readonly spkiSha256: string | null;
  readonly error: CryptoError | null;
}

/** Per-call time budget: work past it stops with 'timeout' instead of holding the worker. */
export const CALL_BUDGET_MS = 20_000;
const MAX_BATCH = 10_000;

const isMaterial = (x: unknown): x is KeyMaterial => typeof x === 'string' || x instanceof Uint8Array;
const bad = (message: string) => err<CryptoError>({ code: 'malformed', message });
const cancelled = (what: string, done: number, total: number) =>
  err<CryptoError>({ code: 'aborted', message: `${what} cancelled after ${done} of ${total}` });

/** Runs `fn`, turning any throw into an error value. */
async function guard<T>(what: string, fn: () => Promise<CryptoResult<T>> | CryptoResult<T>): Promise<CryptoResult<T>> {
  try {
    return await fn();
  } catch (e) {
    return err({
      code: 'internal',
      message: `${what} failed unexpectedly (${e instanceof Error ? e.message : String(e)})`,
    });
  }
}

/** Progress reporting must never break the work (the proxy's port may be closed). */
function report(onProgress: ProgressCallback | undefined, done: number, total: number): void {
  try {
    const r = onProgress?.(done, total);
    if (r instanceof Promise) r.catch(() => undefined);
  } catch {
    /* a broken callback is the caller's problem, not the result's */
  }
}

const writeCheckArgs = (r: WriteCheckRequest): string | null => {
  if (!r || typeof r !== 'object') return 'checkBeforeWrite takes a request object';
  if (!Array.isArray(r.certificates) || !r.certificates.every(isMaterial))
    return 'certificates must be a list of PEM/DER';
  if (!Array.isArray(r.caCertificates) || !r.caCertificates.every(isMaterial))
    return 'caCertificates must be a list of PEM/DER';
  if (!isMaterial(r.csr)) return 'csr must be PEM text or DER bytes';
  if (r.expectedCommonName !== null && typeof r.expectedCommonName !== 'string')
    return 'expectedCommonName must be text or null';
  if (!r.target || (r.target.pemLineEnding !== 'lf' && r.target.pemLineEnding !== 'crlf'))
    return "target.pemLineEnding must be 'lf' or 'crlf'";
  return null;
};

const chainArgs = (r: ChainRequest): string | null => {
  if (!r || !isMaterial(r.leaf)) return 'leaf must be PEM text or DER bytes';
  if (r.intermediates && (!Array.isArray(r.intermediates) || !r.intermediates.every(isMaterial)))
    return 'intermediates must be a list of PEM/DER';
  if (r.anchors && (!Array.isArray(r.anchors) || !r.anchors.every(isMaterial)))
    return 'anchors must be a list of PEM/DER';
  return null;
};

export function createCryptoApi(store: LabCaStore) {
  const labCa = new LabCa(store);
  const jobs = new JobRegistry();
  return {
    /** Liveness and limits, for the client's health check. */
    async ping(): Promise<CryptoResult<{ inputLimitBytes: number; runningJobs: number }>> {
      return ok({ inputLimitBytes: INPUT_LIMIT_BYTES, runningJobs: jobs.running });
    },

    /** Stops the long job `jobId` at its next item; it then answers 'aborted'. True when it was running. */
    async cancel(jobId: number): Promise<boolean> {
      return jobs.cancel(jobId);
    },

    /** A device log (File/Blob or text) -> its handshake timeline and diagnosis (src/diagnose), with progress. */
    parseLog(input: Blob | string, onProgress?: ProgressCallback, jobId?: number) {
      return guard('parseLog', () =>
        typeof input === 'string' || input instanceof Blob
          ? jobs.run(jobId, (signal) =>
              parseLog(input, {
                onProgress: (done, total) => report(onProgress, done, total),
                ...(signal ? { signal } : {}),
              }),
            )
          : bad('parseLog takes a log file (File/Blob) or the log text'),
      );
    },

    /** Diagnose's Decode box: a paste (one code to a few MB) -> one entry per distinct code with counts, progress. */
    decodeListing(text: string, onProgress?: ProgressCallback, jobId?: number) {
      return guard('decodeListing', () =>
        typeof text === 'string'
          ? jobs.run(jobId, (signal) =>
              decodeListing(text, {
                onProgress: (done, total) => report(onProgress, done, total),
                ...(signal ? { signal } : {}),
              }),
            )
          : bad('decodeListing takes text'),
      );
    },

    inspect(input: KeyMaterial, onProgress?: ProgressCallback, jobId?: number) {
      return guard('inspect', () =>
        isMaterial(input)
          ? jobs.run(jobId, (signal) =>
              inspectInput(input, {
                deadline: performance.now() + CALL_BUDGET_MS,
                onProgress: (d, t) => report(onProgress, d, t),
                ...(signal ? { signal } : {}),
              }),
            )
          : bad('inspect takes text or bytes'),
      );
    },

    /**
     * `inspect` for a paged view: the same report, the objects as JSON without their bytes (see `InspectListing`).
     * Also takes a dropped File/Blob, read here so the page never holds or copies its bytes; one over the input
     * limit is refused unread.
     */
    inspectListing(input: KeyMaterial | Blob, onProgress?: ProgressCallback, jobId?: number) {
      return guard('inspectListing', () =>
        isMaterial(input) || input instanceof Blob
          ? jobs.run(jobId, async (signal) => {
              if (input instanceof Blob && input.size > INPUT_LIMIT_BYTES)
                return err<CryptoError>({
                  code: 'too-large',
                  message: `input is ${(input.size / 1048576).toFixed(1)} MB; the limit is 16 MB`,
                });
              const material = input instanceof Blob ? new Uint8Array(await input.arrayBuffer()) : input;
              const r = await inspectInput(material, {
                deadline: performance.now() + CALL_BUDGET_MS,
                onProgress: (d, t) => report(onProgress, d, t),
                ...(signal ? { signal } : {}),
              });
              return r.ok ? ok(inspectListing(r.value)) : r;
            })
          : bad('inspectListing takes text, bytes or a file'),
      );
    },

    sameKey(a: KeyMaterial, b: KeyMaterial) {
      return guard('sameKey', () =>
        isMaterial(a) && isMaterial(b) ? sameKey(a, b) : bad('sameKey takes two PEM/DER inputs'),
      );
    },

    verifyChallenge(keyOrCert: KeyMaterial, challenge: Uint8Array, signature: Uint8Array) {
      return guard('verifyChallenge', () =>
        isMaterial(keyOrCert) && challenge instanceof Uint8Array && signature instanceof Uint8Array
          ? verifyChallenge(keyOrCert, challenge, signature)
          : bad('verifyChallenge takes a key, challenge bytes and signature bytes'),
      );
    },

    validateChain(
      leaf: KeyMaterial,
      intermediates: readonly KeyMaterial[],
      anchors: readonly KeyMaterial[],
      opts: ChainOptions = {},
    ) {
      return guard('validateChain', () => {
        const why = chainArgs({ leaf, intermediates, anchors });
        return why ? bad(why) : validate({ leaf, intermediates, anchors }, opts);
      });
    },

    /** Many chains in one call (batch provisioning, benchmarks); reports progress, stops at the time budget. */
    validateChains(
      requests: readonly ChainRequest[],
      opts: ChainOptions = {},
      onProgress?: ProgressCallback,
      jobId?: number,
    ) {
      return guard('validateChains', () =>
        jobs.run(jobId, async (signal): Promise<CryptoResult<CryptoResult<ChainReport>[]>> => {
          if (!Array.isArray(requests) || requests.length > MAX_BATCH)
            return bad(`expected a list of at most ${MAX_BATCH} chains`);
          const deadline = performance.now() + CALL_BUDGET_MS;
          const turn = new Yielder();
          const out: CryptoResult<ChainReport>[] = [];
          for (const [i, r] of requests.entries()) {
            await turn.maybe();
            if (signal?.aborted) return cancelled('chain validation', i, requests.length);
            if (performance.now() > deadline)
              return err({ code: 'timeout', message: `stopped after ${i} of ${requests.length} chains` });
            const why = chainArgs(r);
            out.push(why ? bad(why) : await validate(r, opts));
            if (i % 16 === 15 || i === requests.length - 1) report(onProgress, i + 1, requests.length);
          }
          return ok(out);
        }),
      );
    },

    /** Proof of possession for many CSRs (batch imports). */
    verifyCsrs(csrs: readonly KeyMaterial[], onProgress?: ProgressCallback, jobId?: number) {
      return guard('verifyCsrs', () =>
        jobs.run(jobId, async (signal): Promise<CryptoResult<CsrCheck[]>> => {
          if (!Array.isArray(csrs) || csrs.length > MAX_BATCH)
            return bad(`expected a list of at most ${MAX_BATCH} CSRs`);
          const deadline = performance.now() + CALL_BUDGET_MS;
          const turn = new Yielder();
          const out: CsrCheck[] = [];
          for (const [index, csr] of csrs.entries()) {
            await turn.maybe();
            if (signal?.aborted) return cancelled('CSR verification', index, csrs.length);
            if (performance.now() > deadline)
              return err({ code: 'timeout', message: `stopped after ${index} of ${csrs.length} CSRs` });
            const r = isMaterial(csr) ? await inspectInput(csr, { deadline }) : bad('not PEM/DER');
            const obj = r.ok ? r.value.objects.find((o) => o.kind === 'csr') : undefined;
            if (obj && obj.kind === 'csr')
              out.push({ index, signatureValid: obj.signatureValid, spkiSha256: obj.key.spkiSha256, error: null });
            else
              out.push({
                index,
                signatureValid: null,
                spkiSha256: null,
                error: r.ok ? { code: 'unrecognised-input', message: 'no CSR found' } : r.error,
              });
            if (index % 16 === 15 || index === csrs.length - 1) report(onProgress, index + 1, csrs.length);
          }
          return ok(out);
        }),
      );
    },

    buildCsr(request: CsrBodyRequest) {
      return guard('buildCsr', () =>
        request && isMaterial(request.publicKey) && typeof request.subject === 'string'
          ? buildCsr(request)
          : bad('buildCsr takes {publicKey, subject}'),
      );
    },

    assembleCsr(body: Uint8Array, signature: Uint8Array) {
      return guard('assembleCsr', () =>
        body instanceof Uint8Array && signature instanceof Uint8Array
          ? assembleCsr(body, signature)
          : bad('assembleCsr takes body and signature bytes'),
      );
    },

    listCas: () => guard('listCas', () => storage(() => labCa.list())),
    createCa: (o: CreateLabCaOptions) => guard('createCa', () => storage(() => labCa.create(o))),
    importCa: (o: ImportLabCaOptions) =>
      guard('importCa', () =>
        o && isMaterial(o.certificate) && isMaterial(o.privateKey)
          ? storage(() => labCa.import(o))
          : bad('importCa takes a certificate and a private key'),
      ),
    selectCa: (id: string) => guard('selectCa', () => storage(() => labCa.select(String(id)))),
    deleteCa: (id: string) => guard('deleteCa', () => storage(() => labCa.delete(String(id)))),
    exportCa: (id: string) => guard('exportCa', () => storage(() => labCa.exportCertificate(String(id)))),

    /** The decision before writing to a board: every finding, and the exact content approved (see write-check.ts). */
    checkBeforeWrite(request: WriteCheckRequest) {
      return guard('checkBeforeWrite', () => {
        const why = writeCheckArgs(request);
        return why ? bad(why) : checkBeforeWrite(request);
      });
    },

    /** Issues a device certificate from a CSR with the lab CA `caId`: leaf + chain, PEM and DER. */
    issueCertificate: (caId: string, csr: KeyMaterial, profile: IssueProfile) =>
      guard('issueCertificate', () =>
        isMaterial(csr) && profile && typeof profile === 'object'
          ? storage(() => labCa.issue(String(caId), csr, profile))
          : bad('issueCertificate takes a CA id, a CSR and a profile'),
      ),
  };
}

const IDB_ERRORS = new Set([
  'QuotaExceededError',
  'InvalidStateError',
  'UnknownError',
  'VersionError',
  'AbortError',
  'DataCloneError',
  'ReadOnlyError',
  'TransactionInactiveError',
  'NotFoundError',
  'ConstraintError',
]);

/** IndexedDB failures (quota, private mode, blocked upgrade) become 'storage-failed'. */
async function storage<T>(fn: () => Promise<CryptoResult<T>>): Promise<CryptoResult<T>> {
  try {
    return await fn();
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (IDB_ERRORS.has(name))
      return err({ code: 'storage-failed', message: `lab CA storage failed (${name}: ${(e as Error).message})` });
    throw e;
  }
}

export type CryptoApiShape = ReturnType<typeof createCryptoApi>;
