// Layer: flows. A batch: one fixed profile and CA source, "next board" repeats the provisioning flow, boards are
// found again through the port source's granted ports where possible (getPorts(); the emulator's boards), with a
// running count, per-board results persisted in `keywire-flows` and a CSV summary. The audit trail holds the rest.
// `searching` is true only while a board is being looked for: once one is chosen, its flow is what runs (and what
// Cancel stops). A result row says where the board's run really provisioned (its summary's sec_tag and CA).
import type { CaSource } from '../ca/types.ts';
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { DeviceIdentity } from '../devices/device.ts';
import type { PortEntry, SerialPortLike } from '../devices/transport/index.ts';
import { err, ok, type CodedError, type Result } from '../lib/result.ts';
import { batchCsv } from './batch-csv.ts';
import { caRefOf, sameCa } from './ca-ref.ts';
import type { BatchCounts, BatchRecord, BatchResult } from './batch-types.ts';
import type { FlowDeps } from './deps.ts';
import type { FlowStoreError } from './flow-store.ts';
import { defaultConnector, type Connector } from './deps.ts';
import { EarlyConnection } from './early-connection.ts';
import { ProvisionFlow } from './provision-flow.ts';
import type { FlowError, FlowSnapshot, ProvisionProfile } from './types.ts';

export interface BatchSnapshot {
  readonly id: string;
  readonly profile: ProvisionProfile;
  readonly ca: { readonly kind: string; readonly label: string };
  readonly results: readonly BatchResult[];
  readonly counts: BatchCounts;
  /** The board being provisioned now. */
  readonly current: FlowSnapshot | null;
  /** Looking for or waiting for the next board (not while one is being provisioned). */
  readonly searching: boolean;
  readonly message: string | null;
}

type Listener = (s: BatchSnapshot) => void;

/** How long "next board" waits for a board to be plugged in when none is available. Default 10 minutes. */
const WAIT_MS = 600_000;

export class BatchSession {
  #record: BatchRecord;
  #flow: ProvisionFlow | null = null;
  #flowSnapshot: FlowSnapshot | null = null;
  #recorded = false;
  /** nextBoard is running (looking, or provisioning the board it found). */
  #busy = false;
  #searching = false;
  #message: string | null = null;
  /** The first board's connection, begun while the batch was saved (early-connection.ts). */
  #early: EarlyConnection | null;
  /** The batch's first save, still landing while the first board is read: its flow's first save waits for it. */
  #firstSave: Promise<FlowError | null> | null;
  /** Ports a board of this batch was on: tried last, since their board is probably done. */
  readonly #used = new Set<SerialPortLike>();
  readonly #listeners = new Set<Listener>();
  #snapshot!: BatchSnapshot;

  private constructor(
    readonly deps: FlowDeps,
    readonly ca: CaSource,
    record: BatchRecord,
    early: EarlyConnection | null = null,
    saving: Promise<Result<void, FlowStoreError>> | null = null,
  ) {
    this.#record = record;
    this.#early = early;
    this.#firstSave =
      saving?.then((r) => {
        if (r.ok) return null;
        const message = `The batch could not be saved: ${r.error.message}`;
        this.#say(message);
        return {
          code: 'storage',
          message,
          action: 'Free browser storage or leave private browsing, then press Continue.',
        };
      }) ?? null;
    this.#emit();
  }

  /** A new batch with a fixed profile and CA source (persisted at once). `first`: the port of the board it starts
   * with, `opened` when the caller hands its connection over, else opened and its board found (reads only) while the
   * batch is saved; nextBoard(first) goes on with it (and closes it when it is not used). */
  static async start(
    deps: FlowDeps,
    profile: ProvisionProfile,
    ca: CaSource,
    first?: SerialPortLike,
    opened?: DeviceSession,
  ): Promise<Result<BatchSession, FlowStoreError>> {
    const at = new Date((deps.now ?? Date.now)()).toISOString();
    const record: BatchRecord = {
      id: crypto.randomUUID(),
      createdAt: at,
      updatedAt: at,
      profile,
      ca: caRefOf(ca),
      results: [],
    };
    const saving = deps.store.putBatch(record);
    if (!first) {
      const saved = await saving;
      return saved.ok ? ok(new BatchSession(deps, ca, record)) : saved;
    }
    // The first board is read (identify, its listing) while the batch is saved: its flow's first save, before any
    // board change, waits for this one, and a failure stops it there.
    const connect: Connector | undefined = opened ? async () => ok(opened) : deps.connect;
    return ok(new BatchSession(deps, ca, record, new EarlyConnection(first, connect ?? defaultConnector()), saving));
  }

