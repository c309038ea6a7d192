// The generic HTTP signer against a node:http signer on loopback that really signs with Debian's openssl and
// answers in every accepted form: PEM (leaf + chain), JSON with configured fields (PEM or base64 DER, nested),
// JSON auto-detected, PKCS#7 DER and base64. Requests are checked as the signer receives them (PEM with
// application/pkcs10 or text/plain, JSON with extra static fields, the credential header). Errors: every code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { OpensslLab, type Issued } from '../pki/openssl-fixtures.ts';
import { toPem } from '../pki/pem.ts';
import { closedPort, serveHttp, type TestServer } from './testing/node-server.ts';
import { DEFAULT_CA_CONFIG, type HttpSignerSettings } from './config.ts';
import { HttpSignerSource, signerProblems } from './http-signer.ts';
import { CaSecrets } from './secrets.ts';
import type { EnrollRequest } from './types.ts';

let lab: OpensslLab;
let root: Issued;
let signer: TestServer;
let n = 0;

/** Signs the CSR PEM with openssl; returns the leaf PEM. */
function sign(csrPem: string): string {
  const i = ++n;
  writeFileSync(lab.path(`in${i}.csr`), csrPem);
  lab.run(
    ['x509', '-req', '-in', lab.path(`in${i}.csr`), '-CA', root.certPath, '-CAkey', root.keyPath].concat([
      '-days',
      '30',
      '-out',
      lab.path(`out${i}.pem`),
    ]),
  );
  return readFileSync(lab.path(`out${i}.pem`), 'utf8');
}

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

function pkcs7(leafPem: string): Buffer {
  const i = ++n;
  writeFileSync(lab.path(`p${i}.pem`), leafPem);
  lab.run(
    ['crl2pkcs7', '-nocrl', '-certfile', lab.path(`p${i}.pem`), '-certfile', root.certPath, '-outform', 'DER'].concat([
      '-out',
      lab.path(`p${i}.p7b`),
    ]),
  );
  return readFileSync(lab.path(`p${i}.p7b`));
}

beforeAll(async () => {
  lab = new OpensslLab();
  root = lab.root('Signer Root');
  signer = await serveHttp((req, res) => {
    const json = /json/.test(req.headers['content-type'] ?? '');
    const csrPem = json ? ((JSON.parse(req.body) as Record<string, string>).csr ?? '') : req.body;
    const route = req.path.slice(1).split('?')[0]!;
    const reply = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (route === 'hang') return;
    if (route === '400') return reply(400, 'application/json', '{"message":"CN not allowed by policy"}');
    if (route === '401') return reply(401, 'text/plain', 'who are you?');
    if (route === '500') return reply(500, 'text/plain', 'signer down');
    if (route === '202') return reply(202, 'text/plain', 'queued');
    if (route === 'html') return reply(200, 'text/html', '<html>Sign in</html>');
    if (route === 'queued') return reply(200, 'application/json', '{"status":"queued","id":4}');
    const leaf = sign(csrPem);
    if (route === 'pem') return reply(200, 'application/x-pem-file', leaf + root.pem);
    if (route === 'json')
      return reply(200, 'application/json', JSON.stringify({ certificate: leaf, chain: [root.pem] }));
    if (route === 'json-nested')
      return reply(
        200,
        'application/json',
        JSON.stringify({ data: { cert: der(leaf).toString('base64'), ca: root.pem } }),
      );
    if (route === 'json-auto')
      return reply(200, 'text/plain', JSON.stringify({ id: 1, result: { leaf, issuers: [root.pem] } }));
    if (route === 'p7-der') return reply(200, 'application/pkcs7-mime', pkcs7(leaf));
    if (route === 'p7-b64') return reply(200, 'application/pkcs7-mime', pkcs7(leaf).toString('base64'));
    return reply(404, 'text/plain', 'no route');
  });
});
afterAll(async () => {
  await signer?.close();
  lab?.cleanup();
});

function request(): EnrollRequest {
  const key = lab.key(`dev${++n}`, 'p256');
  const pem = lab.run(['req', '-new', '-key', key, '-subj', `/CN=signer-dev-${n}`]);
  return {
    csrDer: new Uint8Array(der(pem)),
    csrPem: pem,
    device: { id: `dev-${n}` },
    profile: { validityDays: 30, commonName: { mode: 'keep' } },
  };
}

