// The one set of HTTP security headers KeyWire is served with, wherever it is served: `vite preview` and
// `npm start` (through the plugin in vite.config.ts; tools/serve.mjs may also import `securityHeaders` and set them
// on every response it sends), and static hosting (the `_headers` file and the meta CSP written into the build).
// Plain ESM JavaScript so Node tools use it without a build step; types in security-headers.d.mts.
//
// connect-src is the app itself plus the CA origins the operator configures (KEYWIRE_CA_ORIGINS, comma or space
// separated, e.g. "https://est.example.com http://127.0.0.1:7030"); the lab EST server's default address is always
// allowed. A browser cannot learn the origins a user types into Settings later: an EST or signer address outside the
// list is refused by the browser until the operator adds it to KEYWIRE_CA_ORIGINS and serves the app again.

/** `npm run ca-server` on its default port, plain and TLS, by address and by name. */
export const LAB_CA_ORIGINS = Object.freeze([
  'http://127.0.0.1:7030',
  'http://localhost:7030',
  'https://127.0.0.1:7030',
  'https://localhost:7030',
]);

/**
 * Trusted Types policies the app creates: Svelte's template policy, the QR label's SVG check, and the default
 * policy (src/app/trusted-types.ts) that admits only the app's own script URLs (its workers, the service worker).
 */
export const TRUSTED_TYPES_POLICIES = Object.freeze(['svelte-trusted-html', 'keywire-qr', 'default']);

// CSP host sources have no syntax for IPv6 literals ([::1]), so they are refused with the rest of the non-origins.
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:(\d{1,5}|\*))?$/i;

/**
 * The CA origins in `text` (KEYWIRE_CA_ORIGINS). Each must be scheme://host[:port] (port may be `*`), nothing after.
 * @param {string | undefined} text
 * @returns {{ origins: string[], errors: string[] }}
 */
export function parseCaOrigins(text) {
  const origins = [];
  const errors = [];
  for (const item of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const o = item.replace(/\/$/, '');
    if (ORIGIN.test(o)) origins.push(o.toLowerCase());
    else errors.push(`"${item}" is not an origin like https://est.example.com or http://127.0.0.1:7030`);
  }
  return { origins, errors };
}

/**
 * @param {{ caOrigins?: readonly string[], meta?: boolean }} [o]
 * @returns {string}
 */
export function contentSecurityPolicy(o = {}) {
  // The meta CSP is only the floor for a host that cannot send headers: it cannot know the configured CAs (the
  // headers narrow it, both apply), so it allows what the app ever sends credentials to: https and this computer.
  // (CSP host sources cannot name IPv6 literals such as [::1].)
  const base = o.meta ? ['https:', 'http://127.0.0.1:*', 'http://localhost:*'] : LAB_CA_ORIGINS;
  const connect = [...new Set(["'self'", ...base, ...(o.caOrigins ?? [])])];
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    `trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
  ];
  // A meta CSP ignores frame-ancestors (CSP3 §6.4.2): only a header can forbid framing.
  if (!o.meta) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/**
 * Every header the app's responses carry.
 * @param {{ caOrigins?: readonly string[] }} [o]
 * @returns {Record<string, string>}
 */
export function securityHeaders(o = {}) {
  return {
    'Content-Security-Policy': contentSecurityPolicy(o),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/**
 * A `_headers` file (Netlify, Cloudflare Pages and others read this format) applying the headers to every path.
 * @param {{ caOrigins?: readonly string[] }} [o]
 * @returns {string}
 */
export function headersFile(o = {}) {
  const lines = Object.entries(securityHeaders(o)).map(([k, v]) => `  ${k}: ${v}`);
  return `# KeyWire security headers (made by tools/security-headers.mjs at build time; KEYWIRE_CA_ORIGINS sets the CAs)\n/*\n${lines.join('\n')}\n`;
}
