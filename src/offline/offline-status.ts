// Layer: offline (page side, no Svelte). What the page knows about offline use, as a value the views render:
// whether this build is kept by the service worker, and whether the network is there right now. Pure transitions
// so they can be tested without a browser.
export type OfflineReadiness =
  | { readonly kind: 'not-offered'; readonly why: 'development' | 'unsupported' | 'insecure' }
  | { readonly kind: 'installing' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string };

/** Why the service worker is not offered here, or undefined when it is. */
export function offlineNotOffered(env: {
  readonly production: boolean;
  readonly hasServiceWorker: boolean;
  readonly secureContext: boolean;
}): 'development' | 'unsupported' | 'insecure' | undefined {
  if (!env.production) return 'development';
  if (!env.secureContext) return 'insecure';
  if (!env.hasServiceWorker) return 'unsupported';
  return undefined;
}

/** The sentence the Settings panel shows for a readiness. */
export function describeReadiness(r: OfflineReadiness): string {
  switch (r.kind) {
    case 'ready':
      return 'Ready: this browser keeps KeyWire, so it opens and provisions with the lab CA without a network.';
    case 'installing':
      return 'Saving KeyWire in this browser for offline use…';
    case 'failed':
      return `Not available: ${r.message} KeyWire still works while the network is there; reload to try again.`;
    case 'not-offered':
      return r.why === 'development'
        ? 'Not used by the development server (npm run dev); the built app (npm start) keeps itself for offline use.'
        : r.why === 'insecure'
          ? 'Not available on this address: offline use needs https or localhost.'
          : 'Not available: this browser has no service workers.';
  }
}