function source(patch: Partial<HttpSignerSettings>, secret = ''): HttpSignerSource {
  const secrets = new CaSecrets(null);
  if (secret) secrets.set('signer.header', secret);
  const r = HttpSignerSource.create(
    { ...DEFAULT_CA_CONFIG.signer, authHeader: '', caPem: root.pem, ...patch },
    { secrets },
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The leaf must carry the CSR's key: compared by openssl's view of both. */
function sameKey(req: EnrollRequest, leafDer: Uint8Array): boolean {
  const a = lab.run(['req', '-noout', '-pubkey'], req.csrPem);
  const b = lab.run(['x509', '-noout', '-pubkey'], toPem('CERTIFICATE', leafDer));
  return a === b;
}

describe('HTTP signer: answer forms', () => {
  const cases: { name: string; patch: Partial<HttpSignerSettings>; count: number; format: string }[] = [
    { name: 'PEM leaf + chain', patch: { url: '/pem', response: 'pem', request: 'text-pem' }, count: 2, format: 'pem' },
    {
      name: 'JSON, configured fields',
      patch: { url: '/json', response: 'json', certificateField: 'certificate', chainField: 'chain' },
      count: 2,
      format: 'json',
    },
    {
      name: 'JSON, nested fields, base64 DER leaf',
      patch: { url: '/json-nested', certificateField: 'data.cert', chainField: 'data.ca' },
      count: 2,
      format: 'json',
    },
    {
      name: 'JSON, PEM found automatically (served as text/plain)',
      patch: { url: '/json-auto' },
      count: 2,
      format: 'json',
    },
    {
      name: 'PKCS#7 DER',
      patch: { url: '/p7-der', response: 'pkcs7', request: 'pkcs10-pem' },
      count: 2,
      format: 'pkcs7',
    },
    { name: 'PKCS#7 base64, automatic', patch: { url: '/p7-b64' }, count: 2, format: 'pkcs7' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const req = request();
      const r = await source({ ...c.patch, url: `${signer.url}${c.patch.url}` }).enroll(req);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.certificates).toHaveLength(c.count);
      expect(r.value.format).toBe(c.format);
      expect(sameKey(req, r.value.certificates[0]!)).toBe(true);
      const verdict = lab.verify(toPem('CERTIFICATE', r.value.certificates[0]!), [], [root.pem], { purpose: 'any' });
      expect(verdict.ok, verdict.output).toBe(true);
    });
  }
});

describe('HTTP signer: the request as the signer sees it', () => {
  it('JSON with the CSR field, extra static fields and the credential header', async () => {
    const req = request();
    const r = await source(
      {
        url: `${signer.url}/json`,
        csrField: 'csr',
        extraJson: '{"profile":"iot-client","days":30}',
        authHeader: 'X-API-Key',
      },
      'k-123',
    ).enroll(req);
    expect(r.ok).toBe(true);
    const seen = signer.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-api-key']).toBe('k-123');
    expect(JSON.parse(seen.body)).toEqual({ profile: 'iot-client', days: 30, csr: req.csrPem });
  });

  it('PEM as application/pkcs10 or text/plain', async () => {
    for (const [format, type] of [
      ['pkcs10-pem', 'application/pkcs10'],
      ['text-pem', 'text/plain'],
    ] as const) {
      const r = await source({ url: `${signer.url}/pem`, request: format }).enroll(request());
      expect(r.ok).toBe(true);
      const seen = signer.requests.at(-1)!;
      expect(seen.headers['content-type']).toBe(type);
      expect(seen.body).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    }
  });

  it('the CA certificates are the pasted ones, never taken from an answer', async () => {
    const r = await source({ url: `${signer.url}/pem` }).caCertificates();
    expect(r).toEqual({ ok: true, value: [root.pem] });
    const none = await source({ url: `${signer.url}/pem`, caPem: '' }).caCertificates();
    expect(none.ok || none.error.code).toBe('not-configured');
    const csrPasted = await source({ url: `${signer.url}/pem`, caPem: request().csrPem }).caCertificates();
    expect(csrPasted.ok || csrPasted.error.message).toMatch(/not usable: .*CSR/);
  });
});

