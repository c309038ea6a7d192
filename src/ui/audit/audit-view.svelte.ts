// State of the Audit section: the filter, the matching seqs (newest first), a bounded cache of the records the list
// has shown, the open intents to flag, the selected record, and live refresh when any tab records something.
// Index-only filters run here (single getAllKeys requests); free-text search runs in the audit worker.
import type { AuditJobs } from '../../audit/jobs.ts';
import { matchingSeqs, knownDevices, type AuditFilter } from '../../audit/query.ts';
import { auditChannelName, type AuditStore } from '../../audit/store.ts';
import type { AuditError, AuditRecord } from '../../audit/types.ts';
import { JobState } from './job.svelte.ts';

const CACHE_LIMIT = 3000;
const FETCH_LIMIT = 300;

/** Filter as the form holds it: dates are local calendar days (yyyy-mm-dd) from <input type="date">. */
export interface FilterForm {
  deviceId: string;
  action: string;
  outcome: string;
  fromDay: string;
  toDay: string;
  text: string;
  openOnly: boolean;
}

export const EMPTY_FORM: FilterForm = {
  deviceId: '',
  action: '',
  outcome: '',
  fromDay: '',
  toDay: '',
  text: '',
  openOnly: false,
};

/** Local day boundaries as ISO times: from the start of `fromDay` to the end of `toDay`. */
export function toFilter(form: FilterForm): AuditFilter {
  const day = (d: string, plus: number) => {
    const [y, m, dd] = d.split('-').map(Number);
    return new Date(y!, m! - 1, dd! + plus).toISOString();
  };
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  return {
    ...(form.deviceId.trim() ? { deviceId: form.deviceId.trim() } : {}),
    ...(form.action ? { action: form.action as AuditFilter['action'] } : {}),
    ...(form.outcome ? { outcome: form.outcome as AuditFilter['outcome'] } : {}),
    ...(valid(form.fromDay) ? { from: day(form.fromDay, 0) } : {}),
    ...(valid(form.toDay) ? { to: day(form.toDay, 1) } : {}),
    ...(form.text.trim() ? { text: form.text.trim() } : {}),
    ...(form.openOnly ? { openIntentsOnly: true } : {}),
  };
}

export class AuditView {
  form = $state.raw<FilterForm>(EMPTY_FORM);
  seqs = $state.raw<Uint32Array>(new Uint32Array());
  loaded = $state.raw(false);
  error = $state.raw<AuditError | null>(null);
  openIntents = $state.raw<AuditRecord[]>([]);
  openSeqs = $state.raw<ReadonlySet<number>>(new Set());
  devices = $state.raw<string[]>([]);
  selected = $state.raw<AuditRecord | null>(null);
  /** New records arrived while the list was scrolled away from the top. */
  stale = $state.raw(false);
  readonly search = new JobState();
  atTop = true;
  #version = $state(0);
  #cache = new Map<number, AuditRecord>();
  #loading = new Set<number>();
  #channel: BroadcastChannel | null = null;
  #query = 0;

  constructor(
    readonly store: AuditStore,
    readonly jobs: AuditJobs,
  ) {}

  get filter(): AuditFilter {
    return toFilter(this.form);
  }

  get filtered(): boolean {
    return Object.keys(this.filter).length > 0;
  }

  /** Starts listening for new records in any tab, and loads. Returns the stop function for $effect. */
  start(): () => void {
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(auditChannelName(this.store.dbName));
      this.#channel.onmessage = () => (this.atTop && !this.selected ? void this.refresh() : (this.stale = true));
    }
    void this.refresh();
    return () => {
      this.#channel?.close();
      this.search.cancel();
    };
  }

  setForm(patch: Partial<FilterForm>): void {
    this.form = { ...this.form, ...patch };
    void this.refresh();
  }

  /** Per-device history: only this board, newest first. */
  showDevice(deviceId: string): void {
    this.form = { ...EMPTY_FORM, deviceId };
    this.selected = null;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const query = ++this.#query;
    this.stale = false;
    const filter = this.filter;
    const connection = await this.store.connection();
    if (!connection.ok) return this.#fail(connection.error);
    const found = filter.text
      ? await this.search.run('Searching', (opts) => this.jobs.search(filter, opts))
      : await matchingSeqs(connection.value, filter);
    if (query !== this.#query || found === null) return;
    if (!found.ok) return this.#fail(found.error);
    const [open, devices] = await Promise.all([this.store.openIntents(), knownDevices(connection.value)]);
    if (query !== this.#query) return;
    this.seqs = found.value;
    this.openIntents = open.ok ? open.value : [];
    this.openSeqs = new Set(this.openIntents.map((r) => r.seq));
    if (devices.ok) this.devices = devices.value;
    this.error = null;
    this.loaded = true;
  }

  /** Forgets cached rows (after a verify, the stored records may not be what we showed). */
  reload(): Promise<void> {
    this.#cache.clear();
    this.#version += 1;
    return this.refresh();
  }

  rowAt(index: number): AuditRecord | undefined {
    void this.#version;
    const seq = this.seqs[index];
    return seq === undefined ? undefined : this.#cache.get(seq);
  }

  /** Loads the records of rows start..end (exclusive) that are not cached yet. */
  async ensureRows(start: number, end: number): Promise<void> {
    const wanted: number[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.seqs.length) && wanted.length < FETCH_LIMIT; i++) {
      const seq = this.seqs[i]!;
      if (!this.#cache.has(seq) && !this.#loading.has(seq)) wanted.push(seq);
    }
    if (wanted.length === 0) return;
    wanted.forEach((s) => this.#loading.add(s));
    const got = await this.store.getMany(wanted);
    wanted.forEach((s) => this.#loading.delete(s));
    if (!got.ok) return this.#fail(got.error);
    for (const record of got.value) this.#cache.set(record.seq, record);
    for (const seq of this.#cache.keys()) {
      if (this.#cache.size <= CACHE_LIMIT) break;
      this.#cache.delete(seq);
    }
    this.#version += 1;
  }

  async select(seq: number): Promise<void> {
    const record = this.#cache.get(seq) ?? (await this.store.get(seq));
    if ('ok' in record) {
      if (record.ok) this.selected = record.value;
      else this.error = record.error;
    } else this.selected = record;
  }

  #fail(error: AuditError): void {
    this.error = error;
    this.loaded = true;
  }
}
