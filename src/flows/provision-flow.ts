// Layer: flows. Provisioning one board as an explicit state machine (transitions.ts) over the device stack, the
// crypto worker, a CA source and the audit trail, all reached through FlowDeps. Each step's state is persisted per
// board (flow-store.ts) before the flow moves on, so a reload or an unplug resumes where it was (record.ts rules).
// The UI wraps `subscribe` (immutable snapshots) and calls the actions; every action returns the snapshot it ended
// in and never throws. cancel() aborts the running step through every call it makes. No Svelte here.
import { caRefOf } from './ca-ref.ts';
import type { AuditError } from '../audit/types.ts';
import type { CaSource } from '../ca/types.ts';
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { Device, DeviceIdentity } from '../devices/device.ts';
import type { SerialPortLike } from '../devices/transport/index.ts';
import { auditDeviceOf, auditedDevice } from './audited-device.ts';
import { defaultConnector, type Connector, type FlowDeps } from './deps.ts';
import { FlowRunner } from './flow-runner.ts';
import type { IntentDecision } from './open-intents.ts';
import type { FlowStore } from './flow-store.ts';
import type { FlowRecord } from './record.ts';
import { cancelled, failed, type StepContext, type StepOutcome } from './step-context.ts';
import { STEP_TITLES } from './step-titles.ts';
import { canMove, nextActionFor } from './transitions.ts';
import type {
  BackupBundle,
  FlowError,
  FlowProgress,
  FlowSnapshot,
  FlowStep,
  PrepareChoice,
  ProvisionProfile,
  StepName,
} from './types.ts';
import { progressWorthShowing } from './progress-step.ts';

export interface ProvisionFlowOptions {
  /** Batch: the fixed choice. Prepare runs by itself; it stops only when the board needs an overwrite confirmed. */
  readonly preset?: PrepareChoice;
  /** Batch: a reason not to provision this board (already done in the batch); the flow stops after identify. */
  readonly skip?: (device: DeviceIdentity) => string | null;
  /** Batch: work begun before this flow (the batch's own record being saved) that must land before the flow's first
   * save, which comes before any board change; an error stops the run there, as a failed save does. */
  readonly pending?: Promise<FlowError | null>;
}

type Listener = (snapshot: FlowSnapshot) => void;

/** How long dispose() lets a cancelled step finish on its own before it closes the port under it. */
const DISPOSE_GRACE_MS = 1500;

/** A bug caught: plain words for the user, the detail for support (cause) and the developer console. */
export function internalError(at: StepName, e: unknown): StepOutcome {
  console.error(`KeyWire: internal error at ${at}`, e);
  const detail = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 500);
  return failed(at, {
    code: 'internal',
    message: `Something went wrong inside KeyWire at ${STEP_TITLES[at]}; the board was not changed further. Download the session log and report it.`,
    action:
      'Press Continue to try again; if it repeats, download the session log and export the audit trail for support.',
    cause: { code: 'internal', message: detail },
  });
}

/** The mutable state the runner works on; only ProvisionFlow emits it. */
export interface FlowState {
  step: FlowStep;
  progress: FlowProgress | null;
  notes: string[];
  resumedAt: StepName | null;
  session: DeviceSession | null;
  identity: DeviceIdentity | null;
  device: Device | null;
  record: FlowRecord | null;
  ca: CaSource | null;
  profile: ProvisionProfile | null;
  backup: BackupBundle | null;
  auditError: AuditError | null;
  pendingChoice: PrepareChoice | null;
}

