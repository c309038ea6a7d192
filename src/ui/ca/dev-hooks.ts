// Layer: views (CA). Test and support hook, off by default: with localStorage `keywire.devHooks` = "1" (the same
// switch the Audit section's hook uses), the CA settings expose `window.keywireCa` = { open(config), secrets,
// defaults } so e2e tests can run the app's real CA clients inside the production build (EST enrollment across
// origins, with the browser's CORS rules) and support engineers can do the same from the console. It grants nothing
// the page itself cannot do.
import { openCaSource, pageOrigin } from '../../ca/factory.ts';
import { DEFAULT_CA_CONFIG, parseCaConfig } from '../../ca/config.ts';
import { caSecrets } from '../../ca/secrets.ts';
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import { devHooksEnabled } from '../../app/dev-hooks.ts';

export interface CaDevHooks {
  open: (config: unknown) => ReturnType<typeof openCaSource>;
  secrets: ReturnType<typeof caSecrets>;
  defaults: typeof DEFAULT_CA_CONFIG;
}

declare global {
  interface Window {
    keywireCa?: CaDevHooks;
  }
}

export function exposeCaHooks(): void {
  if (!devHooksEnabled()) return;
  const origin = pageOrigin();
  const hooks: CaDevHooks = {
    open: (config) =>
      openCaSource(parseCaConfig(config), {
        crypto: cryptoClient(),
        secrets: caSecrets(),
        ...(origin ? { origin } : {}),
      }),
    secrets: caSecrets(),
    defaults: DEFAULT_CA_CONFIG,
  };
  Object.assign(globalThis, { keywireCa: hooks });
}
