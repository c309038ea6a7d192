// Layer: app shell. The browser check that runs before anything else: can this page reach serial ports at all, and
// if not, why (insecure page, browser without Web Serial) and what is left (WebUSB, the emulated boards). Pure over an
// injectable environment so Node tests cover every verdict; BrowserCheck.svelte renders it.
// From its own module, not the transport barrel: the first screen must not pull the transport code in.
import { detectSerialSupport } from '../devices/transport/support.ts';
import type { SerialEnvironment } from '../devices/transport/support.ts';

/** How the connect panel reaches hardware: Web Serial, the WebUSB polyfill, or not at all (emulated boards only). */
export type HardwareRoute = 'web-serial' | 'webusb' | 'none';

export type BrowserVerdict =
  /** Web Serial is here and the page is secure: no check screen. */
  | { readonly kind: 'ready' }
  /** http on a host other than localhost: browsers hide serial ports (and WebCrypto) from such pages. */
  | { readonly kind: 'insecure'; readonly secureUrls: readonly string[] }
  /** Secure page, but no navigator.serial. `webUsb`: navigator.usb exists, so the WebUSB route is open. */
  | { readonly kind: 'no-serial'; readonly webUsb: boolean };

export interface SupportedBrowser {
  readonly name: string;
  readonly where: string;
}

/** The one list of browsers that reach serial ports, as the check screen and the docs say it. */
export const SUPPORTED_BROWSERS: readonly SupportedBrowser[] = [
  { name: 'Chrome, Edge or Opera', where: 'on a desktop computer (Windows, macOS, Linux, ChromeOS)' },
  { name: 'Firefox 151 or newer', where: 'on a desktop computer' },
  {
    name: 'Chrome on Android',
    where: 'for boards with a CDC-ACM USB port (nRF91 DK and Thingy:91 built-in USB), through an OTG adapter',
  },
];

export interface PageLocation {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
}

export interface BrowserEnvironment extends SerialEnvironment {
  readonly location?: PageLocation;
}

/** Where the same app would be secure: the https address of this host, and localhost when served on this machine. */
export function secureUrls(location: PageLocation): string[] {
  const port = location.port ? `:${location.port}` : '';
  const path = location.pathname || '/';
  const https = `https://${location.hostname}${path}`;
  return [https, `http://localhost${port}${path}`];
}

export function checkBrowser(env: BrowserEnvironment = globalThis as BrowserEnvironment): BrowserVerdict {
  const support = detectSerialSupport(env);
  if (!support.secureContext) {
    const urls = env.location ? secureUrls(env.location) : [];
    return { kind: 'insecure', secureUrls: urls };
  }
  if (support.api === 'web-serial') return { kind: 'ready' };
  return { kind: 'no-serial', webUsb: support.api === 'webusb-polyfill' };
}

/** The route the connect panel offers for a verdict and the user's choice on the check screen. */
export function routeFor(verdict: BrowserVerdict, choice: 'webusb' | 'emulated' | null): HardwareRoute {
  if (verdict.kind === 'ready') return 'web-serial';
  if (verdict.kind === 'no-serial' && verdict.webUsb && choice === 'webusb') return 'webusb';
  return 'none';
}
