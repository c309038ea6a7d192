// Layer: audit trail, composition root. The app's one audit store, recording as the operator and site in Settings
// (read at every write through the provider, so a change in Settings applies to the next record), and the one job
// runner for verify, export and search. Flows receive these through their interfaces; tests build their own.
import { loadSettings } from '../app/settings.ts';
import { AUDIT_DB_NAME } from './db.ts';
import { AuditJobs } from './jobs.ts';
import { AuditStore } from './store.ts';

export const appAudit = new AuditStore({
  dbName: AUDIT_DB_NAME,
  actor: () => {
    const { operator, site } = loadSettings();
    return { operator, site };
  },
});

export const appAuditJobs = new AuditJobs(AUDIT_DB_NAME);
