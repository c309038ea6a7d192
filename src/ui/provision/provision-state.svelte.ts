// Layer: views (provision), the Provision section's state for Svelte: one ProvisionFlow (src/flows) that follows the
// page's DeviceSession (the board shown in the board view is the board provisioned; the session owns the port and
// its reconnects, the flow reuses it through useSession), or a batch (batch-state.svelte.ts) that owns its ports.
// It keeps the latest FlowSnapshot, the checks seen on the way, the Prepare form and the CA choice, and maps the
// one primary button to the flow's next action. Page-wide (provisionState()), so leaving the section keeps it.
import { untrack } from 'svelte';
import type { DeviceSession } from '../../app/device-session.svelte.ts';
import type { DeviceSources } from '../../app/device-sources.ts';
import type { OpenedBoard } from '../../app/open-board.ts';
import {
  BOARD_STEPS,
  FlowStore,
  ProvisionFlow,
  type BatchSnapshot,
  type CsrSummary,
  type FlowSnapshot,
  type IntentDecision,
  type WriteItemState,
} from '../../flows/index.ts';
import type { FlowAudit } from '../../flows/index.ts';
import type { PortSource, SerialPortLike } from '../../devices/transport/index.ts';
import type { WriteCheckReport } from '../../pki/crypto-types.ts';
import type { CaSource } from '../../ca/types.ts';
import { caConfigState } from '../ca/ca-config.svelte.ts';
import { saveText } from '../download.ts';
import { BatchState } from './batch-state.svelte.ts';
import { CaChoice } from './ca-choice.svelte.ts';
import { ProfileForm } from './profile-form.svelte.ts';
import { FlowEvents } from './flow-events.ts';
import { batchDeps, flowDeps, type DepsContext } from './provision-deps.ts';
import { stepAt, stepTitle } from './steps.ts';

export interface ProvisionEnv {
  readonly session: DeviceSession;
  readonly sources: () => DeviceSources;
  readonly audit: FlowAudit;
  /** The operator name from Settings (reactive): nothing is attached to a board without one. */
  readonly operator: () => string;
  readonly serial: () => { readonly baudRate: number; readonly flowControl: 'none' | 'hardware' };
}

export class ProvisionState {
  /** The single board flow's latest snapshot. */
  single = $state.raw<FlowSnapshot>(null as unknown as FlowSnapshot);
  mode = $state.raw<'single' | 'batch'>('single');
  batchSnapshot = $state.raw<BatchSnapshot | null>(null);
  /** The CSR and the check before writing seen in this session (the steps pass quickly; the views keep them). */
  csrSeen = $state.raw<CsrSummary | null>(null);
  reportSeen = $state.raw<WriteCheckReport | null>(null);
  writesSeen = $state.raw<readonly WriteItemState[]>([]);
  /** Start (or Start a batch) was pressed and is opening the CA source or waiting for the sec_tag listing. */
  starting = $state.raw(false);
  /** Why Start did nothing (form problems, CA not usable), in plain words. */
  startProblems = $state.raw<readonly string[]>([]);
  /** Set when the board is connected but no operator name is set: nothing is attached until there is one. */
  needsOperator = $state.raw(false);
  /** The backup file downloaded before anything was overwritten. */
  backupSaved = $state.raw<string | null>(null);
  readonly form = new ProfileForm();
  readonly ca = new CaChoice(caConfigState());
  readonly batch: BatchState;
  /** Step entries and byte counts for the dev hook (e2e, bench). */
  readonly events = new FlowEvents();
  readonly #env: ProvisionEnv;
  readonly #store = new FlowStore();
  #flow!: ProvisionFlow;
  #unsubscribe: () => void = () => {};
  #attached: OpenedBoard | null = null;
  #backupKey: string | null = null;

