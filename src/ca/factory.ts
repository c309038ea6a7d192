// Layer: CA clients. Opens the CA source a CaConfig names. Each back end is loaded with dynamic import(), so the
// app only fetches the code of the source in use. Settings errors come back as 'not-configured' with what to fix.
import type { Result } from '../lib/result.ts';
import type { CaConfig } from './config.ts';
import type { LabCaClient } from './lab.ts';
import type { ManualSource } from './manual.ts';
import type { CaSecrets } from './secrets.ts';
import type { CaError, CaSource } from './types.ts';

export interface CaSourceDeps {
  /** The crypto worker client (`cryptoClient()`), for the lab CA. */
  readonly crypto: LabCaClient;
  readonly secrets: CaSecrets;
  /** The app's origin, named when a request is blocked (browser: location.origin). */
  readonly origin?: string;
  readonly fetch?: typeof fetch;
}

/** What openCaSource returns for `kind: 'manual'`, narrowed so the UI can reach supply() and pending. */
export const isManualSource = (s: CaSource): s is ManualSource => s.kind === 'manual';

export async function openCaSource(
  config: CaConfig,
  deps: CaSourceDeps,
  o: { signal?: AbortSignal } = {},
): Promise<Result<CaSource, CaError>> {
  const net = {
    secrets: deps.secrets,
    ...(deps.origin ? { origin: deps.origin } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  switch (config.kind) {
    case 'lab': {
      const { LabCaSource } = await import('./lab.ts');
      return LabCaSource.open(deps.crypto, o);
    }
    case 'est': {
      const { EstSource } = await import('./est.ts');
      return EstSource.create(config.est, net);
    }
    case 'http-signer': {
      const { HttpSignerSource } = await import('./http-signer.ts');
      return HttpSignerSource.create(config.signer, net);
    }
    case 'manual': {
      const { ManualSource } = await import('./manual.ts');
      return { ok: true, value: new ManualSource(config.manual) };
    }
  }
}

/** The browser page's origin, or undefined outside a page (Node tests, workers without location). */
export const pageOrigin = (): string | undefined =>
  typeof location !== 'undefined' && location.origin !== 'null' ? location.origin : undefined;
