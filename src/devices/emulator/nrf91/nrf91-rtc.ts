// Layer: emulated nRF91, the modem's real-time clock behind +CCLK. After power-on the modem has no time (AT+CCLK?
// answers ERROR). It gets the network's time when it registers (and again whenever the network sends it), or the
// time a host sets with AT+CCLK=; from then on the time runs on with the emulator's clock. Volatile: a reset or
// power cycle loses it (it is not in flash). The emulated network's time is this computer's date plus the board's
// "network time offset" (a lab setting; 0 by default), so a test can give one board a wrong clock.
import type { EmulatorClock } from '../clock.ts';
import { formatCclkTime, type CclkTime } from './nrf91-cclk-time.ts';

const DAY_MS = 86_400_000;
/** The largest network time offset the lab takes: 30 years (10950 days) either way. */
export const MAX_NETWORK_TIME_OFFSET_DAYS = 10_950;
export const MAX_NETWORK_TIME_OFFSET_MS = MAX_NETWORK_TIME_OFFSET_DAYS * DAY_MS;
/** The zone the emulated network sends with its time (quarter hours): UTC. */
export const NETWORK_TIME_ZONE_QUARTERS = 0;

/** Why an offset is refused, or null when it is acceptable. */
export function networkTimeOffsetProblem(ms: unknown): string | null {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms))
    return `the network time offset must be a whole number of milliseconds, got ${String(ms)}`;
  if (Math.abs(ms) > MAX_NETWORK_TIME_OFFSET_MS)
    return `the network time offset must be within ±${MAX_NETWORK_TIME_OFFSET_DAYS} days (±${MAX_NETWORK_TIME_OFFSET_MS} ms), got ${ms} ms`;
  return null;
}

export type RtcSource = 'network' | 'host';

interface Running {
  readonly time: CclkTime;
  /** `clock.now()` when `time` was true. */
  readonly since: number;
  readonly source: RtcSource;
}

export class ModemRtc {
  #running: Running | null = null;
  #offsetMs = 0;

  constructor(private readonly clock: EmulatorClock) {}

  get networkTimeOffsetMs(): number {
    return this.#offsetMs;
  }

  /** Throws RangeError for an offset `networkTimeOffsetProblem` refuses. */
  set networkTimeOffsetMs(ms: number) {
    const problem = networkTimeOffsetProblem(ms);
    if (problem) throw new RangeError(problem);
    this.#offsetMs = ms;
  }

  /** Where the current time came from; null while the modem has none. */
  get source(): RtcSource | null {
    return this.#running?.source ?? null;
  }

  /** The network sent its time (registration, or an EMM information message later). */
  networkTime(): void {
    const time = { fieldsMs: this.clock.epochMs() + this.#offsetMs, zoneQuarters: NETWORK_TIME_ZONE_QUARTERS };
    this.#running = { time, since: this.clock.now(), source: 'network' };
  }

  /** AT+CCLK="...": the host's time, running on from now. */
  set(time: CclkTime): void {
    this.#running = { time, since: this.clock.now(), source: 'host' };
  }

  /** Power loss: the time is gone. */
  lose(): void {
    this.#running = null;
  }

  /** The time now, as AT+CCLK? gives it; null while the modem has none. */
  now(): CclkTime | null {
    const r = this.#running;
    if (!r) return null;
    return { fieldsMs: r.time.fieldsMs + (this.clock.now() - r.since), zoneQuarters: r.time.zoneQuarters };
  }

  /** `yy/MM/dd,hh:mm:ss±zz`, or null while the modem has no time. */
  read(): string | null {
    const time = this.now();
    return time ? formatCclkTime(time) : null;
  }
}
