// Layer: audit trail. The typed IndexedDB schema and opening the database: upgrades through `migrations.ts`, a
// blocked upgrade (an older KeyWire tab holding the database) and every open failure become error values, and our
// connection closes itself when a newer KeyWire tab needs to upgrade.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { err, ok, type Result } from '../lib/result.ts';
import { AUDIT_DB_VERSION, migrate } from './migrations.ts';
import { auditError, type AuditError, type AuditErrorCode, type ChainHead } from './types.ts';
import type { OpenIntent } from './types.ts';
import type { RecordRow } from './blocks.ts';

export const AUDIT_DB_NAME = 'keywire-audit';

export interface AuditDbSchema extends DBSchema {
  /** Full records of the open tail; index rows (blocks.ts) of sealed records. */
  records: {
    key: number;
    value: RecordRow;
    indexes: { time: string; action: string; outcome: string; deviceId: string };
  };
  openIntents: { key: number; value: OpenIntent; indexes: { deviceId: string } };
  /** 'head': the chain head; 'blockSize' (v3): records per sealed block, a number (read it with blockSizeOf). */
  meta: { key: 'head' | 'blockSize'; value: ChainHead };
  /** Sealed blocks (blocks.ts): key b, the canonical lines of records b*N+1 .. (b+1)*N joined with '\n'. */
  blocks: { key: number; value: string };
}

export type AuditDb = IDBPDatabase<AuditDbSchema>;

export interface OpenOptions {
  /** How long to wait for other tabs to let an upgrade through before giving up with 'blocked'. */
  readonly blockedTimeoutMs?: number;
  /** Called when our connection is gone (closed for another tab's upgrade, or by the browser). */
  readonly onClose?: () => void;
  /** Records per sealed block for a database made (or upgraded to v3) by this open (default DEFAULT_BLOCK_SIZE). */
  readonly blockSize?: number;
}

/** Maps a DOMException (or anything thrown by IndexedDB) to an audit error. */
export function idbError(e: unknown, fallback: AuditErrorCode, doing: string): AuditError {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') {
    return auditError(
      'quota-exceeded',
      `The browser's storage is full, so ${doing} failed. Export the audit trail and free some space.`,
    );
  }
  if (name === 'VersionError') {
    return auditError('version-too-new', 'The audit trail was written by a newer KeyWire. Reload this page to update.');
  }
  if (
    name === 'InvalidStateError' ||
    name === 'SecurityError' ||
    name === 'NotAllowedError' ||
    name === 'UnknownError'
  ) {
    return auditError(
      'storage-unavailable',
      `The browser refused storage (${name}), so ${doing} failed. Private windows and blocked site data prevent recording.`,
    );
  }
  const detail = e instanceof Error && e.message ? `: ${e.message}` : '';
  return auditError(fallback, `${doing} failed (${name || 'error'}${detail}).`);
}

export async function openAuditDb(name = AUDIT_DB_NAME, opts: OpenOptions = {}): Promise<Result<AuditDb, AuditError>> {
  if (typeof indexedDB === 'undefined') {
    return err(auditError('storage-unavailable', 'This browser has no IndexedDB, so nothing can be recorded.'));
  }
  let giveUp: (error: AuditError) => void = () => {};
  const blocked = new Promise<Result<AuditDb, AuditError>>((resolve) => (giveUp = (e) => resolve(err(e))));
  let abandoned = false;
  let connection: AuditDb | null = null;
  // indexedDB.open itself throws (not rejects) where storage is forbidden, e.g. SecurityError for opaque origins.
  const start = () =>
    openDB<AuditDbSchema>(name, AUDIT_DB_VERSION, {
      upgrade: (db, oldVersion, _newVersion, tx) => {
        migrate(db, oldVersion, tx, opts.blockSize).catch(() => {
          try {
            tx.abort();
          } catch {
            // Already finished: its own error reaches the open request.
          }
        });
      },
      blocked: () => {
        setTimeout(
          () =>
            giveUp(
              auditError(
                'blocked',
                'Another KeyWire tab is using an older version of the audit trail. Close it and try again.',
              ),
            ),
          opts.blockedTimeoutMs ?? 4000,
        );
      },
      blocking: () => {
        connection?.close();
        opts.onClose?.();
      },
      terminated: () => opts.onClose?.(),
    });
  let started: Promise<AuditDb>;
  try {
    started = start();
  } catch (e) {
    return err(idbError(e, 'storage-unavailable', 'opening the audit trail'));
  }
  const opening = started.then(
    (db): Result<AuditDb, AuditError> => {
      if (abandoned) db.close();
      connection = db;
      return ok(db);
    },
    (e: unknown) => err(idbError(e, 'storage-unavailable', 'opening the audit trail')),
  );
  const result = await Promise.race([opening, blocked]);
  if (!result.ok && result.error.code === 'blocked') abandoned = true;
  return result;
}
