// Test support for *.browser.test.ts: a store on a fresh, uniquely named database, raw access for tampering, and
// per-test cleanup.
import { deleteDB, openDB } from 'idb';
import { afterEach } from 'vitest';
import type { AuditDbSchema } from './db.ts';
import { stationDbName } from './station.ts';
import { AuditStore, type AuditStoreOptions } from './store.ts';
import type { AuditDevice, AuditEntry } from './types.ts';

export const ACTOR = { operator: 'Ana Lima', site: 'Bench 3' };

export const DEVICES: AuditDevice[] = [
  { family: 'nrf91', id: '50503041-3633-4261-803d-1e2b8f70c0c1', model: 'nRF9151-LACA', firmware: 'mfw_nrf91x1_2.0.2' },
  { family: 'nrf91', id: '352656100123456', model: 'nRF9160-SICA', firmware: 'mfw_nrf9160_1.3.5' },
  { family: 'zephyr-tls-shell', id: 'E66038B7133A5F2F', model: 'nrf5340dk', firmware: 'zephyr 3.7.0' },
];

export function fact(i: number, device = DEVICES[i % DEVICES.length]!): AuditEntry {
  return {
    device,
    action: i % 2 === 0 ? 'identify' : 'verify',
    outcome: i % 5 === 4 ? 'failure' : 'success',
    errorCode: i % 5 === 4 ? 'timeout' : null,
    detail: { secTag: 16842753, certSha256: 'ab'.repeat(32), note: `step ${i}` },
  };
}

export function testStore(opts: Partial<AuditStoreOptions> = {}) {
  const dbName = `kw-audit-test-${crypto.randomUUID()}`;
  const store = new AuditStore({ dbName, actor: () => ACTOR, ...opts });
  return {
    store,
    dbName,
    /** A second, independent store on the same database: another tab. */
    otherTab: (extra: Partial<AuditStoreOptions> = {}) =>
      new AuditStore({ dbName, actor: () => ACTOR, ...opts, ...extra }),
    raw: () => openDB<AuditDbSchema>(dbName),
    async cleanup() {
      await store.close();
      await deleteDB(dbName);
      await deleteDB(stationDbName(dbName));
    },
  };
}

/**
 * For one test file: `fresh(...)` makes a testStore that is closed and its database deleted after each test;
 * `cleanups.push(undo)` adds more undo steps (run newest first, also after a failed test).
 */
export function perTestStores() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const fresh = (...args: Parameters<typeof testStore>) => {
    const t = testStore(...args);
    cleanups.push(t.cleanup);
    return t;
  };
  return { cleanups, fresh };
}
