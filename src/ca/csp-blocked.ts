// Layer: CA clients. Which CA origins the page's Content-Security-Policy refused (connect-src), so a failed request
// is explained as "this KeyWire server does not list your CA" and not as a CORS or network problem. The browser
// reports a refusal as a `securitypolicyviolation` event, queued a moment after the failed fetch. In Node (tests,
// tools) there is no document and nothing is ever blocked.

const blocked = new Set<string>();
let listening = false;

function listen(): void {
  if (listening || typeof document === 'undefined') return;
  listening = true;
  document.addEventListener('securitypolicyviolation', (e) => {
    if (!/^connect-src/.test(e.effectiveDirective || e.violatedDirective)) return;
    try {
      blocked.add(new URL(e.blockedURI).origin);
    } catch {
      // "inline" and other non-URL reports concern no CA
    }
  });
}
listen();

/** True when the CSP refused a connection to `url`'s origin; waits a moment for the browser's report. */
export async function blockedByCsp(url: string): Promise<boolean> {
  if (typeof document === 'undefined') return false;
  const origin = new URL(url).origin;
  for (let i = 0; i < 5 && !blocked.has(origin); i++) await new Promise((r) => setTimeout(r, 20));
  return blocked.has(origin);
}

export const cspMessage = (url: string): string => {
  const origin = new URL(url).origin;
  return (
    `This KeyWire server does not allow the page to connect to ${origin} (its Content-Security-Policy lists the CAs ` +
    `it may reach). Ask whoever serves KeyWire to add ${origin} to KEYWIRE_CA_ORIGINS and serve it again.`
  );
};
