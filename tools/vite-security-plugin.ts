// Serves and builds KeyWire with the security headers of tools/security-headers.mjs: every `vite preview` response
// (and so `npm start`) carries them; `vite build` writes the meta CSP into index.html (the floor for hosts that send
// no headers) and a `_headers` file for static hosts. KEYWIRE_CA_ORIGINS (read when the build or preview starts)
// adds the operator's CA origins to connect-src. The dev server is left alone: Vite's HMR injects inline styles.
import type { Plugin } from 'vite';
import { contentSecurityPolicy, headersFile, parseCaOrigins, securityHeaders } from './security-headers.mjs';

export const HEADERS_FILE = '_headers';

export function securityHeadersPlugin(env: Record<string, string | undefined> = process.env): Plugin {
  const { origins, errors } = parseCaOrigins(env.KEYWIRE_CA_ORIGINS);
  if (errors.length) throw new Error(`KEYWIRE_CA_ORIGINS: ${errors.join('; ')}`);
  const headers = securityHeaders({ caOrigins: origins });
  return {
    name: 'keywire-security-headers',
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        next();
      });
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (ctx.server) return [];
        return [
          {
            tag: 'meta',
            attrs: {
              'http-equiv': 'Content-Security-Policy',
              content: contentSecurityPolicy({ meta: true, caOrigins: origins }),
            },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: HEADERS_FILE, source: headersFile({ caOrigins: origins }) });
    },
  };
}
