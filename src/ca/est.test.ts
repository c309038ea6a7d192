// The EST client against real servers on loopback: `npm run ca-server` as a process (enroll verified with openssl,
// the real nRF91 CSR with its explicit NULL, Basic auth, 202 + Retry-After waited out, capped and cancelled) and
// small node:http servers for what the lab server never does (hang, 5xx, 403, HTML, garbage). Every CaErrorCode the
// EST source can return is produced here by a real exchange.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { OpensslLab } from '../pki/openssl-fixtures.ts';
import { toPem } from '../pki/pem.ts';
import { fromBase64, sha256Hex } from '../lib/bytes.ts';
import { splitDottedPayload } from '../pki/nrf91-cose.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { startCaServer, type RunningCaServer } from '../../tools/ca-server-testing.ts';
import { closedPort, serveHttp } from './testing/node-server.ts';
import { DEFAULT_CA_CONFIG, type EstSettings } from './config.ts';
import { EstSource, retryAfterSeconds } from './est.ts';
import { estEndpoint } from './est-url.ts';
import { CaSecrets } from './secrets.ts';
import type { EnrollRequest, EnrollStatus } from './types.ts';

let lab: OpensslLab;
let server: RunningCaServer;
/** The main server's /cacerts answer, served by the misbehaving test servers too (so their CA is the confirmed one). */
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

function csr(cn = `est-device-${++n}`): EnrollRequest {
  const key = lab.key(`k${++n}`, 'p256');
  lab.run(['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-outform', 'DER', '-out', lab.path(`r${n}.der`)]);
  const der = new Uint8Array(readFileSync(lab.path(`r${n}.der`)));
  return {
    csrDer: der,
    csrPem: toPem('CERTIFICATE REQUEST', der),
    device: { id: cn },
    profile: { validityDays: 30, commonName: { mode: 'keep' } },
  };
}

const settings = (patch: Partial<EstSettings>): EstSettings => ({ ...DEFAULT_CA_CONFIG.est, ...patch });

/** What "These are my CA's fingerprints" stores: the fingerprints `ca` printed, confirmed for the address `url`. */
function confirmed(ca: RunningCaServer, url: string): Pick<EstSettings, 'pinned' | 'pinnedFor'> {
  const base = estEndpoint(url);
  if (!base.ok) throw new Error(base.error);
  const pinned = [ca.rootFingerprint, ca.issuingFingerprint].map((f) => ({ sha256: f.replace(/:/g, ''), subject: '' }));
  return { pinned, pinnedFor: base.value.base };
}

/** An EST source; unless the patch says otherwise, the main server's CA is confirmed for the patch's address. */
function est(patch: Partial<EstSettings>, secrets = new CaSecrets(null), origin?: string): EstSource {
  const r = EstSource.create(settings({ ...confirmed(server, patch.url ?? ''), ...patch }), {
    secrets,
    ...(origin ? { origin } : {}),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** /cacerts as the main server answers it, for node:http test servers that misbehave elsewhere. */
function serveCacerts(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/pkcs7-mime' });
  res.end(cacertsBody);
}

describe('EST against npm run ca-server', () => {
  it('fetches /cacerts: the issuing CA and the root the server printed', async () => {
    const r = await est({ url: server.url }).caCertificates();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toHaveLength(2);
    const fps = await Promise.all(
      r.value.map(async (pem) =>
        (await sha256Hex(fromBase64(pem.replace(/-----[^-]+-----/g, ''))!)).match(/../g)!.join(':'),
      ),
    );
    expect(fps).toEqual([server.issuingFingerprint, server.rootFingerprint]);
  });

  it('enrolls an openssl CSR; the certificate verifies with openssl against /cacerts', async () => {
    const source = est({ url: server.url.replace('/.well-known/est', '') });
    const statuses: EnrollStatus[] = [];
    const r = await source.enroll(csr(), { onStatus: (s) => statuses.push(s) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.format).toBe('pkcs7');
    expect(r.value.caName).toBe(`EST ${server.url}`);
    expect(statuses).toEqual([{ kind: 'sending' }]);
    const cas = await source.caCertificates();
    if (!cas.ok) throw new Error(cas.error.message);
    const verdict = lab.verify(toPem('CERTIFICATE', r.value.certificates[0]!), [cas.value[0]!], [cas.value[1]!]);
    expect(verdict.ok, verdict.output).toBe(true);
  });

  it('enrolls the real nRF91 %KEYGEN CSR (explicit NULL in its signature algorithm)', async () => {
    const der = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
    const r = await est({ url: server.url }).enroll({
      csrDer: der,
      csrPem: toPem('CERTIFICATE REQUEST', der),
      device: { id: v.keygen_csr_uuid_cn.expect.device_uuid },
      profile: { validityDays: 30, commonName: { mode: 'keep' } },
    });
    if (!r.ok) throw new Error(r.error.message);
    const subject = lab.run(['x509', '-noout', '-subject'], toPem('CERTIFICATE', r.value.certificates[0]!));
    expect(subject).toContain(v.keygen_csr_uuid_cn.expect.device_uuid);
  });

  it('a CSR the CA refuses comes back as "rejected" with the server\'s reason', async () => {
    const request = csr();
    const tampered = request.csrDer.slice();
    tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 0x01;
    const r = await est({ url: server.url }).enroll({ ...request, csrDer: tampered });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'rejected', status: 400 });
    expect(r.error.detail).toMatch(/bad CSR/);
  });

  it('a wrong path gives http-status 404 with a hint', async () => {
    const r = await est({ url: server.url.replace('/.well-known/est', '/est') }).caCertificates();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'http-status', status: 404 });
  });
});

