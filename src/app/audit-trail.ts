// Layer: app shell. The page's one audit store, recording as the operator and site in Settings. Views and state
// classes that change a board take it as an `IntentRecorder`, so tests hand in their own.
import { AuditStore } from '../audit/store.ts';
import { appSettings } from './settings.svelte.ts';

/** What changing a board needs from the audit trail: an intent stored before, the outcome after. */
export type IntentRecorder = Pick<AuditStore, 'beginIntent' | 'complete'>;

let store: AuditStore | null = null;

export function appAuditTrail(): AuditStore {
  store ??= new AuditStore({
    actor: () => ({ operator: appSettings.current.operator.trim(), site: appSettings.current.site.trim() }),
  });
  return store;
}
