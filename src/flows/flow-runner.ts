// Layer: flows. The work behind ProvisionFlow's actions: identify a board and decide where it continues (open
// intents first, then the resume rules), prepare with its confirmation and backup, the loop that runs step after
// step until one stops, and waiting for an unplugged board to come back through the port source.
import { caRefOf, sameCa } from './ca-ref.ts';
import { ok } from '../lib/result.ts';
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { DeviceIdentity } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { PortIdentity } from '../devices/transport/index.ts';
import { arrivalProblem, recordArrival } from './arrival.ts';
import { auditDeviceOf } from './audited-device.ts';
import type { FlowDeps } from './deps.ts';
import { boardBack } from './board-back.ts';
import { closingNote, closingOutcomes, intentOffers, type IntentDecision } from './open-intents.ts';
import { profileProblems } from './profile.ts';
import type { FlowState } from './provision-flow.ts';
import { restoreLeftOffline } from './offline-mode.ts';
import { phaseAtLeast, type FlowRecord } from './record.ts';
import { planResume } from './resume.ts';
import { checkBeforeWriteStep, getCertificate } from './step-certificate.ts';
import {
  cancelled,
  failed,
  fromAudit,
  fromDevice,
  fromStore,
  type StepContext,
  type StepOutcome,
} from './step-context.ts';
import { checkCsrStep, generateKey } from './step-keygen.ts';
import { Lookahead } from './lookahead.ts';
import { backupExisting, listTag } from './step-prepare.ts';
import { verifyStep, writeStep } from './step-write.ts';
import { doneSummary } from './summary.ts';
import type { ExistingCredential, FlowStep, PrepareChoice, StepName } from './types.ts';

export interface RunnerHooks {
  enter(step: FlowStep): void;
  emit(): void;
  context(signal: AbortSignal): StepContext;
  attachSession(session: DeviceSession): void;
  /** Work that must land before the next save (which comes before any board change) and the action's end; its
   * failure stops the run there, as a failed save does. */
  meanwhile(work: Promise<StepOutcome | null>): void;
  /** What `meanwhile` began, once it landed: its failure (once), or null. */
  landed(): Promise<StepOutcome | null>;
}

const sameOverwrites = (a: readonly ExistingCredential[], b: readonly ExistingCredential[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.kind === x.kind && y.sha256 === x.sha256));

export class FlowRunner {
  constructor(
    readonly deps: FlowDeps,
    readonly s: FlowState,
    readonly preset: PrepareChoice | null,
    readonly skip: ((device: DeviceIdentity) => string | null) | null,
    readonly hooks: RunnerHooks,
  ) {}

  #now = () => (this.deps.now ?? Date.now)();
  /** The port the board was last on, to find it again after an unplug. */
  #lastPort: PortIdentity | undefined;