describe('EST with HTTP Basic (ca-server --user/--password)', () => {
  let basic: RunningCaServer;
  beforeAll(async () => {
    basic = await startCaServer({ env: { KEYWIRE_CA_USER: 'bench', KEYWIRE_CA_PASSWORD: 'correct horse' } });
  });
  afterAll(() => basic?.stop());

  it('enrolls with the right password; /cacerts works without sending it', async () => {
    const secrets = new CaSecrets(null);
    secrets.set('est.password', 'correct horse');
    const source = est({ url: basic.url, auth: 'basic', username: 'bench', ...confirmed(basic, basic.url) }, secrets);
    expect((await source.caCertificates()).ok).toBe(true);
    const r = await source.enroll(csr());
    expect(r.ok).toBe(true);
  });

  it('a wrong password is "unauthorized" and no message carries the password', async () => {
    const secrets = new CaSecrets(null);
    secrets.set('est.password', 'wrong horse');
    const r = await est(
      { url: basic.url, auth: 'basic', username: 'bench', ...confirmed(basic, basic.url) },
      secrets,
    ).enroll(csr());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(JSON.stringify(r.error)).not.toContain('horse');
  });

  it('no authentication configured: the server asks (401) -> "unauthorized"', async () => {
    const r = await est({ url: basic.url, ...confirmed(basic, basic.url) }).enroll(csr());
    expect(r.ok || r.error.code).toBe('unauthorized');
  });

  it('a missing password or token is "not-configured" before anything is sent', async () => {
    for (const patch of [{ auth: 'basic' as const, username: 'bench' }, { auth: 'bearer' as const }]) {
      const r = await est({ url: basic.url, ...patch }).enroll(csr());
      expect(r.ok || r.error.code).toBe('not-configured');
    }
    expect(
      EstSource.create(settings({ url: basic.url, auth: 'basic', username: ' ' }), { secrets: new CaSecrets(null) }).ok,
    ).toBe(false);
  });
});