  /** A batch from the store (after a reload), with its CA source configured again (the same label). */
  static async restore(
    deps: FlowDeps,
    id: string,
    ca: CaSource,
  ): Promise<Result<BatchSession | null, FlowStoreError | CodedError<'ca-mismatch'>>> {
    const r = await deps.store.getBatch(id);
    if (!r.ok) return r;
    if (!r.value) return ok(null);
    if (!sameCa(r.value.ca, caRefOf(ca)))
      return err({
        code: 'ca-mismatch',
        message: `This batch uses the CA "${r.value.ca.label}", not "${ca.label}": set that one up to continue it.`,
      });
    return ok(new BatchSession(deps, ca, r.value));
  }

  get snapshot(): BatchSnapshot {
    return this.#snapshot;
  }

  get flow(): ProvisionFlow | null {
    return this.#flow;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener(this.#snapshot);
    return () => this.#listeners.delete(listener);
  }

  toCsv(): string {
    return batchCsv(this.#record.results);
  }

  /** Finishes the current board (its result is kept) and provisions the next one: on `port` when given, else on
   * the first granted port whose board is not done in this batch, else the next board plugged in. */
  async nextBoard(port?: SerialPortLike, o: { signal?: AbortSignal } = {}): Promise<BatchSnapshot> {
    if (this.#busy) return this.#snapshot;
    this.#busy = true;
    this.#message = null;
    this.#emit();
    try {
      await this.#finishCurrent();
      if (port) {
        await this.#provision(port);
        return this.#snapshot;
      }
      const tried = new Set<SerialPortLike>();
      for (;;) {
        if (o.signal?.aborted) return this.#say('Stopped looking for the next board.');
        this.#searching = true;
        this.#emit();
        const candidate = await this.#candidate(tried, o.signal);
        this.#searching = false;
        if (!candidate) return this.#say('Plug in the next board, or pick its port.');
        tried.add(candidate.port);
        this.#message = null;
        const snap = await this.#provision(candidate.port);
        if (snap.step.name !== 'failed' || snap.step.error.code !== 'other-board') return this.#snapshot;
        await this.#flow?.dispose();
        this.#flow = null;
        this.#flowSnapshot = null;
      }
    } finally {
      this.#busy = false;
      this.#searching = false;
      this.#emit();
    }
  }

  /** Stops the current board and releases its port; results stay. */
  async close(): Promise<void> {
    await this.#dropEarly();
    await this.#finishCurrent();
  }

  #say(message: string): BatchSnapshot {
    this.#message = message;
    this.#emit();
    return this.#snapshot;
  }

  #done(): Set<string> {
    return new Set(this.#record.results.filter((r) => r.outcome === 'verified').map((r) => r.deviceId));
  }

  async #candidate(tried: Set<SerialPortLike>, signal?: AbortSignal): Promise<PortEntry | null> {
    const ports = this.deps.ports;
    if (!ports) return null;
    const granted = await ports.granted();
    const untried = granted.ok ? granted.value.filter((e) => !tried.has(e.port)) : [];
    const fresh = untried.find((e) => !this.#used.has(e.port)) ?? untried[0];
    if (fresh) return fresh;
    if (!ports.capabilities.connectEvents) return null;
    this.#say('Waiting for the next board to be plugged in.');
    return new Promise<PortEntry | null>((resolve) => {
      const finish = (entry: PortEntry | null) => {
        clearTimeout(timer);
        stop();
        signal?.removeEventListener('abort', onAbort);
        resolve(entry);
      };
      const onAbort = () => finish(null);
      const timer = setTimeout(() => finish(null), WAIT_MS);
      const stop = ports.onChange((change) => {
        if (change.type === 'connect') finish(ports.describe(change.port));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async #provision(port: SerialPortLike): Promise<FlowSnapshot> {
    this.#used.add(port);
    const done = this.#done();
    const flow = new ProvisionFlow(this.deps, {
      preset: { profile: this.#record.profile, ca: this.ca },
      skip: (d: DeviceIdentity) => (done.has(d.deviceId) ? `Board ${d.deviceId} is already done in this batch.` : null),
      ...(this.#firstSave ? { pending: this.#firstSave } : {}),
    });
    this.#firstSave = null;
    this.#flow = flow;
    this.#recorded = false;
    const early = this.#early?.take(port) ?? null;
    await this.#dropEarly();
    flow.subscribe((s) => {
      this.#flowSnapshot = s;
      if (s.step.name === 'done' && !this.#recorded) {
        this.#recorded = true;
        void this.#addResult(s);
      }
      this.#emit();
    });
    return flow.connectPort(port, early ?? undefined);
  }

  /** A first board's connection nobody took (another port given, or the batch closed first). */
  async #dropEarly(): Promise<void> {
    const early = this.#early;
    this.#early = null;
    await early?.drop();
  }

  async #finishCurrent(): Promise<void> {
    const flow = this.#flow;
    if (!flow) return;
    const s = flow.snapshot;
    const skipped = s.step.name === 'failed' && s.step.error.code === 'other-board';
    if (!this.#recorded && s.device && !skipped) {
      this.#recorded = true;
      await this.#addResult(s);
    }
    await flow.dispose();
    this.#flow = null;
    this.#flowSnapshot = null;
  }

  async #addResult(s: FlowSnapshot): Promise<void> {
    const d = s.device!;
    const step = s.step;
    const summary = step.name === 'done' ? step.summary : null;
    const reason =
      step.name === 'done'
        ? null
        : step.name === 'failed'
          ? step.error.message
          : step.name === 'blocked'
            ? step.findings
                .filter((f) => f.severity === 'error')
                .map((f) => f.message)
                .join(' ')
            : `Left at ${step.name}.`;
    const result: BatchResult = {
      index: this.#record.results.length + 1,
      deviceId: d.deviceId,
      imei: d.imei ?? null,
      model: d.model,
      outcome: summary
        ? 'verified'
        : step.name === 'failed'
          ? 'failed'
          : step.name === 'blocked'
            ? 'blocked'
            : 'skipped',
      secTag: summary?.secTag ?? s.profile?.secTag ?? this.#record.profile.secTag,
      ca: summary?.ca.label ?? s.ca?.label ?? this.#record.ca.label,
      serialHex: summary?.certificate.serialHex ?? null,
      certSha256: summary?.certificate.sha256 ?? null,
      notAfter: summary?.certificate.notAfter ?? null,
      subject: summary?.certificate.subject ?? null,
      reason,
      finishedAt: new Date((this.deps.now ?? Date.now)()).toISOString(),
    };
    this.#record = { ...this.#record, results: [...this.#record.results, result], updatedAt: result.finishedAt };
    const saved = await this.deps.store.putBatch(this.#record);
    if (!saved.ok) this.#message = `The batch results could not be saved: ${saved.error.message}`;
    this.#emit();
  }

  #emit(): void {
    const results = this.#record.results;
    this.#snapshot = {
      id: this.#record.id,
      profile: this.#record.profile,
      ca: this.#record.ca,
      results,
      counts: {
        total: results.length,
        verified: results.filter((r) => r.outcome === 'verified').length,
        failed: results.filter((r) => r.outcome !== 'verified').length,
      },
      current: this.#flowSnapshot,
      searching: this.#searching,
      message: this.#message,
    };
    for (const listener of [...this.#listeners]) {
      try {
        listener(this.#snapshot);
      } catch {
        // A broken view must not stop the batch.
      }
    }
  }
}