  constructor(env: ProvisionEnv) {
    this.#env = env;
    this.batch = new BatchState(
      {
        store: this.#store,
        deps: (source, log) => batchDeps(this.#depsContext(), source, log, (port) => (this.events.lastPort = port)),
      },
      (s) => {
        this.batchSnapshot = s;
        if (s.current) this.#observe(s.current);
      },
    );
    this.#replace();
    void this.batch.findStored();
    $effect.root(() => {
      $effect(() => {
        void env.session.phase;
        void env.session.device;
        void env.operator();
        void this.mode;
        untrack(() => this.#sync());
      });
    });
  }

  /** The snapshot the views show: the batch's current board, or the single flow. */
  get snapshot(): FlowSnapshot | null {
    return this.mode === 'batch' ? (this.batchSnapshot?.current ?? null) : this.single;
  }

  get flow(): ProvisionFlow | null {
    return this.mode === 'batch' ? this.batch.flow : this.#flow;
  }

  get session(): DeviceSession {
    return this.#env.session;
  }

  #depsContext(): DepsContext {
    return {
      audit: this.#env.audit,
      store: this.#store,
      resolveCa: (ref) => this.ca.resolve(ref),
      lab: () => this.#env.sources().lab,
      port: () => (this.mode === 'batch' ? this.events.lastPort : this.#env.session.entry?.port),
      serial: this.#env.serial,
    };
  }

  /** A fresh single flow (the board view's board, when it is connected, is attached by #sync). */
  #replace(): void {
    this.#unsubscribe();
    const old = this.#flow as ProvisionFlow | undefined;
    // Its board is already closed by the session (another board, or disconnected): dispose only lets go.
    void old?.dispose();
    this.#attached = null;
    this.csrSeen = null;
    this.reportSeen = null;
    this.writesSeen = [];
    this.#flow = new ProvisionFlow(flowDeps(this.#depsContext(), { ports: null }));
    this.#unsubscribe = this.#flow.subscribe((s) => {
      this.single = s;
      this.#observe(s);
    });
  }

  #observe(s: FlowSnapshot): void {
    const step = s.step;
    this.events.step(step.name, s.device?.deviceId ?? null);
    // While a provisioning step runs on the board view's board (key generation to verify), its Delete and changing
    // typed commands wait: they would interleave with the flow's offline-mode handling and its writes.
    const working = this.mode === 'single' && s.busy && s === this.single && BOARD_STEPS.includes(step.name);
    this.#env.session.hold(working ? `Provisioning is running on this board (${stepTitle(stepAt(step))}).` : null);
    if (step.name === 'prepare' && !s.busy && step.existing === null) {
      this.csrSeen = null;
      this.reportSeen = null;
      this.writesSeen = [];
    }
    if (step.name === 'write') this.writesSeen = step.writes;
    if (step.name === 'check-csr' && step.csr) this.csrSeen = step.csr;
    if ((step.name === 'check-before-write' || step.name === 'blocked') && 'report' in step && step.report)
      this.reportSeen = step.report;
    const backup = s.backup;
    if (backup && backup.items.length > 0 && this.#backupKey !== backup.file.name) {
      // The copy of what will be overwritten is saved before anything is written.
      this.#backupKey = backup.file.name;
      saveText(backup.file.name, backup.file.content, backup.file.mime);
      this.backupSaved = backup.file.name;
    }
    if (this.mode === 'single' && !s.busy && (step.name === 'done' || (step.name === 'failed' && step.at === 'write')))
      void this.#env.session.credentials.refresh();
  }

  /** Follows the page's board: attach it to the flow (after a reload or unplug the flow continues where it was). */
  #sync(): void {
    if (this.mode !== 'single') return;
    const session = this.#env.session;
    const opened = session.phase === 'connected' ? session.opened : null;
    if (!opened) {
      if (session.phase === 'idle' && this.#attached) this.#replace();
      this.needsOperator = false;
      return;
    }
    if (!this.#env.operator().trim()) {
      this.needsOperator = this.#attached !== opened;
      return;
    }
    this.needsOperator = false;
    if (opened === this.#attached) return;
    const snap = this.#flow.snapshot;
    const sameBoard = snap.device?.deviceId === opened.identity.deviceId;
    const resumable = ['waiting-for-board', 'failed', 'connect'].includes(snap.step.name);
    if (!(sameBoard && resumable) && snap.step.name !== 'connect') this.#replace();
    this.#attached = opened;
    void this.#attach(this.#flow, opened);
  }

  async #attach(flow: ProvisionFlow, opened: OpenedBoard): Promise<void> {
    // The CA source is opened first so that a flow stored before a reload finds its CA again (resolveCa).
    await this.ca.open();
    await this.#whenIdle(flow);
    if (flow === this.#flow && this.#attached === opened) await flow.useSession(opened);
  }

  #idle(flow: ProvisionFlow): Promise<void> {
    return new Promise((resolve) => {
      const off = flow.subscribe((s) => {
        if (!s.busy) queueMicrotask(() => (off(), resolve()));
      });
    });
  }

  /** Prepare: list what the board stores at the sec_tag in the form. */
  async showTag(): Promise<void> {
    const tag = this.form.secTagNumber;
    if (tag === null || this.mode !== 'single') return;
    await this.#flow.selectSecTag(tag, this.form.profile);
  }

  /** Prepare's primary button: check the form, open the CA source, and provision (may stop to confirm). A listing
   * of the sec_tag still running (the field was just edited) is waited for, so the tap is never lost. */
  start(): Promise<void> {
    return this.#starting(async (ca) => {
      if (this.#flow.snapshot.step.name !== 'prepare') return;
      await this.#flow.prepare({ profile: this.form.profile, ca });
    });
  }

  /** One start at a time: the form checked and the CA source opened, the flow idle, then `go`. */
  #starting(go: (ca: CaSource) => Promise<void>): Promise<void> {
    return this.#guarded(async () => {
      const ca = await this.#ready();
      if (!ca) return;
      await this.#whenIdle(this.#flow);
      await go(ca);
    });
  }

  /** One start (single, batch, resumed batch) at a time. */
  async #guarded(work: () => Promise<void>): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    try {
      await work();
    } finally {
      this.starting = false;
    }
  }

  /** The form's problems (shown), or the opened CA source; remembers the choice as the next default. */
  async #ready(): Promise<CaSource | null> {
    const problems = this.form.problems;
    this.startProblems = problems;
    if (problems.length) return null;
    const ca = await this.ca.open();
    if (!ca.ok) {
      this.startProblems = [`The CA source cannot be used yet: ${ca.error.message}`];
      return null;
    }
    this.form.remember();
    return ca.value;
  }

  async #whenIdle(flow: ProvisionFlow): Promise<void> {
    while (flow.snapshot.busy) await this.#idle(flow);
  }

  /** "Choose another sec_tag" from the overwrite question. */
  keepExisting(): Promise<void> {
    return this.showTag();
  }

  /** The one primary button: the flow's next action. */
  async primary(): Promise<void> {
    const snap = this.snapshot;
    const flow = this.flow;
    if (!snap || !flow) return;
    switch (snap.next.kind) {
      case 'choose':
        return this.mode === 'single' ? this.start() : undefined;
      case 'confirm-overwrite':
        await flow.confirmOverwrite();
        return;
      case 'close-intents':
        if (!this.intentsDecided) return;
        await flow.closeOpenIntents(this.decisions);
        if (flow.snapshot.step.name !== 'open-intents') this.decisions = [];
        return;
      case 'retry':
        await this.ca.open();
        await flow.retry();
        return;
      case 'reconnect':
        if (this.mode === 'single' && this.#env.session.phase === 'lost') return this.#env.session.reconnectNow();
        await this.ca.open();
        await flow.retry();
        return;
      case 'new-certificate':
        await flow.newCertificate();
        return;
      case 'start-over':
        await flow.startOver();
        return;
      case 'finished':
        return this.mode === 'batch' ? this.batch.next() : this.#env.session.disconnect();
      case 'wait':
      case 'connect':
        return;
    }
  }

  /** Open intents: the operator's outcome for each (default: what the board suggests). */
  decisions = $state.raw<readonly IntentDecision[]>([]);
  decide(decision: IntentDecision): void {
    this.decisions = [...this.decisions.filter((d) => d.seq !== decision.seq), decision];
  }

  /** Every open intent has an outcome: the board's suggestion or the operator's choice. */
  get intentsDecided(): boolean {
    const step = this.snapshot?.step;
    if (step?.name !== 'open-intents') return true;
    return step.intents.every((o) => o.suggested !== null || this.decisions.some((d) => d.seq === o.seq));
  }

  cancel(): void {
    this.flow?.cancel();
  }

  /** Provision the same board again from Done (a new key). */
  again(): Promise<unknown> {
    return this.#flow.startOver();
  }

  /** "Start a batch" with the form's profile and the chosen CA; the connected board is the first. */
  startBatch(): Promise<void> {
    return this.#starting(async (ca) => {
      const session = this.#env.session;
      const sources = this.#env.sources();
      const entry = session.phase === 'connected' ? session.entry : null;
      const source: PortSource =
        entry?.source === 'emulator' ? sources.emulator : (sources.hardware ?? sources.emulator);
      const first: SerialPortLike | undefined = entry?.port;
      // The board just connected goes to the batch as it is (no second connect); its port is the batch's first.
      const board = await this.#takePorts(first !== undefined);
      if (first) this.events.lastPort = first;
      await this.batch.start(this.form.profile, ca, source, first, board ?? undefined);
    });
  }

  async stopBatch(): Promise<void> {
    await this.batch.stop();
    this.mode = 'single';
  }

  /** Continues the batch a reload interrupted, with its CA source found again (the configured one, same label). */
  resumeBatch(): Promise<void> {
    return this.#guarded(async () => {
      const offer = this.batch.stored;
      if (!offer) return;
      await this.ca.open();
      const ca = this.ca.resolve(offer.ca);
      if (!ca) {
        this.batch.error = `This batch uses the CA source "${offer.ca.label}", which is not the one set up now. Set it up under Settings, then continue the batch; or download its CSV.`;
        return;
      }
      await this.#takePorts(false);
      const sources = this.#env.sources();
      const source = offer.source === 'emulator' ? sources.emulator : (sources.hardware ?? sources.emulator);
      await this.batch.resume(ca, source);
    });
  }

  /** A batch owns the ports: let the board view's session and the single flow go. `handOver`: the connected board is
   * returned with its port open (null when none is connected), else it is disconnected. */
  async #takePorts(handOver: boolean): Promise<OpenedBoard | null> {
    this.mode = 'batch';
    await this.#flow.dispose({ keepPort: handOver });
    const session = this.#env.session;
    const board = handOver ? session.handOver() : null;
    if (!board) await session.disconnect();
    this.#replace();
    return board;
  }
}
