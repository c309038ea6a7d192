// Layer: views (provision), a batch for Svelte: BatchSession (src/flows) with the current profile and CA, "Next
// board" through the port source's granted ports (getPorts(); the emulated boards) or a port the user picks, the
// running count, the per-board results and the CSV. During a batch the batch owns the ports (the page's
// DeviceSession is disconnected first), so its byte tap feeds its own session log and console. The running batch's
// id (and where its boards come from) is kept in localStorage: after a reload, `stored` offers to continue it
// (BatchSession.restore with its CA source found again) or to download its CSV.
import { cloudBoardOf, cloudFiles, type CloudBoard, type CloudFile } from '../../flows/index.ts';
import {
  BatchSession,
  type BatchSnapshot,
  type FlowDeps,
  type FlowStore,
  type ProvisionFlow,
} from '../../flows/index.ts';
import type { CaSource } from '../../ca/types.ts';
import type { BatchRecord, CaRef } from '../../flows/index.ts';
import type { DeviceSession } from '../../devices/adapters/index.ts';
import type { PortSource, SerialPortLike } from '../../devices/transport/index.ts';
import { maskSecretLine, SECRET_LINES, SessionLog } from '../../app/wiring.ts';

/** A session log masking every family's secret lines (the batch's board is not known when it opens). */
const newLog = () => new SessionLog({ secretLines: SECRET_LINES });
import { batchCsv } from '../../flows/index.ts';
import { err } from '../../lib/result.ts';
import { ConsoleState } from '../device/console.svelte.ts';
import { saveText } from '../download.ts';
import type { ProvisionProfile } from '../../flows/index.ts';

import { BATCH_KEY } from './batch-key.ts';
export { BATCH_KEY };

export interface BatchEnv {
  /** Where batches are persisted (to find a stored one after a reload). */
  readonly store: FlowStore;
  /** FlowDeps for the batch's flows: its own connector (tapping `log`) and the port source to search. */
  deps(source: PortSource, log: SessionLog): FlowDeps;
}

/** A batch a reload interrupted, as offered on startup. */
export interface StoredBatch {
  readonly id: string;
  readonly createdAt: string;
  readonly boards: number;
  readonly verified: number;
  readonly ca: CaRef;
  readonly secTag: number;
  readonly source: 'emulator' | 'hardware';
  readonly record: BatchRecord;
}

interface KeptBatch {
  readonly id: string;
  readonly source: 'emulator' | 'hardware';
}

function readKept(): KeptBatch | null {
  try {
    const raw = localStorage.getItem(BATCH_KEY);
    if (!raw) return null;
    // Earlier builds kept the bare id.
    if (!raw.startsWith('{')) return { id: raw, source: 'hardware' };
    const v = JSON.parse(raw) as Partial<KeptBatch>;
    return typeof v.id === 'string' ? { id: v.id, source: v.source === 'emulator' ? 'emulator' : 'hardware' } : null;
  } catch {
    return null;
  }
}

function keep(value: KeptBatch | null): void {
  try {
    if (value) localStorage.setItem(BATCH_KEY, JSON.stringify(value));
    else localStorage.removeItem(BATCH_KEY);
  } catch {
    // Without storage the batch lasts this page.
  }
}

export class BatchState {
  snapshot = $state.raw<BatchSnapshot | null>(null);
  /** Why the batch could not start or go on, in plain words. */
  error = $state.raw<string | null>(null);
  /** "Next board" is running: looking for a board, or provisioning the one it found. */
  running = $state.raw(false);
  /** A batch a reload interrupted, offered to continue. */
  stored = $state.raw<StoredBatch | null>(null);
  log = $state.raw<SessionLog>(newLog());
  readonly console = new ConsoleState({
    send: async () =>
      err({
        source: 'device',
        error: { code: 'not-open', message: 'Typed commands are off while a batch runs: stop the batch first.' },
      }),
    maskLine: (command) => maskSecretLine(command, SECRET_LINES),
  });
  source = $state.raw<PortSource | null>(null);
  /** The boards this page provisioned in the batch, for the cloud's files (onboarding CSV, certificates). */
  cloudBoards = $state.raw<readonly CloudBoard[]>([]);
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

