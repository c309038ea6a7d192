// Layer: views (provision), a batch for Svelte: BatchSession (src/flows) with the current profile and CA, "Next
// board" through the port source's granted ports (getPorts(); the emulated boards) or a port the user picks, the
// running count, the per-board results and the CSV. During a batch the batch owns the ports (the page's
// DeviceSession is disconnected first), so its byte tap feeds its own session log and console.
import { BatchSession, type BatchSnapshot, type FlowDeps, type ProvisionFlow } from '../../flows/index.ts';
import type { CaSource } from '../../ca/types.ts';
import { SessionLog, type PortSource, type SerialPortLike } from '../../devices/transport/index.ts';
import { err } from '../../lib/result.ts';
import { ConsoleState } from '../device/console.svelte.ts';
import { saveText } from '../download.ts';
import type { ProvisionProfile } from '../../flows/index.ts';

export const BATCH_KEY = 'keywire.provision.batch.v1';

export interface BatchEnv {
  /** FlowDeps for the batch's flows: its own connector (tapping `log`) and the port source to search. */
  deps(source: PortSource, log: SessionLog): FlowDeps;
}

export class BatchState {
  snapshot = $state.raw<BatchSnapshot | null>(null);
  /** Why the batch could not start or go on, in plain words. */
  error = $state.raw<string | null>(null);
  /** The board search is running (Next board pressed). */
  searching = $state.raw(false);
  log = $state.raw<SessionLog>(new SessionLog());
  readonly console = new ConsoleState({
    send: async () =>
      err({
        source: 'device',
        error: { code: 'not-open', message: 'Typed commands are off while a batch runs: stop the batch first.' },
      }),
  });
  source = $state.raw<PortSource | null>(null);
  #session: BatchSession | null = null;
  #stoppedCsv: string | null = null;
  #abort: AbortController | null = null;
  readonly #env: BatchEnv;
  readonly #onChange: (s: BatchSnapshot) => void;

  constructor(env: BatchEnv, onChange: (s: BatchSnapshot) => void) {
    this.#env = env;
    this.#onChange = onChange;
  }

  get active(): boolean {
    return this.#session !== null;
  }

  get flow(): ProvisionFlow | null {
    return this.#session?.flow ?? null;
  }

  /** Starts a batch with this profile and CA; the first board is `first` when given (the board just connected). */
  async start(profile: ProvisionProfile, ca: CaSource, source: PortSource, first?: SerialPortLike): Promise<void> {
    this.error = null;
    this.log = new SessionLog();
    this.console.attach(this.log);
    this.source = source;
    const started = await BatchSession.start(this.#env.deps(source, this.log), profile, ca);
    if (!started.ok) {
      this.error = `The batch could not be saved: ${started.error.message}`;
      return;
    }
    this.#session = started.value;
    try {
      localStorage.setItem(BATCH_KEY, started.value.snapshot.id);
    } catch {
      // Without storage the batch lasts this page.
    }
    started.value.subscribe((s) => {
      this.snapshot = s;
      this.#onChange(s);
    });
    await this.next(first);
  }

  /** Finishes the current board and provisions the next one (`port`, else a granted port, else the next plugged). */
  async next(port?: SerialPortLike): Promise<void> {
    const batch = this.#session;
    if (!batch || this.searching) return;
    this.searching = true;
    this.#abort = new AbortController();
    try {
      await batch.nextBoard(port, { signal: this.#abort.signal });
    } finally {
      this.searching = false;
      this.#abort = null;
    }
  }

  /** Hardware: the browser's picker for the next board's port (call from a click). */
  async pickNext(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const picked = await source.request({ filter: 'known' });
    if (picked.ok) return this.next(picked.value.port);
    if (picked.error.code !== 'no-port-chosen') this.error = picked.error.message;
  }

  /** Stops looking for a board (the search for the next board can wait for minutes). */
  stopSearching(): void {
    this.#abort?.abort();
  }

  /** Ends the batch: the current board is released, its result kept; the results stay on screen. */
  async stop(): Promise<void> {
    this.#abort?.abort();
    const batch = this.#session;
    this.#session = null;
    await batch?.close();
    if (batch) this.#stoppedCsv = batch.toCsv();
    try {
      localStorage.removeItem(BATCH_KEY);
    } catch {
      // Nothing kept.
    }
  }

  /** The batch summary as a CSV download (also after the batch stopped); returns the file name. */
  downloadCsv(): string | null {
    const s = this.snapshot;
    const csv = this.#session?.toCsv() ?? this.#stoppedCsv;
    if (!s || csv === null) return null;
    const name = `keywire-batch-${s.id.slice(0, 8)}.csv`;
    saveText(name, csv, 'text/csv');
    return name;
  }
}
