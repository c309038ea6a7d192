// Layer: app state. The credentials of the connected board: the list (grouped by sec_tag), reading one (content plus
// the crypto worker's summary), and deleting one after the user confirmed (audited, offline and back). Part of the
// DeviceSession so the Provision flow and the health check see the same list.
import type { AuditError } from '../audit/types.ts';
import type { Device, DeviceIdentity, StoredCredential } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { CryptoError, CryptoResult, InspectReport } from '../pki/crypto-types.ts';
import type { IntentRecorder } from './audit-trail.ts';
import { credentialRules, sortCredentials, type CredentialRules } from './credential-rules.ts';
import { deleteCredential, type DeleteDone } from './credential-delete.ts';

export type InspectFn = (content: string, signal: AbortSignal) => Promise<CryptoResult<InspectReport>>;

export interface BoardAccess {
  readonly device: Device | null;
  readonly identity: DeviceIdentity | null;
  /** Why changes from the board view are off right now (a provisioning step runs), or null. */
  readonly heldBy?: string | null;
}

export interface CredentialReading {
  readonly credential: StoredCredential;
  readonly status: 'reading' | 'inspecting' | 'done' | 'failed';
  readonly content?: string;
  readonly report?: InspectReport;
  readonly error?: DeviceError;
  readonly inspectError?: CryptoError;
}

export type CredentialProblem =
  | { readonly stage: 'list' | 'device'; readonly error: DeviceError; readonly credential?: StoredCredential }
  | { readonly stage: 'audit'; readonly error: AuditError; readonly credential?: StoredCredential };

export interface DeletedNotice {
  readonly credential: StoredCredential;
  readonly done: DeleteDone;
}

export class BoardCredentials {
  items = $state.raw<StoredCredential[] | null>(null);
  loading = $state.raw(false);
  reading = $state.raw<CredentialReading | null>(null);
  /** The credential whose delete waits for the user's yes. */
  confirming = $state.raw<StoredCredential | null>(null);
  deleting = $state.raw<StoredCredential | null>(null);
  problem = $state.raw<CredentialProblem | null>(null);
  deleted = $state.raw<DeletedNotice | null>(null);
  readonly #board: BoardAccess;
  readonly #audit: () => IntentRecorder;
  readonly #inspect: InspectFn;
  #abort = new AbortController();

  constructor(board: BoardAccess, deps: { audit: () => IntentRecorder; inspect: InspectFn }) {
    this.#board = board;
    this.#audit = deps.audit;
    this.#inspect = deps.inspect;
  }

  get supported(): boolean {
    return this.#board.device?.credentials !== undefined;
  }

  /** The list grouped by sec_tag, in ascending order. */
  get groups(): { readonly secTag: number; readonly items: readonly StoredCredential[] }[] {
    const groups: { secTag: number; items: StoredCredential[] }[] = [];
    for (const c of this.items ?? []) {
      const last = groups.at(-1);
      if (last?.secTag === c.secTag) last.items.push(c);
      else groups.push({ secTag: c.secTag, items: [c] });
    }
    return groups;
  }

  rules(credential: StoredCredential): CredentialRules {
    return credentialRules(this.#board.device, credential);
  }

  /** Why Delete is off right now (provisioning holds the board), or null. */
  get held(): string | null {
    return this.#board.heldBy ?? null;
  }

  async refresh(): Promise<void> {
    const store = this.#board.device?.credentials;
    if (!store) return;
    const signal = this.#abort.signal;
    this.loading = true;
    const listed = await store.list({}, { signal });
    if (signal.aborted) return;
    this.loading = false;
    if (listed.ok) {
      this.items = sortCredentials(listed.value);
      if (this.problem?.stage === 'list') this.problem = null;
    } else this.problem = { stage: 'list', error: listed.error };
  }

  async read(credential: StoredCredential): Promise<void> {
    const store = this.#board.device?.credentials;
    if (!store || !this.rules(credential).read) return;
    const signal = this.#abort.signal;
    this.reading = { credential, status: 'reading' };
    const r = await store.read(credential.secTag, credential.kind, { signal });
    if (signal.aborted || this.reading?.credential !== credential) return;
    if (!r.ok) return void (this.reading = { credential, status: 'failed', error: r.error });
    const content = r.value.content;
    if (!/-----BEGIN /.test(content)) return void (this.reading = { credential, status: 'done', content });
    this.reading = { credential, status: 'inspecting', content };
    const report = await this.#inspect(content, signal);
    if (signal.aborted || this.reading?.credential !== credential) return;
    this.reading = report.ok
      ? { credential, status: 'done', content, report: report.value }
      : { credential, status: 'done', content, inspectError: report.error };
  }

  closeReading(): void {
    this.reading = null;
  }

  askDelete(credential: StoredCredential): void {
    if (!this.rules(credential).delete || this.deleting || this.held) return;
    this.confirming = credential;
    this.deleted = null;
  }

  cancelDelete(): void {
    this.confirming = null;
  }

  async confirmDelete(): Promise<void> {
    const credential = this.confirming;
    const { device, identity } = this.#board;
    if (!credential || !device || !identity || this.deleting) return;
    if (this.held) {
      // Provisioning started while the question was open: nothing is sent.
      this.confirming = null;
      return;
    }
    this.confirming = null;
    this.deleting = credential;
    this.problem = null;
    const r = await deleteCredential({
      device,
      identity,
      credential,
      audit: this.#audit(),
      signal: this.#abort.signal,
    });
    this.deleting = null;
    if (r.ok) {
      this.deleted = { credential, done: r.value };
      if (this.reading?.credential === credential) this.reading = null;
    } else this.problem = { ...r.error, credential };
    // Refresh either way: a delete that failed half-way (disconnect) may still have happened on the board.
    if (this.#board.device === device) await this.refresh();
  }

  /** Stops every call in flight (the board is going away); the list stays for reference until clear(). */
  cancelAll(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    this.loading = false;
    this.deleting = null;
    this.confirming = null;
  }

  clear(): void {
    this.cancelAll();
    this.items = null;
    this.reading = null;
    this.problem = null;
    this.deleted = null;
  }
}
