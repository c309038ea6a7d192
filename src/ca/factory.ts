// Layer: CA clients. Opens the CA source a CaConfig names. Each back end is loaded with dynamic import(), so the
// app only fetches the code of the source in use; a load that fails (the app was updated on the server and the old
// file is gone, or the network dropped) is a 'load-failed' value that says to reload, never a throw. Settings errors
// come back as 'not-configured' with what to fix; an EST server whose CA the user has not confirmed yet is
// 'ca-not-trusted' (the CA certificates check, `offeredCaCertificates`, is how the user confirms it).
import { err, ok, type Result } from '../lib/result.ts';
import { caError } from './errors.ts';
import { confirmedPins } from './est-url.ts';
import type { CaConfig } from './config.ts';
import type { LabCaClient } from './lab.ts';
import type { ManualSource } from './manual.ts';
import type { CaSecrets } from './secrets.ts';
import type { CaError, CaSource } from './types.ts';

/** The back ends' modules, loaded on first use. */
export const CA_BACKENDS = {
  lab: () => import('./lab.ts'),
  est: () => import('./est.ts'),
  'http-signer': () => import('./http-signer.ts'),
  manual: () => import('./manual.ts'),
};
export type CaBackends = typeof CA_BACKENDS;

export interface CaSourceDeps {
  /** The crypto worker client (`cryptoClient()`), for the lab CA. */
  readonly crypto: LabCaClient;
  readonly secrets: CaSecrets;
  /** The app's origin, named when a request is blocked (browser: location.origin). */
  readonly origin?: string;
  readonly fetch?: typeof fetch;
  /** Where the back ends come from (tests: a module file that is gone, as after a redeploy). */
  readonly backends?: Partial<CaBackends>;
}

/** What openCaSource returns for `kind: 'manual'`, narrowed so the UI can reach supply() and pending. */
export const isManualSource = (s: CaSource): s is ManualSource => s.kind === 'manual';

/** A back end's module, or 'load-failed' with what to do. */
export async function loadBackend<K extends keyof CaBackends>(
  kind: K,
  backends: Partial<CaBackends> = {},
): Promise<Result<Awaited<ReturnType<CaBackends[K]>>, CaError>> {
  const load = (backends[kind] ?? CA_BACKENDS[kind]) as CaBackends[K];
  try {
    return ok((await load()) as Awaited<ReturnType<CaBackends[K]>>);
  } catch (e) {
    return caError(
      'load-failed',
      'This part of KeyWire could not be loaded: the app was probably updated on the server, or the network ' +
        'dropped. Reload the page (your settings and the audit trail are kept).',
      { detail: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e).slice(0, 300) },
    );
  }
}

const netDeps = (deps: CaSourceDeps) => ({
  secrets: deps.secrets,
  ...(deps.origin ? { origin: deps.origin } : {}),
  ...(deps.fetch ? { fetch: deps.fetch } : {}),
});

export async function openCaSource(
  config: CaConfig,
  deps: CaSourceDeps,
  o: { signal?: AbortSignal } = {},
): Promise<Result<CaSource, CaError>> {
  // Remembered credentials are decrypted after the page starts: a source opened at once must still see them.
  await deps.secrets.ready;
  switch (config.kind) {
    case 'lab': {
      const m = await loadBackend('lab', deps.backends);
      return m.ok ? m.value.LabCaSource.open(deps.crypto, o) : m;
    }
    case 'est': {
      const m = await loadBackend('est', deps.backends);
      if (!m.ok) return m;
      const source = m.value.EstSource.create(config.est, netDeps(deps));
      if (source.ok && confirmedPins(config.est).length === 0) return caError('ca-not-trusted', m.value.NOT_PINNED);
      return source;
    }
    case 'http-signer': {
      const m = await loadBackend('http-signer', deps.backends);
      return m.ok ? m.value.HttpSignerSource.create(config.signer, netDeps(deps)) : m;
    }
    case 'manual': {
      const m = await loadBackend('manual', deps.backends);
      return m.ok ? ok(new m.value.ManualSource(config.manual)) : m;
    }
  }
}

/** What a source offers as its CA certificates, for the user to compare with the CA operator's fingerprints. */
export interface OfferedCertificates {
  /** The source's label, for "what was checked". */
  readonly label: string;
  readonly pems: readonly string[];
}

/**
 * The CA certificates of the configured source, for review: EST's /cacerts as it answers, before (or to renew)
 * the user's confirmation; the other sources' own CA certificates as they would be used.
 */
export async function offeredCaCertificates(
  config: CaConfig,
  deps: CaSourceDeps,
  o: { signal?: AbortSignal } = {},
): Promise<Result<OfferedCertificates, CaError>> {
  if (config.kind === 'est') {
    const m = await loadBackend('est', deps.backends);
    if (!m.ok) return m;
    const source = m.value.EstSource.create(config.est, netDeps(deps));
    if (!source.ok) return source;
    const offered = await source.value.offered(o);
    if (!offered.ok) return offered;
    const { toPem } = await import('../pki/pem.ts');
    return ok({ label: source.value.label, pems: offered.value.map((c) => toPem('CERTIFICATE', c.der)) });
  }
  const source = await openCaSource(config, deps, o);
  if (!source.ok) return source;
  const pems = await source.value.caCertificates(o);
  return pems.ok ? ok({ label: source.value.label, pems: pems.value }) : err(pems.error);
}

/** The browser page's origin, or undefined outside a page (Node tests, workers without location). */
export const pageOrigin = (): string | undefined =>
  typeof location !== 'undefined' && location.origin !== 'null' ? location.origin : undefined;
