// Shared by the EST client tests (est.test.ts, est-trust.test.ts): `npm run ca-server` started once per test file,
// openssl for real CSRs, and EST sources whose CA is the one that server printed, confirmed as the user would.
import { afterAll, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { OpensslLab } from '../../pki/openssl-fixtures.ts';
import { toPem } from '../../pki/pem.ts';
import { startCaServer, type RunningCaServer } from '../../../tools/ca-server-testing.ts';
import { DEFAULT_CA_CONFIG, type EstSettings } from '../config.ts';
import { EstSource } from '../est.ts';
import { estEndpoint } from '../est-url.ts';
import { CaSecrets } from '../secrets.ts';
import type { EnrollRequest } from '../types.ts';

export const settings = (patch: Partial<EstSettings>): EstSettings => ({ ...DEFAULT_CA_CONFIG.est, ...patch });

/** What "These are my CA's fingerprints" stores: the fingerprints `ca` printed, confirmed for the address `url`. */
export function confirmed(ca: RunningCaServer, url: string): Pick<EstSettings, 'pinned' | 'pinnedFor'> {
  const base = estEndpoint(url);
  if (!base.ok) throw new Error(base.error);
  const pinned = [ca.rootFingerprint, ca.issuingFingerprint].map((f) => ({ sha256: f.replace(/:/g, ''), subject: '' }));
  return { pinned, pinnedFor: base.value.base };
}

export interface EstHarness {
  /** The running `npm run ca-server` (valid inside tests). */
  readonly server: RunningCaServer;
  readonly lab: OpensslLab;
  /** A fresh P-256 CSR made by openssl, as the flow hands it to a CA source. */
  csr(cn?: string): EnrollRequest;
  /** An EST source; unless the patch says otherwise, the server's CA is confirmed for the patch's address. */
  est(patch: Partial<EstSettings>, secrets?: CaSecrets, origin?: string): EstSource;
  /** /cacerts as the server answers it, for node:http test servers that misbehave elsewhere. */
  serveCacerts(res: ServerResponse): void;
}

/** Starts the server before the file's tests and stops it after them. */
export function useEstHarness(): EstHarness {
  let lab: OpensslLab | undefined;
  let server: RunningCaServer | undefined;
  let cacertsBody = '';
  let n = 0;
  beforeAll(async () => {
    lab = new OpensslLab();
    server = await startCaServer();
    cacertsBody = await (await fetch(`${server.url}/cacerts`)).text();
  });
  afterAll(async () => {
    await server?.stop();
    lab?.cleanup();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the EST harness is used outside a test');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get lab() {
      return started(lab);
    },
    csr(cn = `est-device-${++n}`) {
      const l = started(lab);
      const key = l.key(`k${++n}`, 'p256');
      l.run(['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-outform', 'DER', '-out', l.path(`r${n}.der`)]);
      const der = new Uint8Array(readFileSync(l.path(`r${n}.der`)));
      return {
        csrDer: der,
        csrPem: toPem('CERTIFICATE REQUEST', der),
        device: { id: cn },
        profile: { validityDays: 30, commonName: { mode: 'keep' } },
      };
    },
    est(patch, secrets = new CaSecrets(null), origin) {
      const r = EstSource.create(settings({ ...confirmed(started(server), patch.url ?? ''), ...patch }), {
        secrets,
        ...(origin ? { origin } : {}),
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    serveCacerts(res) {
      res.writeHead(200, { 'Content-Type': 'application/pkcs7-mime' });
      res.end(cacertsBody);
    },
  };
}
