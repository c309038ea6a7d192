// Layer: flows, the batch contract (types only): a batch session's fixed choices and its per-board results, as
// persisted and as exported to CSV.
import type { CaRef, ProvisionProfile } from './types.ts';

export type BatchOutcome = 'verified' | 'failed' | 'blocked' | 'skipped';

export interface BatchResult {
  /** 1-based order in the batch. */
  readonly index: number;
  readonly deviceId: string;
  readonly imei: string | null;
  readonly model: string;
  readonly outcome: BatchOutcome;
  /** Where the board's run actually provisioned (its summary), else the batch's. */
  readonly secTag: number;
  /** The CA source label the board's run used (absent in results stored before it was kept). */
  readonly ca?: string;
  readonly serialHex: string | null;
  readonly certSha256: string | null;
  readonly notAfter: string | null;
  readonly subject: string | null;
  /** Why it did not complete, in plain words; null when verified. */
  readonly reason: string | null;
  readonly finishedAt: string;
}

export interface BatchRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly profile: ProvisionProfile;
  readonly ca: CaRef;
  readonly results: readonly BatchResult[];
}

export interface BatchCounts {
  readonly total: number;
  readonly verified: number;
  readonly failed: number;
}
