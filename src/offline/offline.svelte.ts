// Layer: offline (page side). Registers the service worker of the built app (src/offline/service-worker.ts, emitted
// as sw.js by tools/vite-offline-plugin.ts) and keeps two facts for the views: whether this build is kept for
// offline use, and whether the browser is online. One instance per page: `offlineState`.
import { offlineNotOffered, type OfflineReadiness } from './offline-status.ts';

class OfflineState {
  readiness = $state<OfflineReadiness>({ kind: 'installing' });
  online = $state(true);
  #started = false;

  /** Starts once: registers the service worker (production builds only) and follows the network state. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.online = navigator.onLine;
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
    const why = offlineNotOffered({
      production: import.meta.env.PROD,
      hasServiceWorker: 'serviceWorker' in navigator,
      secureContext: isSecureContext,
    });
    if (why) {
      this.readiness = { kind: 'not-offered', why };
      return;
    }
    void this.#register();
  }

  async #register(): Promise<void> {
    try {
      const base = import.meta.env.BASE_URL;
      const registration = await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
      const pending = registration.installing ?? registration.waiting;
      if (registration.active && !pending) {
        this.readiness = { kind: 'ready' };
        return;
      }
      if (registration.active) this.readiness = { kind: 'ready' };
      pending?.addEventListener('statechange', () => {
        if (pending.state === 'activated') this.readiness = { kind: 'ready' };
        else if (pending.state === 'redundant' && !registration.active)
          this.readiness = { kind: 'failed', message: 'the browser could not save every file of the app.' };
      });
      if (!registration.active) await navigator.serviceWorker.ready.then(() => (this.readiness = { kind: 'ready' }));
    } catch (e) {
      const detail = e instanceof Error && e.message ? ` (${e.message.slice(0, 120)})` : '';
      this.readiness = { kind: 'failed', message: `the browser refused the offline worker${detail}.` };
    }
  }
}

export const offlineState = new OfflineState();
