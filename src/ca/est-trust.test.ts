// The EST client's trust and credential rules against real servers on loopback (`npm run ca-server` and small
// node:http servers): the CA certificates the user confirmed (RFC 7030 §4.1.1), credentials only over https or to
// this computer and never after a redirect, and Retry-After parsing.
import { describe, expect, it } from 'vitest';
import { startCaServer } from '../../tools/ca-server-testing.ts';
import { serveHttp } from './testing/node-server.ts';
import { EstSource, retryAfterSeconds } from './est.ts';
import { CaSecrets } from './secrets.ts';
import { confirmed, settings, useEstHarness } from './testing/est-harness.ts';

const h = useEstHarness();
const { csr, est, serveCacerts } = h;

describe('EST trust: the CA certificates the user confirmed (RFC 7030 §4.1.1)', () => {
  it('offered() reads /cacerts unverified, with the SHA-256 the server printed, for the user to compare', async () => {
    const r = await est({ url: h.server.url, pinned: [], pinnedFor: '' }).offered();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((c) => c.sha256.match(/../g)!.join(':'))).toEqual([
      h.server.issuingFingerprint,
      h.server.rootFingerprint,
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
    const r = await est({ ...confirmed(h.server, 'https://other.example'), url: h.server.url }).caCertificates();
    expect(r).toMatchObject({ ok: false, error: { code: 'ca-not-trusted' } });
  });

  it('a server whose CA changed is refused: no CSR is sent, nothing is issued', async () => {
    const impostor = await startCaServer();
    try {
      const source = est({ url: impostor.url, pinned: confirmed(h.server, impostor.url).pinned });
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
    const both = confirmed(h.server, h.server.url);
    const r = await est({ url: h.server.url, ...both, pinned: [...both.pinned, extra] }).caCertificates();
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
