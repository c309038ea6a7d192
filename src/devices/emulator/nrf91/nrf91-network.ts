// Layer: emulated nRF91, functional mode and network registration. +CFUN decides whether the modem is "active"
// (1, 2, 21: credentials locked, 518) and whether LTE searches; +CEREG subscription n (0..5) decides which
// registration changes are reported as unsolicited lines. With a SIM the modem goes 2 (searching) then 5
// (registered, roaming) after `registrationMs`; without one it reports 90 (UICC failure), as nRF91 modems do.
// Reaching 1 or 5 calls `onRegistered` (the network gives the modem its time then).
import type { EmulatorClock, TimerId } from '../clock.ts';

/** +CFUN values the nRF91 accepts. */
export const CFUN_MODES = [0, 1, 2, 4, 20, 21, 30, 31, 40, 41, 44] as const;
/** Modes in which %CMNG write/delete and %KEYGEN answer 518. */
export const ACTIVE_CFUN_MODES: readonly number[] = [1, 2, 21];
const LTE_SEARCHING_MODES: readonly number[] = [1, 21];

export const CEREG_STAT = { notRegistered: 0, home: 1, searching: 2, roaming: 5, uiccFailure: 90 } as const;

/** The emulated serving cell: tracking area code and cell id (hex), access technology 7 = LTE-M. */
const CELL = { tac: '002F', ci: '0012BEEF', act: 7 };
const SEARCH_STARTS_MS = 300;

export class NetworkRegistration {
  mode = 0;
  subscription = 0;
  stat: number = CEREG_STAT.notRegistered;
  /** Called each time registration is reached (stat 1 or 5). */
  onRegistered: () => void = () => {};
  #timers: TimerId[] = [];

  constructor(
    private readonly clock: EmulatorClock,
    private readonly hasSim: boolean,
    private readonly emit: (line: string) => void,
    public registrationMs = 2500,
  ) {}

  get active(): boolean {
    return ACTIVE_CFUN_MODES.includes(this.mode);
  }

  /** Registered to the network, home (1) or roaming (5). */
  get registered(): boolean {
    return this.stat === CEREG_STAT.home || this.stat === CEREG_STAT.roaming;
  }

  /** UICC powered: %XICCID answers only then (CFUN 1, 21, 41 with a SIM). */
  get uiccActive(): boolean {
    return this.hasSim && [1, 21, 41].includes(this.mode);
  }

  setMode(mode: number): void {
    this.mode = mode;
    this.#cancel();
    if (LTE_SEARCHING_MODES.includes(mode)) {
      this.#after(SEARCH_STARTS_MS, () => {
        if (!this.hasSim) return this.#setStat(CEREG_STAT.uiccFailure);
        this.#setStat(CEREG_STAT.searching);
        this.#after(this.registrationMs, () => this.#setStat(CEREG_STAT.roaming));
      });
    } else {
      this.#setStat(CEREG_STAT.notRegistered);
    }
  }

  /** `+CEREG: <n>,<stat>...` as AT+CEREG? answers it. */
  readLine(): string {
    const detail = this.#detail();
    return `+CEREG: ${this.subscription},${this.stat}${detail}`;
  }

  /** Power loss: timers gone, back to CFUN 0, subscription forgotten. */
  powerOff(): void {
    this.#cancel();
    this.mode = 0;
    this.subscription = 0;
    this.stat = CEREG_STAT.notRegistered;
  }

  #setStat(stat: number): void {
    if (stat === this.stat) return;
    this.stat = stat;
    if (this.registered) this.onRegistered();
    if (this.subscription > 0) {
      this.emit(this.subscription === 1 ? `+CEREG: ${stat}` : `+CEREG: ${stat}${this.#detail()}`);
    }
  }

  #detail(): string {
    if (this.subscription < 2) return '';
    const hasCell =
      this.stat === CEREG_STAT.searching || this.stat === CEREG_STAT.roaming || this.stat === CEREG_STAT.home;
    if (!hasCell) return '';
    const base = `,"${CELL.tac}","${CELL.ci}",${CELL.act}`;
    return this.subscription >= 4 && this.stat === CEREG_STAT.roaming ? `${base},,,"11100000","11100000"` : base;
  }

  #after(ms: number, fn: () => void): void {
    const id = this.clock.setTimeout(() => {
      this.#timers = this.#timers.filter((t) => t !== id);
      fn();
    }, ms);
    this.#timers.push(id);
  }

  #cancel(): void {
    for (const id of this.#timers) this.clock.clearTimeout(id);
    this.#timers = [];
  }
}
