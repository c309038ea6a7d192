// The gate in front of the app: when it blocks, what the user's choice unlocks, and that the choice lasts the tab.
import { describe, expect, it } from 'vitest';
import { BrowserGate } from './browser-gate.svelte.ts';

function tabStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

const secure = (navigator: { serial?: unknown; usb?: unknown }) => ({ isSecureContext: true, navigator });

describe('BrowserGate', () => {
  it('does not block a browser with Web Serial', () => {
    const gate = new BrowserGate(secure({ serial: {} }), tabStorage());
    expect(gate.blocking).toBe(false);
    expect(gate.route).toBe('web-serial');
  });

  it('blocks without Web Serial until the user goes on, and remembers the choice for the tab', () => {
    const storage = tabStorage();
    const gate = new BrowserGate(secure({ usb: {} }), storage);
    expect(gate.blocking).toBe(true);
    gate.proceed('webusb');
    expect([gate.blocking, gate.route]).toEqual([false, 'webusb']);
    const reloaded = new BrowserGate(secure({ usb: {} }), storage);
    expect([reloaded.blocking, reloaded.route]).toEqual([false, 'webusb']);
  });

  it('ignores a remembered WebUSB choice where WebUSB is gone', () => {
    const storage = tabStorage();
    storage.setItem('keywire.browser-check.choice', 'webusb');
    expect(new BrowserGate(secure({}), storage).blocking).toBe(true);
  });

  it('always blocks an insecure page', () => {
    const storage = tabStorage();
    storage.setItem('keywire.browser-check.choice', 'emulated');
    const gate = new BrowserGate({ isSecureContext: false, navigator: {} }, storage);
    expect(gate.blocking).toBe(true);
    expect(gate.verdict.kind).toBe('insecure');
  });
});