  /** Ends an action: stop in the outcome's state, or (board gone) wait for it when there is a signal to wait on. */
  async #stop(outcome: StepOutcome | null, signal?: AbortSignal): Promise<void> {
    if (outcome?.kind === 'stop') this.hooks.enter(outcome.step);
    else if (outcome?.kind === 'lost' && signal) await this.lost(outcome.at, outcome.reason, signal);
  }

  connectFailed(e: DeviceError): Promise<void> {
    return this.#stop(e.code === 'aborted' ? cancelled('connect') : fromDevice('connect', e));
  }

  async attach(session: DeviceSession, signal: AbortSignal): Promise<void> {
    const previous = this.s.identity;
    if (this.s.session && this.s.session !== session) await this.s.session.device.close();
    this.s.session = session;
    this.s.device = null;
    this.hooks.attachSession(session);
    this.hooks.enter({ name: 'identify' });
    const who = await session.device.identify({ signal });
    if (!who.ok) return this.#stop(fromDevice('identify', who.error), signal);
    const id = who.value;
    const problem = arrivalProblem(previous, id, session, this.skip);
    if (problem) {
      // Another board than the one being provisioned: let go of it; keep the one we wait for.
      if (previous && previous.deviceId !== id.deviceId) {
        this.s.session = null;
        await session.device.close();
      } else this.s.identity = id;
      return this.#stop(failed('identify', problem));
    }
    this.s.identity = id;
    this.#lastPort = session.connection.identity;
    // The arrival is recorded while the board is only read (its open intents, the resume, Prepare's listing): the
    // next save, before the first board change, waits for it, and a failure stops the run there.
    this.hooks.meanwhile(
      recordArrival(this.deps.audit, id, session).then((r) => (r.ok ? null : fromAudit('identify', r.error))),
    );
    const open = await this.deps.audit.openIntents(id.deviceId);
    if (!open.ok) return this.#stop(fromAudit('identify', open.error));
    if (open.value.length) {
      const ctx = this.hooks.context(signal);
      const intents = await intentOffers(open.value, ctx.device, { signal });
      return this.hooks.enter({ name: 'open-intents', intents });
    }
    await this.#resume(signal);
  }

  async closeIntents(decisions: readonly IntentDecision[], signal: AbortSignal): Promise<void> {
    const step = this.s.step;
    if (step.name !== 'open-intents') return;
    const outcomes = closingOutcomes(step.intents, decisions);
    if (!outcomes) {
      this.s.notes = [...this.s.notes, 'Say how each unfinished action ended (the board cannot tell), then continue.'];
      return this.hooks.emit();
    }
    for (const offer of step.intents) {
      const outcome = outcomes.get(offer.seq)!;
      const r = await this.deps.audit.closeIntent(offer.seq, outcome, closingNote(offer, outcome));
      if (!r.ok && r.error.code !== 'intent-not-open') return this.#stop(fromAudit('open-intents', r.error));
    }
    this.s.notes = [...this.s.notes, `${step.intents.length} open audit intent(s) closed.`];
    await this.#resume(signal);
  }

  /** Where the flow continues for this board: prepare (nothing unfinished), or the step after the stored phase. */
  async #resume(signal: AbortSignal): Promise<void> {
    this.s.record = null;
    const plan = await planResume(this.hooks.context(signal), this.deps, this.preset, this.#now());
    if (plan.kind === 'stop') return this.#stop(plan.outcome, signal);
    if (plan.kind === 'fresh') {
      if (plan.note) this.s.notes = [...this.s.notes, plan.note];
      if (plan.stale) {
        // A stored run the batch replaces may have left the modem offline: put its mode back first (once the
        // arrival is recorded: that is a board change).
        const unrecorded = await this.hooks.landed();
        if (unrecorded) return this.#stop(unrecorded);
        this.s.record = plan.stale;
        const restored = await restoreLeftOffline(this.hooks.context(signal));
        this.s.record = null;
        if (restored) return this.#stop(restored, signal);
      }
      if (this.preset) return this.prepare(this.preset, false, signal, plan.previous);
      return this.hooks.enter({
        name: 'prepare',
        secTag: null,
        existing: null,
        confirm: null,
        problems: [],
        previous: plan.previous,
      });
    }
    const r = plan.record;
    if (!this.s.ca || !sameCa(caRefOf(this.s.ca), r.ca)) {
      const found = [this.deps.resolveCa?.(r.ca), this.preset?.ca].find((c) => c && sameCa(caRefOf(c), r.ca));
      this.s.ca = found ?? null;
    }
    // Until written, the CA is still needed (to issue, or to check against): without it, touch nothing.
    if (!this.s.ca && !phaseAtLeast(r.phase, 'written'))
      return this.#stop(
        failed('identify', {
          code: 'ca-unavailable',
          message: `The CA source "${r.ca.label}" this board's provisioning used is not set up in this session.`,
          action: 'Set that CA source up again, then press Continue; or start over with another CA.',
        }),
      );
    this.s.notes = [...this.s.notes, plan.note];
    this.s.resumedAt = plan.resumedAt;
    this.s.record = r;
    const ctx = this.hooks.context(signal);
    const saved = await ctx.save(r);
    if (saved) return this.#stop(saved);
    // Key generation takes the board offline again and restores the saved mode itself; anything else puts it back now.
    if (r.phase !== 'prepared') {
      const restored = await restoreLeftOffline(ctx);
      if (restored) return this.#stop(restored, signal);
    }
    await this.#advance(signal);
  }

  async showTag(secTag: number, profile: PrepareChoice['profile'] | null, signal: AbortSignal): Promise<void> {
    const ctx = this.hooks.context(signal);
    const step = this.s.step;
    const previous = step.name === 'prepare' ? step.previous : null;
    const listed = await listTag(ctx.device, secTag, profile, { signal });
    if (!listed.ok) return this.#stop(fromDevice('prepare', listed.error, ctx), signal);
    this.hooks.enter({ name: 'prepare', secTag, existing: listed.value, confirm: null, problems: [], previous });
  }

  async prepare(
    choice: PrepareChoice,
    confirmed: boolean,
    signal: AbortSignal,
    previous = this.#previous(),
  ): Promise<void> {
    const id = this.s.identity!;
    const { profile } = choice;
    this.s.profile = profile;
    this.s.ca = choice.ca;
    const base = { name: 'prepare' as const, secTag: profile.secTag, previous };
    const problems = profileProblems(profile, id);
    if (problems.length) return this.hooks.enter({ ...base, existing: null, confirm: null, problems });
    const ctx = this.hooks.context(signal);
    const ahead = new Lookahead();
    const listed = await listTag(ctx.device, profile.secTag, profile, { signal }, (raw) =>
      ahead.offerListing(profile.secTag, Promise.resolve(ok(raw))),
    );
    if (!listed.ok) return this.#stop(fromDevice('prepare', listed.error, ctx), signal);
    const overwrites = listed.value.filter((c) => c.overwritten);
    const shown = this.s.step.name === 'prepare' ? this.s.step.confirm : null;
    if (overwrites.length && (!confirmed || !shown || !sameOverwrites(shown, overwrites))) {
      this.s.pendingChoice = choice;
      return this.hooks.enter({ ...base, existing: listed.value, confirm: overwrites, problems: [] });
    }
    this.s.pendingChoice = null;
    // The key generation goes offline first: the board answers its mode while the backup (if any) is made.
    const fm = ctx.device.functionalMode;
    const mode = fm ? fm.get({ signal }) : null;
    if (mode) ahead.offerMode(mode);
    this.hooks.enter({ ...base, existing: listed.value, confirm: null, problems: [] });
    const at = new Date(this.#now()).toISOString();
    let backup = null;
    if (overwrites.length) {
      const b = await backupExisting({
        device: ctx.device,
        audit: this.deps.audit,
        who: ctx.who,
        secTag: profile.secTag,
        overwrites,
        at,
        opts: { signal },
      });
      if (!b.ok) return this.#stop(b.error, signal);
      backup = this.s.backup = b.value;
    }
    // The mode to put back after the key generation is saved with this record, so going offline needs no save of
    // its own (`remember` finds it saved). A board offline already, or a mode not read, is left to `whileOffline`.
    const now = mode ? await mode : null;
    const modeBeforeOffline = fm && now?.ok && now.value !== fm.offlineMode ? now.value : null;
    const record: FlowRecord = {
      version: 1,
      deviceId: id.deviceId,
      device: id,
      profile,
      ca: caRefOf(choice.ca),
      phase: 'prepared',
      startedAt: at,
      updatedAt: at,
      backup,
      keygen: null,
      csr: null,
      check: null,
      written: [],
      modemRestored: true,
      summary: null,
      ...(modeBeforeOffline !== null ? { modeBeforeOffline } : {}),
    };
    // Saved while the key generation stores its intent: it waits for this save before the board changes.
    ctx.saveSoon(record);
    ahead.next();
    await this.#advance(signal, ahead);
  }

  #previous() {
    const step = this.s.step;
    if (step.name === 'prepare') return step.previous;
    return step.name === 'done' ? step.summary : null;
  }

  /** Runs steps until one stops (done, blocked, failed) or the board goes away. `ahead`: what Prepare asked ahead. */
  async #advance(signal: AbortSignal, ahead = new Lookahead()): Promise<void> {
    for (; ; ahead.next()) {
      if (signal.aborted) return this.#stop(cancelled(this.#at()));
      const ctx: StepContext = { ...this.hooks.context(signal), ahead };
      const record = this.s.record!;
      let outcome: StepOutcome;
      switch (record.phase) {
        case 'prepared':
          outcome = await generateKey(ctx);
          break;
        case 'key-generated':
          outcome = await checkCsrStep(ctx);
          break;
        case 'csr-checked':
          outcome = await getCertificate(ctx);
          break;
        case 'certificate-received':
          outcome = await checkBeforeWriteStep(ctx);
          break;
        case 'checked':
          outcome = await writeStep(ctx);
          break;
        case 'written':
          outcome = await verifyStep(ctx);
          break;
        case 'verified': {
          const summary = doneSummary(record, new Date(this.#now()).toISOString());
          const saved = await ctx.save({ ...record, phase: 'done', summary });
          if (saved) return this.#stop(saved);
          // Done shows first; then the certificate's copy kept against a second issuance goes (it is in the
          // summary now). A copy left behind by a failed delete is harmless: it is only read for this CSR.
          this.hooks.enter({ name: 'done', summary });
          if (record.keygen) await this.deps.store.deleteIssued(record.keygen.csrSha256);
          return;
        }
        case 'done':
          // Verify saved the done record: Done shows first, then the certificate's copy goes (as above).
          this.hooks.enter({ name: 'done', summary: record.summary! });
          if (record.keygen) await this.deps.store.deleteIssued(record.keygen.csrSha256);
          return;
      }
      if (outcome.kind === 'stop') return this.#stop(outcome);
      if (outcome.kind === 'lost') return this.lost(outcome.at, outcome.reason, signal);
    }
  }

  #at(): StepName {
    const step = this.s.step;
    return step.name === 'failed' || step.name === 'blocked' || step.name === 'waiting-for-board' ? step.at : step.name;
  }

  /** The board went away: release the port, wait for the same board through the port source, then continue. */
  async lost(at: StepName, reason: string, signal: AbortSignal): Promise<void> {
    const session = this.s.session;
    this.s.session = null;
    this.s.device = null;
    const portIdentity = session?.connection.identity ?? this.#lastPort;
    this.#lastPort = portIdentity;
    await session?.device.close();
    const logged = await this.deps.audit.append({
      device: auditDeviceOf(this.s.identity),
      action: 'disconnect',
      outcome: 'failure',
      errorCode: 'disconnected',
      detail: { message: `Lost the board during ${at}: ${reason}`.slice(0, 500) },
    });
    if (!logged.ok) this.s.notes = [...this.s.notes, `The disconnect could not be recorded: ${logged.error.message}`];
    this.hooks.enter({ name: 'waiting-for-board', at, reason });
    await this.#waitForBoard(portIdentity, signal);
  }

  async #waitForBoard(portIdentity: PortIdentity | undefined, signal: AbortSignal): Promise<void> {
    const back = await boardBack(this.deps, portIdentity, signal);
    if (back.kind === 'session') return this.attach(back.session, signal);
    if (back.note) this.s.notes = [...this.s.notes, back.note];
    this.hooks.emit();
  }

  async retry(signal: AbortSignal): Promise<void> {
    const step = this.s.step;
    if (!this.s.session) {
      // Without a board: wait for it through the port source where there is one (else the UI picks the port).
      if (step.name !== 'waiting-for-board' && step.name !== 'failed') return;
      if (step.name === 'failed')
        this.hooks.enter({ name: 'waiting-for-board', at: step.at, reason: 'Waiting for the board to come back.' });
      return this.#waitForBoard(this.#lastPort, signal);
    }
    // A board that restarted under a step is checked again from the start: who it is, unfinished actions, the resume.
    const restarted = step.name === 'failed' && step.error.cause?.code === 'restarted';
    if (!this.s.identity || (step.name === 'failed' && step.at === 'identify') || restarted)
      return this.attach(this.s.session, signal);
    if (step.name !== 'failed' && step.name !== 'waiting-for-board') return;
    this.hooks.enter({ name: 'identify' });
    await this.#resume(signal);
  }

  async newCertificate(signal: AbortSignal): Promise<void> {
    const record = this.s.record;
    const step = this.s.step;
    // Only a refused certificate is dropped; a refused CSR must never be sent to a CA (start over instead).
    if (step.name !== 'blocked' || step.at !== 'check-before-write' || !record?.keygen) return;
    const dropped = await this.deps.store.deleteIssued(record.keygen.csrSha256);
    if (!dropped.ok) return this.#stop(fromStore('get-certificate', dropped.error));
    this.s.notes = [...this.s.notes, 'The refused certificate was dropped; the CA is asked for a new one.'];
    const saved = await this.hooks.context(signal).save({ ...record, phase: 'csr-checked', check: null });
    if (saved) return this.#stop(saved);
    await this.#advance(signal);
  }

  async startOver(signal: AbortSignal): Promise<void> {
    const id = this.s.identity;
    if (!id || !this.s.session) return;
    const previous = this.#previous();
    // The run dropped may have left the modem offline (a reload mid-key-generation): put its mode back first.
    if (this.s.record) {
      const restored = await restoreLeftOffline(this.hooks.context(signal));
      if (restored) return this.#stop(restored, signal);
    }
    const dropped = await this.deps.store.deleteFlow(id.deviceId);
    if (!dropped.ok) return this.#stop(fromStore('prepare', dropped.error));
    this.s.record = null;
    this.s.resumedAt = null;
    this.s.notes = [...this.s.notes, 'Started over: a new key will be generated.'];
    if (this.preset) return this.prepare(this.preset, false, signal, previous);
    this.hooks.enter({ name: 'prepare', secTag: null, existing: null, confirm: null, problems: [], previous });
  }
}
