// Whether the browser will keep the audit trail: persistence and quota, refreshed on demand. Shared by the Storage
// panel in Settings and the warning in the Audit section.
import { requestPersistence, storageStatus, type StorageStatus } from '../../audit/durability.ts';
import type { AuditError } from '../../audit/types.ts';

export class StorageState {
  status = $state.raw<StorageStatus | null>(null);
  asking = $state.raw(false);
  /** The browser's answer to our last request, or the error; null before asking. */
  answer = $state.raw<{ granted: boolean } | { error: AuditError } | null>(null);

  async refresh(): Promise<void> {
    this.status = await storageStatus();
  }

  async ask(): Promise<void> {
    this.asking = true;
    const r = await requestPersistence();
    this.asking = false;
    this.answer = r.ok ? { granted: r.value } : { error: r.error };
    await this.refresh();
  }
}

export const storageState = new StorageState();
