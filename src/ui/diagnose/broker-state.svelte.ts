// Layer: views, state for the "Broker check" panel. The user picks a broker profile, the sec_tag the board connects
// with (or pastes the CA certificates the board stores when no board is connected), optionally pastes the server's
// chain (raw `openssl s_client -showcerts` output) and the host / device id; the broker check flow does the rest in
// the crypto worker. Progress, cancel, plain-language errors. The report names the board it was made for (null when
// the CA store was pasted) and stays after Disconnect; `aboutOtherBoard` says when that is not the board connected now.
import type { Device, DeviceFamily, DeviceIdentity, StoredCredential } from '../../devices/device.ts';
import { BROKER_PROFILES, brokerProfile, normalizeHost, type BrokerId } from '../../diagnose/broker/index.ts';
import type { BrokerReport } from '../../diagnose/broker/index.ts';
import type { Result } from '../../lib/result.ts';
import { runBrokerCheck, type BrokerCheckDeps, type BrokerCheckInput } from '../../flows/health-check-broker.ts';
import type { CheckError } from '../../flows/health-check-read.ts';
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import { CheckJob } from './check-job.svelte.ts';
import { DEFAULT_FAMILY } from '../../app/families.ts';

export interface BrokerBoard {
  readonly phase: string;
  readonly device: Device | null;
  readonly identity: DeviceIdentity | null;
  /** The session's credential list (BoardCredentials.items). */
  readonly credentials: { readonly items: readonly StoredCredential[] | null };
}

export type BrokerRunner = (
  input: BrokerCheckInput,
  deps: BrokerCheckDeps,
) => Promise<Result<BrokerReport, CheckError>>;

export const PROFILE_CHOICES = BROKER_PROFILES.map((p) => ({ id: p.id, name: p.name }));

export class BrokerState extends CheckJob<BrokerReport> {
  profileId = $state.raw<BrokerId>('aws-iot');
  /** The sec_tag chosen by the user; null: the suggested one. */
  chosenTag = $state.raw<number | null>(null);
  chainText = $state.raw('');
  pastedCa = $state.raw('');
  family = $state.raw<DeviceFamily>(DEFAULT_FAMILY);
  host = $state.raw('');
  deviceId = $state.raw('');
  readonly #board: BrokerBoard;
  readonly #run: BrokerRunner;
  readonly #deps: () => BrokerCheckDeps;

  constructor(board: BrokerBoard, o: { run?: BrokerRunner; deps?: () => BrokerCheckDeps } = {}) {
    super('The broker check was cancelled.');
    this.#board = board;
    this.#run = o.run ?? runBrokerCheck;
    this.#deps = o.deps ?? (() => ({ crypto: cryptoClient() }));
  }

  /** The last report was made for a board that is not the one connected now (or none is connected any more). */
  get aboutOtherBoard(): boolean {
    const r = this.report;
    return !!r?.board && r.board.deviceId !== this.#board.identity?.deviceId;
  }

  get connected(): boolean {
    return this.#board.phase === 'connected' && !!this.#board.device && !!this.#board.identity;
  }

  /** sec_tags that hold a CA certificate (what a broker check can use), user tags only. */
  get tags(): number[] {
    const items = this.#board.credentials.items ?? [];
    return [...new Set(items.filter((c) => c.kind === 'caCert' || c.kind === 'clientCert').map((c) => c.secTag))]
      .filter((t) => t <= 2147483647)
      .sort((a, b) => a - b);
  }

  /** The chosen sec_tag, else the first that holds both a CA and a client certificate, else the first with either. */
  get secTag(): number | null {
    const tags = this.tags;
    if (this.chosenTag !== null && tags.includes(this.chosenTag)) return this.chosenTag;
    const items = this.#board.credentials.items ?? [];
    const full = tags.find((t) =>
      ['caCert', 'clientCert'].every((k) => items.some((c) => c.secTag === t && c.kind === k)),
    );
    return full ?? tags[0] ?? null;
  }

  get hostProblem(): string | null {
    return this.host.trim() && !normalizeHost(this.host) ? 'That is not a host name (e.g. mqtt.example.com).' : null;
  }

  get canRun(): boolean {
    if (this.running || this.hostProblem) return false;
    return this.connected ? this.secTag !== null : this.pastedCa.trim() !== '';
  }

  async run(): Promise<void> {
    if (!this.canRun) return;
    const { device, identity } = this.#board;
    const secTag = this.secTag;
    const board = this.connected && device && identity && secTag !== null ? { device, identity, secTag } : null;
    const input = {
      profile: brokerProfile(this.profileId),
      board,
      ...(board ? {} : { pastedCa: this.pastedCa, family: this.family }),
      chainText: this.chainText,
      host: normalizeHost(this.host),
      deviceId: this.deviceId.trim() || null,
    };
    await this.start((signal, onProgress) => this.#run({ ...input, signal, onProgress }, this.#deps()));
  }
}
