import { describe, expect, it } from 'vitest';
import { buildVersion, precacheList } from './precache.ts';

describe('precacheList', () => {
  it('keeps every built file but source maps and the service worker, relative and sorted', () => {
    expect(
      precacheList(['index.html', 'assets/index-A.js', 'assets/index-A.js.map', 'sw.js', './favicon.svg', '/x.png']),
    ).toEqual(['assets/index-A.js', 'favicon.svg', 'index.html', 'x.png']);
  });

  it("leaves out the static host's _headers file (hosts read it, they do not serve it)", () => {
    expect(precacheList(['index.html', '_headers'])).toEqual(['index.html']);
  });

  it('leaves out the build manifest, which the page never loads', () => {
    expect(precacheList(['index.html', '.vite/manifest.json', 'assets/index-A.js'])).toEqual([
      'assets/index-A.js',
      'index.html',
    ]);
  });

  it('lists a file once when the bundle and public/ both name it', () => {
    expect(precacheList(['robots.txt', 'robots.txt'])).toEqual(['robots.txt']);
  });
});

describe('buildVersion', () => {
  it('changes when a file name changes and not when the order does', () => {
    const a = precacheList(['index.html', 'assets/index-A.js']);
    const b = precacheList(['assets/index-A.js', 'index.html']);
    const c = precacheList(['index.html', 'assets/index-B.js']);
    expect(buildVersion(a)).toBe(buildVersion(b));
    expect(buildVersion(a)).not.toBe(buildVersion(c));
    expect(buildVersion(a)).toMatch(/^[0-9a-f]{8}$/);
  });
});