describe('HTTP signer: every error code', () => {
  const cases: { name: string; path: string; patch?: Partial<HttpSignerSettings>; code: string; says: RegExp }[] = [
    {
      name: '400 with a JSON reason',
      path: '/400',
      code: 'rejected',
      says: /refused the request \(400\): CN not allowed by policy/,
    },
    { name: '401', path: '/401', code: 'unauthorized', says: /credentials/ },
    { name: '500', path: '/500', code: 'http-status', says: /HTTP 500: signer down/ },
    { name: '202 (held for later)', path: '/202', code: 'http-status', says: /use EST/ },
    { name: 'an HTML page', path: '/html', code: 'bad-response', says: /web page/ },
    {
      name: 'JSON without any certificate',
      path: '/queued',
      code: 'bad-response',
      says: /no PEM certificate in any field .*status, id/,
    },
    {
      name: 'JSON field missing',
      path: '/json',
      patch: { certificateField: 'cert' },
      code: 'bad-response',
      says: /no field "cert"/,
    },
    {
      name: 'PEM expected, PKCS#7 given',
      path: '/p7-der',
      patch: { response: 'pem' },
      code: 'bad-response',
      says: /expected PEM/,
    },
    { name: 'no answer in time', path: '/hang', patch: { timeoutSeconds: 1 }, code: 'timeout', says: /within 1 s/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await source({ url: `${signer.url}${c.path}`, ...c.patch }).enroll(request());
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(c.code);
      expect(r.error.message).toMatch(c.says);
    });
  }

  it('network: nothing listening', async () => {
    const port = await closedPort();
    const r = await source({ url: `http://127.0.0.1:${port}/sign` }).enroll(request());
    expect(r.ok || r.error.code).toBe('network');
  });

  it('aborted: the caller cancels while the signer hangs', async () => {
    const c = new AbortController();
    setTimeout(() => c.abort(), 100);
    const r = await source({ url: `${signer.url}/hang` }).enroll(request(), { signal: c.signal });
    expect(r.ok || r.error.code).toBe('aborted');
  });

  it('not-configured: header value missing, or settings that cannot work', async () => {
    const r = await source({ url: `${signer.url}/json`, authHeader: 'Authorization' }).enroll(request());
    expect(r.ok || r.error.code).toBe('not-configured');
    expect(signerProblems({ ...DEFAULT_CA_CONFIG.signer, url: 'nope' })).toContain(
      'Enter the signer address (https://...).',
    );
    expect(signerProblems({ ...DEFAULT_CA_CONFIG.signer, url: 'https://s', extraJson: '[1]' })[0]).toMatch(
      /JSON object/,
    );
    expect(signerProblems({ ...DEFAULT_CA_CONFIG.signer, url: 'https://s', extraJson: '{"csr":1}' })[0]).toMatch(
      /must not contain the CSR field/,
    );
    expect(signerProblems({ ...DEFAULT_CA_CONFIG.signer, url: 'https://s', authHeader: 'Cookie' })[0]).toMatch(
      /do not let a page set/,
    );
    expect(signerProblems({ ...DEFAULT_CA_CONFIG.signer, url: 'https://s', authHeader: 'Bad Header' })[0]).toMatch(
      /not a valid header name/,
    );
    const created = HttpSignerSource.create({ ...DEFAULT_CA_CONFIG.signer, url: '' }, { secrets: new CaSecrets(null) });
    expect(created.ok || created.error.code).toBe('not-configured');
  });
});

describe('HTTP signer: no credential in the address, labels or audit names', () => {
  it('refuses query parameters that look like credentials, pointing to the header field; keeps harmless ones', () => {
    const problems = (url: string) => signerProblems({ ...DEFAULT_CA_CONFIG.signer, authHeader: '', url });
    for (const name of ['token', 'access_token', 'key', 'code', 'sig', 'secret', 'password', 'apikey', 'api_key'])
      expect(problems(`https://s.example/sign?profile=iot&${name}=abc123`).join(' '), name).toMatch(
        new RegExp(`"${name}" in its query.*credential header field`),
      );
    expect(problems('https://s.example/sign?profile=iot&ttl=30')).toEqual([]);
    // The value itself is never repeated in the message.
    expect(problems('https://s.example/sign?token=Sup3rS3cretValue').join(' ')).not.toContain('Sup3rS3cretValue');
  });

  it('the label and the CA name are origin + path only', async () => {
    const s = source({ url: `${signer.url}/json?profile=iot#x` });
    expect(s.label).toBe(`HTTP signer ${signer.url}/json`);
    const r = await s.enroll(request());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.caName).toBe(`HTTP signer ${signer.url}/json`);
    expect(s.id).toMatch(new RegExp(`^http-signer:${signer.url}/json#[0-9A-F]{64}$`));
  });

  it('a credential-looking path segment is redacted from the label (the audit trail would refuse it)', () => {
    const token = 'AbCdEf0123456789GhIjKl0123456789MnOpQr9876';
    const s = source({ url: `https://signer.example/tenants/${token}/sign` });
    expect(s.label).toBe('HTTP signer https://signer.example/tenants/[redacted]/sign');
    expect(s.id).not.toContain(token);
  });
});

describe('HTTP signer: the header credential goes over https (or to this computer) and never follows a redirect', () => {
  it('a header credential to a plain-http address of another computer is a settings problem', () => {
    const problems = (url: string, authHeader = 'X-API-Key') =>
      signerProblems({ ...DEFAULT_CA_CONFIG.signer, url, authHeader });
    expect(problems('http://signer.example.com/sign').join(' ')).toMatch(/never sent over plain http.*https/);
    expect(problems('http://signer.example.com/sign', '')).toEqual([]);
    for (const url of [
      'https://signer.example.com/sign',
      'http://127.0.0.1:8080/sign',
      'http://127.8.9.10/sign',
      'http://localhost:8080/sign',
      'http://[::1]:8080/sign',
    ])
      expect(problems(url), url).toEqual([]);
  });

  it('a redirect is refused and the header value never reaches the other server', async () => {
    const elsewhere = await serveHttp((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('thanks');
    });
    const s = await serveHttp((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/sign?code=leak` });
      res.end();
    });
    try {
      const r = await source({ url: `${s.url}/sign`, authHeader: 'X-API-Key' }, 'key-never-forwarded').enroll(
        request(),
      );
      expect(r).toMatchObject({ ok: false, error: { code: 'http-status', message: /does not follow redirects/ } });
      if (!r.ok) expect(JSON.stringify(r.error)).not.toContain('leak');
      expect(s.requests[0]!.headers['x-api-key']).toBe('key-never-forwarded');
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await s.close();
      await elsewhere.close();
    }
  });
});