  /** Starts a batch with this profile and CA; the first board is `first` when given (the board just connected: `board`
   * when the page handed it over with its port open, its bytes tapped into the batch's log from here on; else
   * opened again while the batch is saved). */
  async start(
    profile: ProvisionProfile,
    ca: CaSource,
    source: PortSource,
    first?: SerialPortLike,
    board?: DeviceSession,
  ): Promise<void> {
    this.#prepare(source);
    const log = this.log;
    if (board) board.connection.onTap((e) => log.add(e));
    const started = await BatchSession.start(this.#env.deps(source, log), profile, ca, first, board);
    if (!started.ok) {
      this.error = `The batch could not be saved: ${started.error.message}`;
      return;
    }
    this.#adopt(started.value, source);
    await this.next(first);
  }

  /** Finds the batch a reload interrupted (its id kept in localStorage) and offers it. */
  async findStored(): Promise<void> {
    const kept = readKept();
    if (!kept || this.#session) return;
    const r = await this.#env.store.getBatch(kept.id);
    if (!r.ok) return void (this.error = `The interrupted batch could not be read: ${r.error.message}`);
    if (!r.value) return keep(null);
    const record = r.value;
    this.stored = {
      id: record.id,
      createdAt: record.createdAt,
      boards: record.results.length,
      verified: record.results.filter((x) => x.outcome === 'verified').length,
      ca: record.ca,
      secTag: record.profile.secTag,
      source: kept.source,
      record,
    };
  }

  /** Continues the stored batch with its CA source: its results stay, Next board goes on. */
  async resume(ca: CaSource, source: PortSource): Promise<void> {
    const offer = this.stored;
    if (!offer) return;
    this.#prepare(source);
    const restored = await BatchSession.restore(this.#env.deps(source, this.log), offer.id, ca);
    if (!restored.ok) return void (this.error = restored.error.message);
    if (!restored.value) {
      this.stored = null;
      keep(null);
      this.error = 'The interrupted batch is no longer stored.';
      return;
    }
    this.stored = null;
    this.#adopt(restored.value, source);
  }

  /** Drops the offer (the batch's results stay in the store and the audit trail). */
  forgetStored(): void {
    this.stored = null;
    keep(null);
  }

  /** The stored batch's summary as a CSV download; returns the file name. */
  downloadStoredCsv(): string | null {
    const offer = this.stored;
    if (!offer) return null;
    const name = `keywire-batch-${offer.id.slice(0, 8)}.csv`;
    saveText(name, batchCsv(offer.record.results), 'text/csv');
    return name;
  }

  #prepare(source: PortSource): void {
    this.error = null;
    this.cloudBoards = [];
    this.log = newLog();
    this.console.attach(this.log);
    this.source = source;
  }

  #adopt(session: BatchSession, source: PortSource): void {
    this.#session = session;
    keep({ id: session.snapshot.id, source: source.kind === 'emulator' ? 'emulator' : 'hardware' });
    session.subscribe((s) => {
      this.snapshot = s;
      const done = s.current?.step.name === 'done' ? cloudBoardOf(s.current.step.summary) : null;
      if (done && !this.cloudBoards.some((b) => b.certificatePem === done.certificatePem))
        this.cloudBoards = [...this.cloudBoards.filter((b) => b.deviceId !== done.deviceId), done];
      this.#onChange(s);
    });
  }

  /** Finishes the current board and provisions the next one (`port`, else a granted port, else the next plugged). */
  async next(port?: SerialPortLike): Promise<void> {
    const batch = this.#session;
    if (!batch || this.running) return;
    this.running = true;
    this.#abort = new AbortController();
    try {
      await batch.nextBoard(port, { signal: this.#abort.signal });
    } finally {
      this.running = false;
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
    keep(null);
  }

  /** The batch summary as a CSV download (also after the batch stopped); returns the file name. */
  /** What the batch's cloud needs next, for every board provisioned here (none without a cloud profile). */
  get cloudFiles(): CloudFile[] {
    return this.snapshot ? cloudFiles(this.snapshot.profile.cloud, this.cloudBoards) : [];
  }

  downloadCloudFile(f: CloudFile): void {
    saveText(f.name, f.text, f.mime);
  }

  downloadCsv(): string | null {
    const s = this.snapshot;
    const csv = this.#session?.toCsv() ?? this.#stoppedCsv;
    if (!s || csv === null) return null;
    const name = `keywire-batch-${s.id.slice(0, 8)}.csv`;
    saveText(name, csv, 'text/csv');
    return name;
  }
}
