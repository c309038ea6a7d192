// Layer: views (provision). The one place KeyWire turns text into HTML: the label's QR code SVG. Under the served
// Content-Security-Policy (`require-trusted-types-for 'script'`) markup reaches the DOM only through a Trusted Types
// policy; `keywire-qr` lets through exactly the SVG the `qrcode` package makes (one svg element with path elements
// of hex colours and path data) and throws on anything else, so no other text can become markup here.

/** The shape of `QRCode.toString(text, { type: 'svg' })`: nothing from the encoded text appears in it. */
const QR_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d{1,4} \d{1,4}" shape-rendering="crispEdges">(?:<path (?:fill|stroke)="#[0-9a-f]{6}" d="[MhvHVmz0-9. ]*"\/>){1,2}<\/svg>\n?$/;

export const isQrSvg = (svg: string): boolean => QR_SVG.test(svg);

function checked(svg: string): string {
  if (!isQrSvg(svg)) throw new TypeError('refused: not the QR code SVG the label makes');
  return svg;
}

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createHTML: (s: string) => string }): { createHTML(s: string): unknown };
}
const factory = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
const policy = factory?.createPolicy('keywire-qr', { createHTML: checked });

/** Puts the QR SVG into `element` (a Svelte attachment); throws on anything that is not a QR SVG. */
export function setQrSvg(element: Element, svg: string): void {
  if (!svg) {
    element.replaceChildren();
    return;
  }
  (element as { innerHTML: unknown }).innerHTML = policy ? policy.createHTML(svg) : checked(svg);
}
