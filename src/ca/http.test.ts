// Where credentials may go: https anywhere, plain http only to this computer (it never crosses a network). The
// exchanges themselves (redirects refused with credentials, followed without) run against loopback servers here and
// in est.test.ts / http-signer.test.ts.
import { describe, expect, it } from 'vitest';
import { serveHttp } from './testing/node-server.ts';
import { credentialsTransportProblem, httpExchange, isLoopbackHost } from './http.ts';

describe('credentials transport: https, or plain http to this computer only', () => {
  const table: { url: string; allowed: boolean }[] = [
    { url: 'https://ca.example.com/.well-known/est', allowed: true },
    { url: 'https://10.0.0.5:8443/sign', allowed: true },
    { url: 'http://127.0.0.1:7030/.well-known/est', allowed: true },
    { url: 'http://127.255.0.9/sign', allowed: true },
    { url: 'http://localhost:7030', allowed: true },
    { url: 'http://LOCALHOST:7030', allowed: true },
    { url: 'http://[::1]:7030', allowed: true },
    { url: 'http://ca.example.com', allowed: false },
    { url: 'http://10.0.0.5:7030', allowed: false },
    { url: 'http://192.168.1.20/sign', allowed: false },
    { url: 'http://128.0.0.1', allowed: false },
    { url: 'http://localhost.example.com', allowed: false },
    { url: 'http://127.0.0.1.example.com', allowed: false },
    { url: 'http://[::2]', allowed: false },
    { url: 'ftp://127.0.0.1', allowed: false },
  ];
  for (const t of table)
    it(`${t.url}: ${t.allowed ? 'allowed' : 'refused'}`, () => {
      const problem = credentialsTransportProblem(t.url);
      expect(problem === null).toBe(t.allowed);
      if (problem) expect(problem).toMatch(/https/);
    });

  it('names loopback hosts as URL.hostname spells them', () => {
    expect(['127.0.0.1', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['::1', '10.0.0.1', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});

describe('httpExchange and redirects', () => {
  it('without credentials a redirect is followed; with them it is refused before anything is sent on', async () => {
    const target = await serveHttp((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('here');
    });
    const hop = await serveHttp((_req, res) => {
      res.writeHead(301, { Location: `${target.url}/moved` });
      res.end();
    });
    try {
      const plain = await httpExchange(`${hop.url}/a`, { method: 'GET' }, { timeoutMs: 5000 });
      expect(plain.ok && plain.value.status).toBe(200);
      expect(target.requests).toHaveLength(1);
      const withCreds = await httpExchange(
        `${hop.url}/a`,
        { method: 'GET', headers: { Authorization: 'Bearer t' }, credentials: true },
        { timeoutMs: 5000 },
      );
      expect(withCreds).toMatchObject({ ok: false, error: { code: 'http-status', status: 301 } });
      expect(target.requests).toHaveLength(1);
    } finally {
      await hop.close();
      await target.close();
    }
  });

  it('with credentials, a plain-http address of another computer is refused without a request', async () => {
    const r = await httpExchange(
      'http://ca.example.invalid/x',
      { method: 'POST', credentials: true, headers: { Authorization: 'Basic eDp5' } },
      { timeoutMs: 1000, fetch: () => Promise.reject(new Error('must not be called')) },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'not-configured', message: /https/ } });
  });
});
