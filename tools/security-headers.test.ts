// The header set every way KeyWire is served uses (tools/security-headers.mjs): the CSP directives the issue asks
// for, connect-src limited to the app, the lab EST server and the operator's CA origins, the meta variant for static
// hosts, and KEYWIRE_CA_ORIGINS checked so a typo is an error, not a silently open or broken policy.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile, parseCaOrigins, securityHeaders } from './security-headers.mjs';

const directive = (csp: string, name: string) =>
  csp
    .split(/;\s*/)
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1)
    .split(' ');

describe('security headers', () => {
  it('CSP: self only, no unsafe-inline/eval, trusted types, no framing', () => {
    const csp = contentSecurityPolicy();
    expect(directive(csp, 'default-src')).toEqual(["'self'"]);
    expect(directive(csp, 'script-src')).toEqual(["'self'"]);
    expect(directive(csp, 'style-src')).toEqual(["'self'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'require-trusted-types-for')).toEqual(["'script'"]);
    expect(directive(csp, 'trusted-types')).toEqual(['svelte-trusted-html', 'keywire-qr', 'default']);
    expect(csp).not.toMatch(/unsafe-/);
  });

  it('connect-src: the app, the lab EST server and exactly the configured CA origins', () => {
    const csp = contentSecurityPolicy({ caOrigins: ['https://est.example.com'] });
    expect(directive(csp, 'connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:7030',
      'http://localhost:7030',
      'https://127.0.0.1:7030',
      'https://localhost:7030',
      'https://est.example.com',
    ]);
  });

  it('the meta CSP (static hosts without headers) has no frame-ancestors and allows only https and loopback', () => {
    const meta = contentSecurityPolicy({ meta: true });
    expect(directive(meta, 'frame-ancestors')).toBeUndefined();
    expect(directive(meta, 'connect-src')).toEqual(["'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*']);
  });

  it('nosniff, no referrer, the _headers file carries them all', () => {
    const h = securityHeaders();
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
    const file = headersFile({ caOrigins: ['https://ca.example'] });
    expect(file).toMatch(/^\/\*$/m);
    for (const [k, v] of Object.entries(securityHeaders({ caOrigins: ['https://ca.example'] })))
      expect(file).toContain(`  ${k}: ${v}`);
  });

  it('KEYWIRE_CA_ORIGINS: origins only; paths, other schemes and IPv6 literals are errors', () => {
    expect(parseCaOrigins('https://est.example.com, http://127.0.0.1:*  https://CA.example:8443/')).toEqual({
      origins: ['https://est.example.com', 'http://127.0.0.1:*', 'https://ca.example:8443'],
      errors: [],
    });
    const bad = parseCaOrigins("https://x.example/est * ftp://a http://[::1]:7030 'self'");
    expect(bad.origins).toEqual([]);
    expect(bad.errors).toHaveLength(5);
    expect(parseCaOrigins(undefined)).toEqual({ origins: [], errors: [] });
  });
});
