// Layer: audit trail. Whether the browser will keep the audit trail: persistent storage (without it the browser may
// evict the whole origin's data under disk pressure) and how full the origin's quota is, with the level at which the
// UI warns. Plain functions over `navigator.storage` (passed in, so tests can hand a stand-in for unsupported cases).
import { err, ok, type Result } from '../lib/result.ts';
import { auditError, type AuditError } from './types.ts';

/** Above this share of the quota the UI warns: exports and new records may soon fail. */
export const QUOTA_WARN = 0.8;
/** Above this share recording is about to fail. */
export const QUOTA_CRITICAL = 0.95;

export type QuotaLevel = 'ok' | 'warn' | 'critical' | 'unknown';

export interface StorageStatus {
  /** 'unsupported' where the browser has no StorageManager.persisted(). */
  readonly persisted: boolean | 'unsupported';
  readonly usage: number | null;
  readonly quota: number | null;
  readonly level: QuotaLevel;
}

type StorageApi = Pick<StorageManager, 'persisted' | 'persist' | 'estimate'>;
const defaultStorage = (): StorageApi | undefined => (typeof navigator === 'undefined' ? undefined : navigator.storage);

export function quotaLevel(usage: number | null, quota: number | null): QuotaLevel {
  if (usage === null || quota === null || quota <= 0) return 'unknown';
  const share = usage / quota;
  return share > QUOTA_CRITICAL ? 'critical' : share > QUOTA_WARN ? 'warn' : 'ok';
}

export async function storageStatus(storage: StorageApi | undefined = defaultStorage()): Promise<StorageStatus> {
  let persisted: boolean | 'unsupported' = 'unsupported';
  let usage: number | null = null;
  let quota: number | null = null;
  try {
    if (storage?.persisted) persisted = await storage.persisted();
  } catch {
    persisted = 'unsupported';
  }
  try {
    const estimate = storage?.estimate ? await storage.estimate() : undefined;
    usage = estimate?.usage ?? null;
    quota = estimate?.quota ?? null;
  } catch {
    // Unknown usage is shown as unknown, not as a failure.
  }
  return { persisted, usage, quota, level: quotaLevel(usage, quota) };
}

/** Asks the browser to keep this site's data. Ok(false) when it declined (Chromium decides by site engagement). */
export async function requestPersistence(
  storage: StorageApi | undefined = defaultStorage(),
): Promise<Result<boolean, AuditError>> {
  if (!storage?.persist) {
    return err(auditError('storage-unavailable', 'This browser cannot be asked to keep site data persistently.'));
  }
  try {
    return ok(await storage.persist());
  } catch (e) {
    const why = e instanceof Error ? e.message : 'unknown reason';
    return err(auditError('storage-unavailable', `The browser refused the request (${why}).`));
  }
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 kB" (decimal units, as browsers and disks report them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
