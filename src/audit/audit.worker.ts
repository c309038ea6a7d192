// Layer: audit trail, background worker. Verifying, exporting and searching read and hash up to 100,000 records, so
// they run here, on the worker's own connection to the same database, never blocking the page. One comlink API;
// a job is cancelled by id (an AbortSignal cannot cross the boundary) and reports progress through a proxy.
import { expose, transfer } from 'comlink';
import { err, type Result } from '../lib/result.ts';
import { openAuditDb, type AuditDb } from './db.ts';
import { exportCsv, exportJsonl, type ExportResult } from './export.ts';
import { matchingSeqs, type AuditFilter, type JobOptions } from './query.ts';
import type { AuditError } from './types.ts';
import { verifyFile, verifyStore } from './verify-run.ts';
import type { VerifyReport } from './verify.ts';

type Progress = (fraction: number) => unknown;

const jobs = new Map<number, AbortController>();
const connections = new Map<string, Promise<Result<AuditDb, AuditError>>>();

function connect(dbName: string): Promise<Result<AuditDb, AuditError>> {
  let opening = connections.get(dbName);
  if (!opening) {
    opening = openAuditDb(dbName, { onClose: () => connections.delete(dbName) });
    connections.set(dbName, opening);
    void opening.then((r) => r.ok || connections.delete(dbName));
  }
  return opening;
}

/** Runs a job with its own AbortController and progress throttled to ten reports a second. */
async function job<T>(id: number, onProgress: Progress | undefined, run: (opts: JobOptions) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  jobs.set(id, controller);
  let last = 0;
  const report = (fraction: number) => {
    const now = performance.now();
    if (fraction < 1 && now - last < 100) return;
    last = now;
    void Promise.resolve(onProgress?.(fraction)).catch(() => {});
  };
  try {
    return await run({ signal: controller.signal, onProgress: report });
  } finally {
    jobs.delete(id);
  }
}

async function withDb<T>(dbName: string, body: (db: AuditDb) => Promise<Result<T, AuditError>>) {
  const db = await connect(dbName);
  return db.ok ? body(db.value) : err(db.error);
}

const api = {
  verifyStore(dbName: string, id: number, onProgress?: Progress): Promise<Result<VerifyReport, AuditError>> {
    return job(id, onProgress, (opts) => withDb(dbName, (db) => verifyStore(db, opts)));
  },
  verifyFile(file: Blob, id: number, onProgress?: Progress): Promise<Result<VerifyReport, AuditError>> {
    return job(id, onProgress, (opts) => verifyFile(file, opts));
  },
  exportJsonl(dbName: string, id: number, onProgress?: Progress): Promise<Result<ExportResult, AuditError>> {
    return job(id, onProgress, (opts) => withDb(dbName, (db) => exportJsonl(db, opts)));
  },
  exportCsv(
    dbName: string,
    seqs: Uint32Array | null,
    id: number,
    onProgress?: Progress,
  ): Promise<Result<ExportResult, AuditError>> {
    return job(id, onProgress, (opts) => withDb(dbName, (db) => exportCsv(db, seqs, opts)));
  },
  async search(dbName: string, filter: AuditFilter, id: number, onProgress?: Progress) {
    const found = await job(id, onProgress, (opts) => withDb(dbName, (db) => matchingSeqs(db, filter, opts)));
    return found.ok ? transfer(found, [found.value.buffer]) : found;
  },
  cancel(id: number): void {
    jobs.get(id)?.abort();
  },
};

export type AuditWorkerApi = typeof api;

expose(api);
