// The Audit section's long operations: verify the live trail, verify an imported export, export JSON Lines (whole
// chain) or CSV (current filter). One at a time, with progress and cancel; results as plain-language summaries.
import type { AuditJobs } from '../../audit/jobs.ts';
import type { AuditError } from '../../audit/types.ts';
import { saveBlob } from '../download.ts';
import type { AuditView } from './audit-view.svelte.ts';
import { JobState } from './job.svelte.ts';
import { summarizeVerify, type VerifySummary } from './messages.ts';

const stamp = (d = new Date()) => d.toISOString().slice(0, 19).replace(/:/g, '-');

export class AuditActions {
  readonly job = new JobState();
  summary = $state.raw<VerifySummary | null>(null);
  error = $state.raw<AuditError | null>(null);
  notice = $state.raw('');

  constructor(
    readonly view: AuditView,
    readonly jobs: AuditJobs,
  ) {}

  async verifyLive(): Promise<void> {
    this.#reset();
    const r = await this.job.run('Verifying the audit trail', (opts) => this.jobs.verifyStore(opts));
    if (!r) return;
    if (!r.ok) return void (this.error = r.error);
    this.summary = summarizeVerify(r.value, 'Live audit trail');
    await this.view.reload();
  }

  async verifyFile(file: File): Promise<void> {
    this.#reset();
    const r = await this.job.run(`Verifying ${file.name}`, (opts) => this.jobs.verifyFile(file, opts));
    if (!r) return;
    if (!r.ok) return void (this.error = r.error);
    this.summary = summarizeVerify(r.value, file.name);
  }

  async exportJsonl(): Promise<void> {
    this.#reset();
    const r = await this.job.run('Exporting JSON Lines', (opts) => this.jobs.exportJsonl(opts));
    if (!r) return;
    if (!r.ok) return void (this.error = r.error);
    saveBlob(`keywire-audit-${stamp()}.jsonl`, r.value.blob);
    this.notice = `Exported ${r.value.records.toLocaleString('en-US')} records (the whole chain, with hashes).`;
  }

  async exportCsv(): Promise<void> {
    this.#reset();
    const seqs = this.view.filtered ? this.view.seqs.slice() : null;
    const r = await this.job.run('Exporting CSV', (opts) => this.jobs.exportCsv(seqs, opts));
    if (!r) return;
    if (!r.ok) return void (this.error = r.error);
    saveBlob(`keywire-audit-${stamp()}.csv`, r.value.blob);
    const which = seqs ? 'matching the filter' : 'in the trail';
    this.notice = `Exported ${r.value.records.toLocaleString('en-US')} records ${which} as CSV.`;
  }

  #reset(): void {
    this.summary = null;
    this.error = null;
    this.notice = '';
  }
}
