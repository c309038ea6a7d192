// Layer: views, state for the "Board health check" panel. Runs the health check flow on the page's connected board
// (the shared DeviceSession: never a port of its own) with the crypto worker, the app's audit trail for key evidence
// and AT+CCLK? through the session's AT client; shows progress, cancels on request or when the page is left.
import { appAudit } from '../../audit/app-store.ts';
import type { Device, DeviceIdentity } from '../../devices/device.ts';
import type { AtClient } from '../../devices/protocols/index.ts';
import type { HealthReport } from '../../diagnose/health/index.ts';
import type { Result } from '../../lib/result.ts';
import { runHealthCheck, type HealthCheckDeps, type HealthCheckInput } from '../../flows/health-check.ts';
import type { CheckError } from '../../flows/health-check-read.ts';
import { atClockReader, auditRecordsFrom } from '../../flows/health-check-sources.ts';
import { cryptoClient } from '../../workers/crypto-client.ts';

/** What the panel needs of the DeviceSession. */
export interface HealthBoard {
  readonly phase: string;
  readonly device: Device | null;
  readonly identity: DeviceIdentity | null;
  readonly at: AtClient | null;
}

export type HealthRunner = (
  input: HealthCheckInput,
  deps: HealthCheckDeps,
) => Promise<Result<HealthReport, CheckError>>;

export type HealthStatus = 'idle' | 'running' | 'done' | 'failed';

function appDeps(board: HealthBoard): HealthCheckDeps {
  const at = board.at;
  return {
    crypto: cryptoClient(),
    auditRecords: auditRecordsFrom(appAudit),
    ...(at && board.device?.family === 'nrf91' ? { readClock: atClockReader(at) } : {}),
  };
}

export class HealthState {
  status = $state.raw<HealthStatus>('idle');
  step = $state.raw('');
  /** 0..1 while running. */
  progress = $state.raw(0);
  report = $state.raw<HealthReport | null>(null);
  error = $state.raw<{ readonly message: string; readonly action: string } | null>(null);
  /** Optional CA (PEM) to check client certificates against, besides the CA at each sec_tag. */
  userCa = $state.raw('');
  readonly #board: HealthBoard;
  readonly #run: HealthRunner;
  readonly #deps: (board: HealthBoard) => HealthCheckDeps;
  #controller: AbortController | null = null;

  constructor(board: HealthBoard, o: { run?: HealthRunner; deps?: (board: HealthBoard) => HealthCheckDeps } = {}) {
    this.#board = board;
    this.#run = o.run ?? runHealthCheck;
    this.#deps = o.deps ?? appDeps;
  }

  get running(): boolean {
    return this.status === 'running';
  }

  get canRun(): boolean {
    return this.#board.phase === 'connected' && !!this.#board.device && !!this.#board.identity && !this.running;
  }

  /** The report only while it is about the board connected now. */
  get current(): HealthReport | null {
    const r = this.report;
    return r && r.identity.deviceId === this.#board.identity?.deviceId ? r : null;
  }

  async run(): Promise<void> {
    const { device, identity } = this.#board;
    if (!device || !identity || this.running) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'running';
    this.progress = 0;
    this.step = 'Starting';
    this.error = null;
    this.report = null;
    const result = await this.#run(
      {
        device,
        identity,
        ...(this.userCa.trim() ? { userCa: this.userCa } : {}),
        signal: controller.signal,
        onProgress: (step, fraction) => {
          if (this.#controller !== controller) return;
          this.step = step;
          this.progress = fraction;
        },
      },
      this.#deps(this.#board),
    );
    if (this.#controller !== controller) return;
    this.#controller = null;
    if (result.ok) {
      this.report = result.value;
      this.status = 'done';
      return;
    }
    this.status = result.error.code === 'aborted' ? 'idle' : 'failed';
    this.error =
      result.error.code === 'aborted'
        ? { message: 'The health check was cancelled. Nothing was changed on the board.', action: '' }
        : { message: result.error.message, action: result.error.action };
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
