// Layer: diagnostics. The board's clock from its own answer. nRF91: `AT+CCLK?` -> `+CCLK: "yy/MM/dd,hh:mm:ss±zz"`
// (3GPP 27.007 §8.15; zz in quarter hours). Nordic's date_time library (sdk-nrf lib/date_time/date_time_modem.c)
// reads the six fields as UTC and ignores the zone; so do we. The modem only knows the time once the network
// gave it (or an application set it): an ERROR, a missing line or a date before 2020 means "not known".
import type { BoardClock } from './types.ts';

const CCLK = /^\+CCLK:\s*"(\d{2})\/(\d{2})\/(\d{2}),(\d{2}):(\d{2}):(\d{2})([+-]\d{1,2})?"/;
/** Earlier dates are a clock that was never set (modems start at their epoch), not a real time. */
const EARLIEST_PLAUSIBLE_YEAR = 2020;

/** Reads the +CCLK information line(s) of a successful answer. */
export function parseCclk(lines: readonly string[]): BoardClock {
  const line = lines.map((l) => l.trim()).find((l) => l.startsWith('+CCLK'));
  if (!line) return { status: 'unknown', reason: 'the board answered AT+CCLK? without a +CCLK line' };
  const m = CCLK.exec(line);
  if (!m) return { status: 'unknown', reason: `the board's answer "${line.slice(0, 60)}" is not a +CCLK time` };
  const [yy, mo, dd, hh, mi, ss] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Two-digit years as POSIX %y reads them: 69-99 are 19xx (a modem still at its 1980 epoch), 00-68 are 20xx.
  const year = yy >= 69 ? 1900 + yy : 2000 + yy;
  const ms = Date.UTC(year, mo - 1, dd, hh, mi, ss);
  const back = new Date(ms);
  if (mo < 1 || mo > 12 || back.getUTCDate() !== dd || hh > 23 || mi > 59 || ss > 59)
    return { status: 'unknown', reason: `the board's time "${line.slice(0, 60)}" is not a valid date` };
  if (year < EARLIEST_PLAUSIBLE_YEAR)
    return {
      status: 'unknown',
      reason: `the board's clock says ${back.toISOString().slice(0, 10)}: it was never set (no network time yet)`,
    };
  return { status: 'known', at: back.toISOString(), raw: line, source: 'AT+CCLK?' };
}

/** What a refused AT+CCLK? means for the report. */
export function clockRefused(answer: string): BoardClock {
  return {
    status: 'unknown',
    reason: `the board answered AT+CCLK? with ${answer}: the modem has no time yet, it gets it from the network`,
  };
}