export class ProvisionFlow {
  readonly #deps: FlowDeps;
  readonly #runner: FlowRunner;
  readonly #listeners = new Set<Listener>();
  readonly #s: FlowState = {
    step: { name: 'connect' },
    progress: null,
    notes: [],
    resumedAt: null,
    session: null,
    identity: null,
    device: null,
    record: null,
    ca: null,
    profile: null,
    backup: null,
    auditError: null,
    pendingChoice: null,
  };
  #busy = false;
  #controller: AbortController | null = null;
  #running: Promise<unknown> = Promise.resolve();
  /** When the progress on screen was shown (performance.now()), for progressWorthShowing. */
  #progressShownAt = 0;
  #snapshot: FlowSnapshot;
  #stopWatching: (() => void) | null = null;

  constructor(deps: FlowDeps, options: ProvisionFlowOptions = {}) {
    this.#deps = deps;
    this.#runner = new FlowRunner(deps, this.#s, options.preset ?? null, options.skip ?? null, {
      enter: (step) => this.#enter(step),
      emit: () => this.#emit(),
      context: (signal) => this.#context(signal),
      attachSession: (session) => this.#watch(session),
      meanwhile: (work) => {
        this.#saving = this.#saving.then(async (earlier) => earlier ?? (await work));
      },
      landed: () => this.#saved(),
    });
    this.#snapshot = this.#build();
    const pending = options.pending;
    if (pending) this.#saving = pending.then((e) => (e ? failed(this.#at(), e) : null));
  }

  get snapshot(): FlowSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` now and after every change; returns unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener(this.#snapshot);
    return () => this.#listeners.delete(listener);
  }

  /** Opens the port (deps.connect, default connectDevice), identifies the board and continues where it was.
   * `opening`: the port's connection begun before (a batch opens its first board while it saves itself), taken with
   * this action's signal so that Cancel stops it as it would stop deps.connect. */
  connectPort(port: SerialPortLike, opening?: Connector): Promise<FlowSnapshot> {
    const connect = opening ?? this.#deps.connect ?? defaultConnector();
    return this.#run(async (signal) => {
      const s = await connect(port, { signal });
      if (!s.ok) return await this.#runner.connectFailed(s.error);
      await this.#runner.attach(s.value, signal);
    });
  }

  /** A board the UI connected itself (its connect panel, console tap): identify it and continue. */
  useSession(session: DeviceSession): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.attach(session, signal));
  }

  /** Prepare: lists what the board stores at `secTag` (and what `profile` would replace). */
  selectSecTag(secTag: number, profile?: ProvisionProfile): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.showTag(secTag, profile ?? null, signal), ['prepare']);
  }

  /** Prepare: the choice. Stops for confirmOverwrite() when anything at the sec_tag would be replaced. */
  prepare(choice: PrepareChoice): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.prepare(choice, false, signal), ['prepare', 'done']);
  }

  /** After the user confirmed: back up what would be overwritten, then provision. */
  confirmOverwrite(): Promise<FlowSnapshot> {
    const choice = this.#s.pendingChoice;
    if (!choice) return Promise.resolve(this.#snapshot);
    return this.#run((signal) => this.#runner.prepare(choice, true, signal), ['prepare']);
  }

  /** Closes the open audit intents offered (with the suggested outcome unless decided otherwise), then continues. */
  closeOpenIntents(decisions: readonly IntentDecision[] = []): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.closeIntents(decisions, signal), ['open-intents']);
  }

  /** Continue where it stopped (failed, cancelled, a board that came back). */
  retry(): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.retry(signal));
  }

  /** After a refused certificate: forget it and ask the CA again (a deliberate second issuance). */
  newCertificate(): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.newCertificate(signal), ['blocked']);
  }

  /** Drop this board's unfinished provisioning (a new key will be generated) and go back to prepare. */
  startOver(): Promise<FlowSnapshot> {
    return this.#run((signal) => this.#runner.startOver(signal));
  }

  /** Stops the running step; its state stays persisted, retry() continues. A command the board already received
   * is finished first (its real outcome is kept): `stopping` says so meanwhile. */
  cancel(): void {
    if (!this.#controller || this.#controller.signal.aborted) return;
    this.#controller.abort();
    this.#emit();
  }

  /** Cancels, waits briefly for the step to stop, and releases the board's port. A command the board already
   * received (a key generation) is not waited for beyond DISPOSE_GRACE_MS: closing the port ends it, and its
   * outcome is recorded as unknown (the next visit settles it from the board). `keepPort`: the board stays open for
   * whoever takes it next (a batch takes the board a single flow was attached to); only an idle flow lets go of it
   * so, a step still running after the grace gets its port closed as always. */
  async dispose(o: { keepPort?: boolean } = {}): Promise<void> {
    this.cancel();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DISPOSE_GRACE_MS)));
    const stopped = await Promise.race([this.#running.then(() => true), grace]);
    clearTimeout(timer);
    this.#stopWatching?.();
    const session = this.#s.session;
    this.#s.session = null;
    if (!o.keepPort || !stopped) await session?.device.close();
    if (!stopped) await this.#running;
    this.#listeners.clear();
  }

  async #run(work: (signal: AbortSignal) => Promise<void>, allowed?: readonly string[]): Promise<FlowSnapshot> {
    if (this.#busy) return this.#snapshot;
    if (allowed && !allowed.includes(this.#s.step.name)) return this.#snapshot;
    this.#busy = true;
    const controller = (this.#controller = new AbortController());
    this.#emit();
    const done = (async () => {
      try {
        await work(controller.signal);
        // A save begun without waiting lands before the run ends; one that failed stops the run (Continue saves again).
        const unsaved = await this.#saved();
        if (unsaved) this.#stop(unsaved, true);
        else if (controller.signal.aborted && this.#isWorkStep()) this.#stop(cancelled(this.#at()));
      } catch (e) {
        this.#stop(internalError(this.#at(), e), true);
      } finally {
        this.#busy = false;
        this.#controller = null;
        this.#s.progress = null;
        this.#emit();
      }
    })();
    this.#running = done;
    await done;
    return this.#snapshot;
  }

  #isWorkStep(): boolean {
    return !['failed', 'blocked', 'done', 'waiting-for-board', 'prepare', 'open-intents', 'connect'].includes(
      this.#s.step.name,
    );
  }

  #at(): StepName {
    const step = this.#s.step;
    return step.name === 'failed' || step.name === 'blocked' || step.name === 'waiting-for-board' ? step.at : step.name;
  }

  #stop(outcome: StepOutcome, force = false): void {
    if (outcome.kind === 'stop') this.#enter(outcome.step, force);
  }

  #enter(step: FlowStep, force = false): void {
    const from = this.#s.step.name;
    if (!force && !canMove(from, step.name)) throw new Error(`step ${from} cannot be followed by ${step.name}`);
    this.#s.step = step;
    this.#emit();
  }

  #watch(session: DeviceSession): void {
    this.#stopWatching?.();
    this.#stopWatching = session.connection.onDisconnect(() => {
      // While a step runs, its device call reports the loss; when idle, go and wait for the board.
      const name = this.#s.step.name;
      if (this.#s.session !== session || this.#busy || name === 'done' || name === 'connect') return;
      void this.#run((signal) => this.#runner.lost(this.#at(), 'The board was unplugged or reset.', signal));
    });
  }

  #context(signal: AbortSignal): StepContext {
    const s = this.#s;
    const now = this.#deps.now ?? Date.now;
    const identity = s.identity!;
    return {
      deps: this.#deps,
      session: s.session!,
      device: (s.device ??= auditedDevice(
        s.session!.device,
        this.#deps.audit,
        auditDeviceOf(identity),
        (e) => (s.auditError = e),
      )),
      identity,
      who: auditDeviceOf(identity),
      signal,
      now,
      ca: s.ca,
      record: () => s.record!,
      save: async (record) => {
        const earlier = await this.#saved();
        if (earlier) return earlier;
        const next = { ...record, updatedAt: new Date(now()).toISOString() };
        const failure = this.#saveFailure(await this.#deps.store.putFlow(next));
        if (failure) return failure;
        s.record = next;
        return null;
      },
      saveSoon: (record) => {
        const next = { ...record, updatedAt: new Date(now()).toISOString() };
        s.record = next;
        this.#saving = this.#saving.then(
          async (earlier) => earlier ?? this.#saveFailure(await this.#deps.store.putFlow(next)),
        );
      },
      landed: () => this.#saved(),
      outcomeLater: (recorded, what) => {
        if (!recorded) return;
        this.#saving = this.#saving.then(async (earlier) => {
          const e = await recorded;
          if (e) {
            s.notes = [...s.notes, `${what} could not be recorded (${e.message}).`];
            this.#emit();
          }
          return earlier;
        });
      },
      enter: (step) => this.#enter(step),
      progress: (p) => {
        const at = performance.now();
        if (!progressWorthShowing(s.progress, p, at - this.#progressShownAt)) return;
        this.#progressShownAt = at;
        s.progress = p;
        this.#emit();
      },
      note: (text) => {
        s.notes = [...s.notes, text];
        this.#emit();
      },
      takeAuditError: () => {
        const e = s.auditError;
        s.auditError = null;
        return e;
      },
    };
  }

  /** Saves begun with `saveSoon` (and work begun with the runner's `meanwhile`), in order; the first failure (once),
   * or null. */
  #saving: Promise<StepOutcome | null> = Promise.resolve(null);

  async #saved(): Promise<StepOutcome | null> {
    const pending = this.#saving;
    const failure = await pending;
    if (this.#saving === pending) this.#saving = Promise.resolve(null);
    return failure;
  }

  #saveFailure(r: Awaited<ReturnType<FlowStore['putFlow']>>): StepOutcome | null {
    if (r.ok) return null;
    return failed(this.#at(), {
      code: 'storage',
      message: r.error.message,
      action: 'Free browser storage or leave private browsing, then press Continue.',
      cause: { code: r.error.code, message: r.error.message },
    });
  }

  #build(): FlowSnapshot {
    const s = this.#s;
    const record = s.record;
    return {
      step: s.step,
      busy: this.#busy,
      stopping: this.#busy && this.#controller?.signal.aborted === true,
      next: nextActionFor(s.step, this.#busy, s.session !== null),
      progress: s.progress,
      device: s.identity,
      profile: record?.profile ?? s.profile,
      ca: record?.ca ?? (s.ca ? caRefOf(s.ca) : null),
      backup: record?.backup ?? s.backup,
      resumedAt: s.resumedAt,
      notes: s.notes,
    };
  }

  #emit(): void {
    this.#snapshot = this.#build();
    for (const listener of [...this.#listeners]) {
      try {
        listener(this.#snapshot);
      } catch {
        // A broken view must not stop provisioning.
      }
    }
  }
}
