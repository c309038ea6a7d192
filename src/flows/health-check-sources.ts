// Layer: flows, diagnostics. Where the health check's extra facts come from in the app: the board's clock through
// the session's AT client (nRF91 `AT+CCLK?`, answered only once the network gave the modem time), and this board's
// records in the audit trail (newest first, a bounded number, read through the audit module's device index).
import type { AuditStore } from '../audit/store.ts';
import { deviceHistory } from '../audit/query.ts';
import type { AtClient } from '../devices/protocols/index.ts';
import { describeFinal } from '../devices/protocols/at-result.ts';
import { err, ok, type CodedError, type Result } from '../lib/result.ts';
import { clockRefused, parseCclk, type BoardClock, type KeyRecord } from '../diagnose/health/index.ts';
import type { SignalOption } from './health-check-read.ts';

const CLOCK_TIMEOUT_MS = 5000;

export function atClockReader(at: Pick<AtClient, 'send'>): (o: SignalOption) => Promise<BoardClock> {
  return async (o) => {
    const r = await at.send('AT+CCLK?', { ...(o.signal ? { signal: o.signal } : {}), timeoutMs: CLOCK_TIMEOUT_MS });
    if (r.ok) return parseCclk(r.value.lines);
    if (r.error.code === 'device-rejected')
      return clockRefused(r.error.final ? describeFinal(r.error.final) : 'an error');
    return { status: 'unknown', reason: `AT+CCLK? got no answer (${r.error.message})` };
  };
}

/** How many of a board's newest records the key evidence looks at. */
export const AUDIT_RECORDS_LIMIT = 5000;
const PAGE = 500;

export function auditRecordsFrom(
  store: Pick<AuditStore, 'connection'>,
): (deviceId: string, o: SignalOption) => Promise<Result<KeyRecord[], CodedError>> {
  return async (deviceId, o) => {
    const db = await store.connection();
    if (!db.ok) return err(db.error);
    const out: KeyRecord[] = [];
    let before: number | undefined;
    while (out.length < AUDIT_RECORDS_LIMIT) {
      if (o.signal?.aborted) return err({ code: 'aborted', message: 'cancelled' });
      const page = await deviceHistory(db.value, deviceId, {
        limit: PAGE,
        ...(before !== undefined ? { before } : {}),
      });
      if (!page.ok) return err(page.error);
      out.push(...page.value);
      if (page.value.length < PAGE) break;
      before = page.value.at(-1)!.seq;
    }
    return ok(out);
  };
}
