// Layer: diagnostics. The nRF91 +CME ERROR codes on their own (`cme.generated.json`, a few KB): the nRF91 adapter
// words a board's errors with them on the first screen without loading every other table. index.ts re-exports them,
// so there is one copy of the rows and the map in any context.
import type { CmeRow } from './rows.ts';
import cmeJson from './cme.generated.json' with { type: 'json' };

export const CME_ROWS: readonly CmeRow[] = cmeJson.CME_ROWS as readonly CmeRow[];
export const cmeByCode: ReadonlyMap<number, CmeRow> = new Map(CME_ROWS.map((r) => [r.code, r]));
