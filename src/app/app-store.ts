// Layer: app, composition root of the audit trail. The app's one audit store, recording as the operator and site in
// Settings (read at every write through the provider, so a change in Settings applies to the next record), and the
// one job runner for verify, export and search. Flows and views receive these from the app (wiring.ts); tests build
// their own.
import { AUDIT_DB_NAME } from '../audit/db.ts';
import { AuditJobs } from '../audit/jobs.ts';
import { AuditStore } from '../audit/store.ts';
import { loadSettings } from './settings.ts';

export const appAudit = new AuditStore({
  dbName: AUDIT_DB_NAME,
  actor: () => {
    const { operator, site } = loadSettings();
    return { operator, site };
  },
});

export const appAuditJobs = new AuditJobs(AUDIT_DB_NAME);
