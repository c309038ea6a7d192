// The EST client against real servers on loopback: `npm run ca-server` as a process (enroll verified with openssl,
// the real nRF91 CSR with its explicit NULL, Basic auth, 202 + Retry-After waited out, capped and cancelled) and
// small node:http servers for what the lab server never does (hang, 5xx, 403, HTML, garbage). Every CaErrorCode the
// EST source can return is produced here by a real exchange.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../pki/pem.ts';
import { fromBase64, sha256Hex } from '../lib/bytes.ts';
import { splitDottedPayload } from '../pki/nrf91-cose.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { startCaServer, type RunningCaServer } from '../../tools/ca-server-testing.ts';
import { closedPort, serveHttp } from './testing/node-server.ts';
import { EstSource, retryAfterSeconds } from './est.ts';
import { CaSecrets } from './secrets.ts';
import type { EnrollStatus } from './types.ts';
import { confirmed, settings, useEstHarness } from './testing/est-harness.ts';

const h = useEstHarness();
const { csr, est, serveCacerts } = h;

describe('EST against npm run ca-server', () => {
  it('fetches /cacerts: the issuing CA and the root the server printed', async () => {
    const r = await est({ url: h.server.url }).caCertificates();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toHaveLength(2);
    const fps = await Promise.all(
      r.value.map(async (pem) =>
        (await sha256Hex(fromBase64(pem.replace(/-----[^-]+-----/g, ''))!)).match(/../g)!.join(':'),
      ),
    );
    expect(fps).toEqual([h.server.issuingFingerprint, h.server.rootFingerprint]);
  });

  it('enrolls an openssl CSR; the certificate verifies with openssl against /cacerts', async () => {
    const source = est({ url: h.server.url.replace('/.well-known/est', '') });
    const statuses: EnrollStatus[] = [];
    const r = await source.enroll(csr(), { onStatus: (s) => statuses.push(s) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.format).toBe('pkcs7');
    expect(r.value.caName).toBe(`EST ${h.server.url}`);
    expect(statuses).toEqual([{ kind: 'sending' }]);
    const cas = await source.caCertificates();
    if (!cas.ok) throw new Error(cas.error.message);
    const verdict = h.lab.verify(toPem('CERTIFICATE', r.value.certificates[0]!), [cas.value[0]!], [cas.value[1]!]);
    expect(verdict.ok, verdict.output).toBe(true);
  });

  it('enrolls the real nRF91 %KEYGEN CSR (explicit NULL in its signature algorithm)', async () => {
    const der = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
    const r = await est({ url: h.server.url }).enroll({
      csrDer: der,
      csrPem: toPem('CERTIFICATE REQUEST', der),
      device: { id: v.keygen_csr_uuid_cn.expect.device_uuid },
      profile: { validityDays: 30, commonName: { mode: 'keep' } },
    });
    if (!r.ok) throw new Error(r.error.message);
    const subject = h.lab.run(['x509', '-noout', '-subject'], toPem('CERTIFICATE', r.value.certificates[0]!));
    expect(subject).toContain(v.keygen_csr_uuid_cn.expect.device_uuid);
  });

  it('a CSR the CA refuses comes back as "rejected" with the server\'s reason', async () => {
    const request = csr();
    const tampered = request.csrDer.slice();
    tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 0x01;
    const r = await est({ url: h.server.url }).enroll({ ...request, csrDer: tampered });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'rejected', status: 400 });
    expect(r.error.detail).toMatch(/bad CSR/);
  });

  it('a wrong path gives http-status 404 with a hint', async () => {
    const r = await est({ url: h.server.url.replace('/.well-known/est', '/est') }).caCertificates();
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
    // Below the 1 s the server asked to wait: KeyWire did not wait at all (not a timing goal).
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
