// The keywire-qr policy's check: the SVG the qrcode package makes for real label texts passes; markup that is not
// that exact shape (a script, an event handler, a foreignObject, text from the label) is refused.
import { describe, expect, it } from 'vitest';
import { labelQrSvg } from './label-qr.ts';
import { isQrSvg } from './qr-policy.ts';

describe('keywire-qr: only the QR SVG becomes markup', () => {
  it.each([
    'abc',
    '50503041-3633-4261-803d-1e2b8f70c0c1 SHA256:' + 'AB'.repeat(32),
    '<script>alert(1)</script>',
    '"/><svg onload=alert(1)>',
  ])('the SVG for %j passes', async (text) => {
    const svg = await labelQrSvg(text);
    expect(isQrSvg(svg)).toBe(true);
    expect(svg).not.toContain('<script');
  });

  it.each([
    '<img src=x onerror=alert(1)>',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 25 25" shape-rendering="crispEdges"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 25 25" shape-rendering="crispEdges" onload="alert(1)"><path fill="#ffffff" d="M0 0h25v25H0z"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 25 25" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h25v25H0z" onclick="x"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 25 25" shape-rendering="crispEdges"><foreignObject><div>x</div></foreignObject></svg>',
    '',
  ])('refuses %j', (svg) => {
    expect(isQrSvg(svg)).toBe(false);
  });
});
