// Layer: views. The certificates the check before writing refused for a board, read from its audit history for the
// exported report. A trail that cannot be read gives none (the report then simply has no such section).
import { deviceHistory } from '../../audit/query.ts';
import type { AuditStore } from '../../audit/store.ts';
import { refusalsOf, type ReportRefusal } from '../../diagnose/report/index.ts';

export async function boardRefusals(store: AuditStore, deviceId: string, limit = 2000): Promise<ReportRefusal[]> {
  const db = await store.connection();
  if (!db.ok) return [];
  const history = await deviceHistory(db.value, deviceId, { limit });
  return history.ok ? refusalsOf(history.value) : [];
}
