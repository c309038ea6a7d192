// Layer: offline (the service worker). Keeps the files of one build so KeyWire opens and runs with no network: the
// lab CA, the emulated boards, diagnostics and the audit trail need nothing from a server. Built by
// tools/vite-offline-plugin.ts, which puts PRECACHE and VERSION in front of this code; it imports nothing.
//
// - install: fetch every file of this build into the cache `keywire-<VERSION>`; if one fails, this version is not
//   installed (the one before keeps working).
//   A new version takes over at once (skipWaiting) so a reload after an update is kept offline too.
// - activate: keep this version's cache and the one before it, drop older ones, take control of open pages. A tab
//   still running the version before finds the chunks it may load late in that older cache.
// - fetch: only same-origin GETs. A page load tries the network for up to NAVIGATION_TIMEOUT_MS and falls back to
//   this version's cached page; a built file (this version's list, or anything under assets/) comes from any kept
//   cache, else the network. Everything else (EST, HTTP signers, anything cross-origin or not a GET) is left to the
//   network untouched.
declare const PRECACHE: readonly string[];
declare const VERSION: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE_PREFIX = 'keywire-';
const CACHE = `${CACHE_PREFIX}${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 4000;

const scoped = (path: string): string => new URL(path, sw.registration.scope).href;
const precached = new Set(PRECACHE.map(scoped));
const assets = scoped('assets/');

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.map((p) => new Request(scoped(p), { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const older = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE);
      // caches.keys() lists caches in the order they were made: keep the newest older one.
      for (const name of older.slice(0, -1)) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(pageLoad(request));
    return;
  }
  url.hash = '';
  url.search = '';
  if (precached.has(url.href) || url.href.startsWith(assets)) event.respondWith(fromCache(request, url.href));
});

async function pageLoad(request: Request): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    if (response.ok || !(await cachedPage())) return response;
  } catch {
    // No network, the server is gone, or it did not answer in time: the cached page below.
  } finally {
    clearTimeout(timer);
  }
  return (await cachedPage()) ?? Response.error();
}

async function cachedPage(): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  return (await cache.match(scoped('index.html'))) ?? undefined;
}

async function fromCache(request: Request, href: string): Promise<Response> {
  return (await (await caches.open(CACHE)).match(href)) ?? (await caches.match(href)) ?? fetch(request);
}
