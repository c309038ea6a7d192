// Layer: views (provision). The CA source provisioning uses, opened from the page's CA configuration (the same one
// Settings edits). Opened sources are kept while their settings stay the same, so the flow, a resume after a reload
// (resolveCa by label) and the manual exchange panel all talk to the one instance that is waiting for a file.
import { isManualSource, openCaSource, pageOrigin } from '../../ca/factory.ts';
import type { CaConfig } from '../../ca/config.ts';
import type { ManualSource } from '../../ca/manual.ts';
import type { CaError, CaSource } from '../../ca/types.ts';
import { caRefOf, sameCa, type CaRef } from '../../flows/index.ts';
import type { Result } from '../../lib/result.ts';
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import type { CaConfigState } from '../ca/ca-config.svelte.ts';

/** What identifies one opened source: its kind and that kind's settings (a lab CA by its id). */
function keyOf(config: CaConfig, source: CaSource): string {
  switch (config.kind) {
    case 'lab':
      return `lab:${(source as CaSource & { ca?: { id: string } }).ca?.id ?? source.label}`;
    case 'est':
      return `est:${JSON.stringify(config.est)}`;
    case 'http-signer':
      return `signer:${JSON.stringify(config.signer)}`;
    case 'manual':
      return `manual:${JSON.stringify(config.manual)}`;
  }
}

export class CaChoice {
  /** The source last opened for provisioning. */
  source = $state.raw<CaSource | null>(null);
  /** Why the configured source cannot be used (a start problem on the Prepare step). */
  error = $state.raw<CaError | null>(null);
  opening = $state.raw(false);
  readonly #config: CaConfigState;
  readonly #opened = new Map<string, CaSource>();

  constructor(config: CaConfigState) {
    this.#config = config;
  }

  get config(): CaConfigState {
    return this.#config;
  }

  /** Opens the configured source (or returns the one already open with the same settings). */
  async open(): Promise<Result<CaSource, CaError>> {
    this.opening = true;
    try {
      const config = this.#config.current;
      const origin = pageOrigin();
      const r = await openCaSource(config, {
        crypto: cryptoClient(),
        secrets: this.#config.secrets,
        ...(origin ? { origin } : {}),
      });
      if (!r.ok) {
        this.error = r.error;
        return r;
      }
      const key = keyOf(config, r.value);
      const kept = this.#opened.get(key) ?? r.value;
      this.#opened.set(key, kept);
      this.source = kept;
      this.error = null;
      return { ok: true, value: kept };
    } finally {
      this.opening = false;
    }
  }

  /** A flow's stored CA, found again after a reload (resolveCa): an opened source that is the same CA. */
  resolve(ref: CaRef): CaSource | null {
    if (this.source && sameCa(caRefOf(this.source), ref)) return this.source;
    return [...this.#opened.values()].find((s) => sameCa(caRefOf(s), ref)) ?? null;
  }

  /** The manual exchange source a flow waits on, if `ref` names one. */
  manualFor(ref: CaRef | null): ManualSource | null {
    if (!ref || ref.kind !== 'manual') return null;
    const s = this.resolve(ref);
    return s && isManualSource(s) ? s : null;
  }
}
