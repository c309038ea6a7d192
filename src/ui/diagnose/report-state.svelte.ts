// Layer: views, state for "Export report". Gathers what the Diagnose section has (the health and broker reports, the
// decoder's results, the log timeline, the connected board), lets the user leave sections out, and offers the HTML
// and JSON only after the secret scan passed; a refusal says what was found and in which section.
import { version } from '../../../package.json';
import type { DeviceIdentity } from '../../devices/device.ts';
import type { BrokerReport } from '../../diagnose/broker/index.ts';
import type { HealthReport } from '../../diagnose/health/index.ts';
import type { Timeline } from '../../diagnose/index.ts';
import {
  exportReport,
  type ReportFiles,
  type ReportInspection,
  type ReportRefusal,
  type ReportSections,
  type SecretInReport,
} from '../../diagnose/report/index.ts';
import type { Decoded } from '../../diagnose/types.ts';

/** Where the report's parts come from (the section's other state classes, read at export time). */
export interface ReportSources {
  board(): DeviceIdentity | null;
  health(): HealthReport | null;
  broker(): BrokerReport | null;
  decoded(): readonly Decoded[];
  /** How many codes `decoded()` would give, without building them (a big paste's are parsed only at export). */
  decodedCount?(): number;
  timeline(): { readonly source: string; readonly timeline: Timeline } | null;
  /** The objects chosen on the Inspect card. */
  inspected?(): ReportInspection | null;
  /** Certificates refused before writing for the connected board (its audit history). */
  refusals?(): readonly ReportRefusal[] | null;
}

export type Save = (fileName: string, text: string, type: string) => void;

export class ReportState {
  sections = $state.raw<Required<ReportSections>>({
    health: true,
    broker: true,
    decoded: true,
    timeline: true,
    inspected: true,
    refusals: true,
  });
  files = $state.raw<ReportFiles | null>(null);
  error = $state.raw<{ readonly message: string; readonly found: readonly SecretInReport[] } | null>(null);
  notice = $state.raw('');
  readonly #sources: ReportSources;
  readonly #save: Save;
  readonly #now: () => number;

  constructor(sources: ReportSources, save: Save, now: () => number = Date.now) {
    this.#sources = sources;
    this.#save = save;
    this.#now = now;
  }

  /** What is there to put in a report, for the checklist. */
  get available(): Readonly<Record<keyof Required<ReportSections>, boolean>> {
    return {
      health: this.#sources.health() !== null,
      broker: this.#sources.broker() !== null,
      decoded: (this.#sources.decodedCount?.() ?? this.#sources.decoded().length) > 0,
      timeline: this.#sources.timeline() !== null,
      inspected: (this.#sources.inspected?.() ?? null) !== null,
      refusals: (this.#sources.refusals?.()?.length ?? 0) > 0,
    };
  }

  toggle(section: keyof ReportSections, on: boolean): void {
    this.sections = { ...this.sections, [section]: on };
    this.files = null;
  }

  /** Builds and scans the report; true when the files are ready. */
  prepare(): boolean {
    this.notice = '';
    const r = exportReport(
      {
        version,
        createdAt: this.#now(),
        board: this.#sources.board(),
        health: this.#sources.health(),
        broker: this.#sources.broker(),
        decoded: this.#sources.decoded(),
        timeline: this.#sources.timeline(),
        inspected: this.#sources.inspected?.() ?? null,
        refusals: this.#sources.refusals?.() ?? null,
      },
      this.sections,
    );
    if (!r.ok) {
      this.files = null;
      this.error = { message: r.error.message, found: r.error.found };
      return false;
    }
    this.error = null;
    this.files = r.value;
    return true;
  }

  download(kind: 'html' | 'json'): void {
    if (!this.prepare() || !this.files) return;
    const f = this.files;
    if (kind === 'html') this.#save(`${f.baseName}.html`, f.html, 'text/html');
    else this.#save(`${f.baseName}.json`, f.json, 'application/json');
    this.notice = `Saved ${f.baseName}.${kind}.`;
  }
}
