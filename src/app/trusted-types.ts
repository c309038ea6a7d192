// Layer: app shell. The page's default Trusted Types policy, created before anything else runs (main.ts imports it
// first). The served CSP says `require-trusted-types-for 'script'`: every string that would become script needs a
// policy. This one lets through only script URLs of this app's own origin ending in .js (its workers and the service
// worker, which Vite names by content hash) and nothing else: no HTML (Svelte and the QR label have their own
// policies), no inline script. Without Trusted Types support it does nothing.

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL: (url: string) => string }): unknown;
}

/** The script URL when it is this app's own .js file; throws otherwise. */
export function sameOriginScriptUrl(url: string, base: string = document.baseURI): string {
  const u = new URL(url, base);
  if (u.origin !== new URL(base).origin || !u.pathname.endsWith('.js') || u.username || u.password)
    throw new TypeError(`refused script URL ${u.origin}${u.pathname}: only this app's own scripts may run`);
  return u.href;
}

const factory = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
factory?.createPolicy('default', { createScriptURL: (url) => sameOriginScriptUrl(url) });
