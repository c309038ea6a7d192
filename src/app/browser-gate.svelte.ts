// Layer: app shell state. The browser check as the page sees it: the verdict (computed once), the user's choice to go
// on (WebUSB or the emulated boards only), kept for the tab's life in sessionStorage so a reload does not ask again.
import {
  checkBrowser,
  routeFor,
  type BrowserEnvironment,
  type BrowserVerdict,
  type HardwareRoute,
} from './browser-check.ts';

export type GateChoice = 'webusb' | 'emulated';

const KEY = 'keywire.browser-check.choice';

function tabStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked: the check asks again after a reload, nothing else breaks
  }
}

export class BrowserGate {
  readonly verdict: BrowserVerdict;
  choice = $state.raw<GateChoice | null>(null);
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(env?: BrowserEnvironment, storage = tabStorage()) {
    this.verdict = checkBrowser(env);
    this.#storage = storage;
    const saved = storage?.getItem(KEY);
    if (saved === 'emulated' || (saved === 'webusb' && this.verdict.kind === 'no-serial' && this.verdict.webUsb))
      this.choice = saved;
  }

  /** True while the check screen stands in front of the app. */
  get blocking(): boolean {
    if (this.verdict.kind === 'ready') return false;
    if (this.verdict.kind === 'insecure') return true;
    return this.choice === null;
  }

  get route(): HardwareRoute {
    return routeFor(this.verdict, this.choice);
  }

  proceed(choice: GateChoice): void {
    this.choice = choice;
    try {
      this.#storage?.setItem(KEY, choice);
    } catch {
      // Quota or policy: the choice still holds for this page.
    }
  }
}

let gate: BrowserGate | null = null;
/** The page's one gate. */
export const browserGate = (): BrowserGate => (gate ??= new BrowserGate());
