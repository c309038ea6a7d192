// Layer: offline (build side). Which built files the service worker keeps so KeyWire opens and works without a
// network: every file the build emits except source maps, the service worker itself, the static host's `_headers`
// file and the build manifest (`.vite/manifest.json`, read by the bundle-budget test, never by the page). Paths stay relative to
// the app's base URL, so the app works under any base.
export const SERVICE_WORKER_FILE = 'sw.js';

export function precacheList(fileNames: Iterable<string>): string[] {
  const keep = new Set<string>();
  for (const name of fileNames) {
    // `_headers` is read by static hosts, not served by them: fetching it would fail the service worker's install.
    if (name.endsWith('.map') || name === SERVICE_WORKER_FILE || name === '_headers' || name.startsWith('.vite/'))
      continue;
    keep.add(name.replace(/^\.?\//, ''));
  }
  return [...keep].sort();
}

/** The cache's version: changes whenever any precached file name changes (names carry content hashes). */
export function buildVersion(files: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const ch of files.join('\n')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
