// Layer: transport. What this browser can do with serial ports, for the app's browser check and the connect panel.
// Pure over an injectable environment so it is testable without a browser.

export type SerialApi = 'web-serial' | 'webusb-polyfill' | 'none';

export interface SerialSupport {
  readonly api: SerialApi;
  /** Web Serial and WebUSB are only offered to secure pages (https, localhost). */
  readonly secureContext: boolean;
  /** Whether plugging and unplugging fire events (not with the WebUSB polyfill). */
  readonly connectEvents: boolean;
}

export interface SerialEnvironment {
  readonly isSecureContext?: boolean;
  readonly navigator?: { readonly serial?: unknown; readonly usb?: unknown };
}

export function detectSerialSupport(env: SerialEnvironment = globalThis as SerialEnvironment): SerialSupport {
  const secureContext = env.isSecureContext === true;
  const nav = env.navigator;
  if (nav?.serial) return { api: 'web-serial', secureContext, connectEvents: true };
  if (nav?.usb) return { api: 'webusb-polyfill', secureContext, connectEvents: false };
  return { api: 'none', secureContext, connectEvents: false };
}
