// Test and support hook, off by default: with localStorage `keywire.devHooks` = "1", the Audit section exposes
// `window.keywireAudit` = { store, jobs, seedDemo(count) } so e2e tests (and support engineers at the console) can
// write through the app's real store. It grants nothing devtools does not already allow (IndexedDB is editable
// there); the hash chain, not secrecy of an API, is what makes edits evident.
import { appAudit, appAuditJobs } from '../../app/wiring.ts';
import { seedDemo } from '../../audit/seed.ts';
import { devHooksEnabled } from '../../app/dev-hooks.ts';

export function exposeAuditHooks(): void {
  if (!devHooksEnabled()) return;
  Object.assign(globalThis, {
    keywireAudit: {
      store: appAudit,
      jobs: appAuditJobs,
      seedDemo: (count: number, seed?: number) => seedDemo(appAudit, count, { seed }),
    },
  });
}
