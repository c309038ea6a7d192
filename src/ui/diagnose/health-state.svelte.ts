// Layer: views, state for the "Board health check" panel. Runs the health check flow on the page's connected board
// (the shared DeviceSession: never a port of its own) with the crypto worker, the app's audit trail for key evidence
// and AT+CCLK? through the session's AT client; shows progress, cancels on request or when the page is left. The last
// report is kept after Disconnect or when another board is connected (it carries the identity it was made for);
// `aboutOtherBoard` says when it is not about the board connected now.
import { appAudit } from '../../app/wiring.ts';
import type { Device, DeviceIdentity } from '../../devices/device.ts';
import type { AtClient } from '../../devices/protocols/index.ts';
import type { HealthReport } from '../../diagnose/health/index.ts';
import type { Result } from '../../lib/result.ts';
import { runHealthCheck, type HealthCheckDeps, type HealthCheckInput } from '../../flows/health-check.ts';
import type { CheckError } from '../../flows/health-check-read.ts';
import { atClockReader, auditRecordsFrom } from '../../flows/health-check-sources.ts';
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import { CheckJob } from './check-job.svelte.ts';

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

function appDeps(board: HealthBoard): HealthCheckDeps {
  const at = board.at;
  return {
    crypto: cryptoClient(),
    auditRecords: auditRecordsFrom(appAudit),
    // The board clock is a family reading: the profile says how (network time over AT+CCLK? on an nRF91).
    ...(at && board.device?.profile.boardClock === 'cclk' ? { readClock: atClockReader(at) } : {}),
  };
}

export class HealthState extends CheckJob<HealthReport> {
  /** Optional CA (PEM) to check client certificates against, besides the CA at each sec_tag. */
  userCa = $state.raw('');
  readonly #board: HealthBoard;
  readonly #run: HealthRunner;
  readonly #deps: (board: HealthBoard) => HealthCheckDeps;

  constructor(board: HealthBoard, o: { run?: HealthRunner; deps?: (board: HealthBoard) => HealthCheckDeps } = {}) {
    super('The health check was cancelled. Nothing was changed on the board.');
    this.#board = board;
    this.#run = o.run ?? runHealthCheck;
    this.#deps = o.deps ?? appDeps;
  }

  get canRun(): boolean {
    return this.#board.phase === 'connected' && !!this.#board.device && !!this.#board.identity && !this.running;
  }

  /** The last report is about another board than the one connected now, or no board is connected any more. */
  get aboutOtherBoard(): boolean {
    const r = this.report;
    return !!r && r.identity.deviceId !== this.#board.identity?.deviceId;
  }

  async run(): Promise<void> {
    const { device, identity } = this.#board;
    if (!device || !identity || this.running) return;
    const userCa = this.userCa.trim() ? { userCa: this.userCa } : {};
    await this.start((signal, onProgress) =>
      this.#run({ device, identity, ...userCa, signal, onProgress }, this.#deps(this.#board)),
    );
  }
}