describe('EST 202 + Retry-After (ca-server --pending)', () => {
  let pending: RunningCaServer;
  beforeAll(async () => {
    pending = await startCaServer({ args: ['--pending', '2', '--retry-after', '1'] });
  });
  afterAll(() => pending?.stop());

  it('waits as the server asks, reporting each wait, then gets the certificate', async () => {
    const statuses: EnrollStatus[] = [];
    const started = Date.now();
    const r = await est({ url: pending.url, ...confirmed(pending, pending.url) }).enroll(csr(), {
      onStatus: (s) => statuses.push(s),
    });
    expect(r.ok).toBe(true);
    expect(statuses).toEqual([
      { kind: 'sending' },
      { kind: 'waiting', retryAfterSeconds: 1, attempt: 1 },
      { kind: 'sending' },
      { kind: 'waiting', retryAfterSeconds: 1, attempt: 2 },
      { kind: 'sending' },
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('gives up with "timeout" when the server asks for longer than the cap', async () => {
    const started = Date.now();
    const r = await est({ url: pending.url, maxWaitSeconds: 0, ...confirmed(pending, pending.url) }).enroll(csr());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'timeout', status: 202 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('cancelling while waiting ends at once with "aborted"', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const r = await est({ url: pending.url, ...confirmed(pending, pending.url) }).enroll(csr(), {
      signal: controller.signal,
      onStatus: (s) => {
        if (s.kind === 'waiting') controller.abort();
      },
    });
    expect(r.ok || r.error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('EST against misbehaving servers', () => {
  it('connection refused is "network", naming the host and the origin the server must allow', async () => {
    const port = await closedPort();
    const r = await est(
      { url: `http://127.0.0.1:${port}` },
      new CaSecrets(null),
      'http://127.0.0.1:4173',
    ).caCertificates();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('network');
    expect(r.error.message).toContain(`Could not reach 127.0.0.1:${port}`);
    expect(r.error.message).toContain('the server must allow this origin: http://127.0.0.1:4173');
  });

  it('no answer within the time limit is "timeout"; a caller abort is "aborted"', async () => {
    const hang = await serveHttp(() => new Promise(() => {}));
    try {
      const started = Date.now();
      const r = await est({ url: hang.url, timeoutSeconds: 1 }).caCertificates();
      expect(r.ok || r.error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3000);
      const c = new AbortController();
      setTimeout(() => c.abort(), 100);
      const aborted = await est({ url: hang.url }).enroll(csr(), { signal: c.signal });
      expect(aborted.ok || aborted.error.code).toBe('aborted');
      const early = await est({ url: hang.url }).caCertificates({ signal: AbortSignal.abort() });
      expect(early.ok || early.error.code).toBe('aborted');
    } finally {
      await hang.close();
    }
  });

  it('5xx is "http-status", 403 "unauthorized", an HTML page or garbage "bad-response"', async () => {
    const answers: Record<string, [number, string, string]> = {
      '/s500/.well-known/est/cacerts': [500, 'text/plain', 'database on fire'],
      '/s403/.well-known/est/cacerts': [403, 'application/json', '{"error":"client not allowed"}'],
      '/html/.well-known/est/cacerts': [200, 'text/html', '<html><body>Please log in</body></html>'],
      '/junk/.well-known/est/cacerts': [200, 'application/pkcs7-mime', 'bm90IGEgY2VydGlmaWNhdGU='],
    };
    const s = await serveHttp((req, res) => {
      const [status, type, body] = answers[req.path] ?? [404, 'text/plain', 'no'];
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    });
    try {
      const get = (prefix: string) => est({ url: `${s.url}${prefix}` }).caCertificates();
      expect(await get('/s500')).toMatchObject({
        ok: false,
        error: { code: 'http-status', status: 500, detail: 'database on fire' },
      });
      expect(await get('/s403')).toMatchObject({
        ok: false,
        error: { code: 'unauthorized', status: 403, detail: 'client not allowed' },
      });
      expect(await get('/html')).toMatchObject({ ok: false, error: { code: 'bad-response', message: /web page/ } });
      expect(await get('/junk')).toMatchObject({ ok: false, error: { code: 'bad-response' } });
    } finally {
      await s.close();
    }
  });

  it('a 202 without Retry-After counts as 10 s (over a 5 s cap: gives up at once); bearer token and body format', async () => {
    const s = await serveHttp((req, res) => {
      if (req.method === 'GET') return serveCacerts(res);
      res.writeHead(202);
      res.end();
    });
    try {
      const secrets = new CaSecrets(null);
      secrets.set('est.token', 'tok-123');
      const statuses: EnrollStatus[] = [];
      const r = await est({ url: s.url, auth: 'bearer', maxWaitSeconds: 5 }, secrets).enroll(csr(), {
        onStatus: (x) => statuses.push(x),
      });
      expect(r.ok || r.error.code).toBe('timeout');
      expect(r.ok || r.error.message).toMatch(/come back in 10 s; KeyWire waits at most 5 s/);
      expect(statuses).toEqual([{ kind: 'sending' }]);
      // /cacerts first, without the token (checked against the confirmed CA), then the CSR with it.
      expect(s.requests.map((q) => [q.method, q.headers.authorization])).toEqual([
        ['GET', undefined],
        ['POST', 'Bearer tok-123'],
      ]);
      const post = s.requests[1]!;
      expect(post.headers['content-type']).toBe('application/pkcs10');
      // The body is base64 DER in lines of at most 64 characters.
      expect(post.body.split('\r\n').every((l) => l.length <= 64)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('an unusable address is "not-configured"', () => {
    const r = EstSource.create(settings({ url: 'ftp://x' }), { secrets: new CaSecrets(null) });
    expect(r.ok || r.error.code).toBe('not-configured');
  });
});

describe('EST trust: the CA certificates the user confirmed (RFC 7030 §4.1.1)', () => {
  it('offered() reads /cacerts unverified, with the SHA-256 the server printed, for the user to compare', async () => {
    const r = await est({ url: server.url, pinned: [], pinnedFor: '' }).offered();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((c) => c.sha256.match(/../g)!.join(':'))).toEqual([
      server.issuingFingerprint,
      server.rootFingerprint,
    ]);
  });

  it('nothing confirmed: caCertificates and enroll refuse with "ca-not-trusted" and send nothing', async () => {
    const s = await serveHttp((_req, res) => serveCacerts(res));
    try {
      const source = est({ url: s.url, pinned: [], pinnedFor: '' });
      const cas = await source.caCertificates();
      expect(cas).toMatchObject({ ok: false, error: { code: 'ca-not-trusted', message: /Fetch CA certificates/ } });
      expect(await source.enroll(csr())).toMatchObject({ ok: false, error: { code: 'ca-not-trusted' } });
      expect(s.requests).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('fingerprints confirmed for another address do not count', async () => {
    const r = await est({ ...confirmed(server, 'https://other.example'), url: server.url }).caCertificates();
    expect(r).toMatchObject({ ok: false, error: { code: 'ca-not-trusted' } });
  });

  it('a server whose CA changed is refused: no CSR is sent, nothing is issued', async () => {
    const impostor = await startCaServer();
    try {
      const source = est({ url: impostor.url, pinned: confirmed(server, impostor.url).pinned });
      const cas = await source.caCertificates();
      expect(cas).toMatchObject({ ok: false, error: { code: 'ca-not-trusted', message: /CA changed/ } });
      if (!cas.ok) expect(cas.error.message).toContain(impostor.rootFingerprint.replace(/:/g, '').slice(0, 8));
      expect(await source.enroll(csr())).toMatchObject({ ok: false, error: { code: 'ca-not-trusted' } });
      await new Promise((r) => setTimeout(r, 100));
      expect(impostor.logs().some((l) => / POST /.test(l))).toBe(false);
      expect(impostor.logs().some((l) => / GET \S+\/cacerts 200 /.test(l))).toBe(true);
    } finally {
      await impostor.stop();
    }
  });

  it('a CA that now answers fewer of the confirmed certificates is still trusted', async () => {
    const extra = { sha256: 'EE'.repeat(32), subject: 'CN=Retired Root' };
    const both = confirmed(server, server.url);
    const r = await est({ url: server.url, ...both, pinned: [...both.pinned, extra] }).caCertificates();
    expect(r.ok && r.value.length).toBe(2);
  });
});

describe('EST credentials go over https (or to this computer) and never follow a redirect', () => {
  it('Basic or bearer to a plain-http address of another computer is refused as a setting', () => {
    for (const auth of ['basic', 'bearer'] as const) {
      const r = EstSource.create(settings({ url: 'http://ca.example.com', auth, username: 'bench' }), {
        secrets: new CaSecrets(null),
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'not-configured', message: /https/ } });
    }
    for (const url of ['https://ca.example.com', 'http://127.0.0.1:7030', 'http://localhost:7030', 'http://[::1]:7030'])
      expect(EstSource.create(settings({ url, auth: 'bearer' }), { secrets: new CaSecrets(null) }).ok, url).toBe(true);
    expect(EstSource.create(settings({ url: 'http://ca.example.com' }), { secrets: new CaSecrets(null) }).ok).toBe(
      true,
    );
  });

  it('a redirect answered to the enrollment is refused; the token never reaches the other server', async () => {
    const elsewhere = await serveHttp((_req, res) => {
      res.writeHead(200);
      res.end('stolen');
    });
    const s = await serveHttp((req, res) => {
      if (req.method === 'GET') return serveCacerts(res);
      res.writeHead(307, { Location: `${elsewhere.url}/.well-known/est/simpleenroll?from=redirect` });
      res.end();
    });
    try {
      const secrets = new CaSecrets(null);
      secrets.set('est.token', 'tok-never-forwarded');
      const r = await est({ url: s.url, auth: 'bearer' }, secrets).enroll(csr());
      expect(r).toMatchObject({ ok: false, error: { code: 'http-status', message: /redirect/ } });
      if (!r.ok) expect(r.error.message).not.toContain('from=redirect');
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await s.close();
      await elsewhere.close();
    }
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates; ignores junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});
