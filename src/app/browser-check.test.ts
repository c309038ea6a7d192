// The browser check's verdicts for every environment it can meet, and the route the connect panel takes from them.
import { describe, expect, it } from 'vitest';
import { checkBrowser, routeFor, secureUrls, type BrowserEnvironment } from './browser-check.ts';

const at = (protocol: string, hostname: string, port = '') => ({ protocol, hostname, port, pathname: '/' });

describe('checkBrowser', () => {
  const cases: { name: string; env: BrowserEnvironment; want: ReturnType<typeof checkBrowser> }[] = [
    {
      name: 'Chrome on localhost: ready',
      env: { isSecureContext: true, navigator: { serial: {}, usb: {} }, location: at('http:', '127.0.0.1', '4173') },
      want: { kind: 'ready' },
    },
    {
      name: 'Chrome on Android without serial but with WebUSB',
      env: { isSecureContext: true, navigator: { usb: {} }, location: at('https:', 'keywire.example') },
      want: { kind: 'no-serial', webUsb: true },
    },
    {
      name: 'Safari: neither API',
      env: { isSecureContext: true, navigator: {}, location: at('https:', 'keywire.example') },
      want: { kind: 'no-serial', webUsb: false },
    },
    {
      name: 'plain http on a LAN name: insecure, whatever the browser has',
      env: { isSecureContext: false, navigator: {}, location: at('http:', 'bench-pc', '4173') },
      want: { kind: 'insecure', secureUrls: ['https://bench-pc/', 'http://localhost:4173/'] },
    },
  ];
  for (const { name, env, want } of cases) it(name, () => expect(checkBrowser(env)).toEqual(want));

  it('offers the secure addresses of the same page', () => {
    expect(secureUrls({ protocol: 'http:', hostname: '10.0.0.5', port: '', pathname: '/keywire/' })).toEqual([
      'https://10.0.0.5/keywire/',
      'http://localhost/keywire/',
    ]);
  });
});

describe('routeFor', () => {
  it('takes Web Serial when ready, WebUSB only when chosen and present, else emulated boards only', () => {
    expect(routeFor({ kind: 'ready' }, null)).toBe('web-serial');
    expect(routeFor({ kind: 'no-serial', webUsb: true }, 'webusb')).toBe('webusb');
    expect(routeFor({ kind: 'no-serial', webUsb: true }, 'emulated')).toBe('none');
    expect(routeFor({ kind: 'no-serial', webUsb: false }, 'webusb')).toBe('none');
    expect(routeFor({ kind: 'insecure', secureUrls: [] }, 'emulated')).toBe('none');
  });
});
