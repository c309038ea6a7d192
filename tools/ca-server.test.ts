// `npm run ca-server` as a real process on a free loopback port, driven by a standard EST client made of curl and
// Debian's openssl only (no KeyWire code on the client side): enrollment verified with `openssl verify`, Basic auth,
// 202 + Retry-After, bad CSRs refused with 400, CORS for allowed origins only, the CA kept on disk across restarts,
// --tls, and the deliberate --misissue modes caught by openssl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaServer, type RunningCaServer } from './ca-server-testing.ts';

const work = mkdtempSync(join(tmpdir(), 'kw-est-client-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

function sh(script: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${script}`], { cwd: work, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh P-256 key and its CSR (DER file); returns the file stem. */
function newCsr(cn = `device-${++n}`): string {
  const stem = `csr${++n}`;
  const r = sh(
    `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ${stem}.key -subj /CN=${cn} ` +
      `-outform DER -out ${stem}.der`,
  );
  expect(r.status, r.stderr).toBe(0);
  return stem;
}

/** POSTs the CSR as base64 with curl; returns the HTTP status line's code, headers and body file. */
function curlEnroll(url: string, stem: string, extra = ''): { code: number; headers: string; body: string } {
  const r = sh(
    `base64 ${stem}.der | curl -sS -D ${stem}.hdr -o ${stem}.body --data-binary @- ` +
      `-H 'Content-Type: application/pkcs10' ${extra} ${url}/simpleenroll`,
  );
  expect(r.status, r.stderr).toBe(0);
  const headers = readFileSync(join(work, `${stem}.hdr`), 'utf8');
  return {
    code: Number(/^HTTP\/[\d.]+ (\d+)/m.exec(headers)?.[1]),
    headers,
    body: readFileSync(join(work, `${stem}.body`), 'utf8'),
  };
}

function cacertsPem(url: string, file: string, curlExtra = ''): string {
  const r = sh(
    `curl -sSf ${curlExtra} ${url}/cacerts | base64 -d | openssl pkcs7 -inform DER -print_certs -out ${file}`,
  );
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(join(work, file), 'utf8');
}

/** The standard pipeline of the brief: openssl req | base64 | curl | base64 -d | openssl pkcs7 | openssl verify. */
function enrollAndVerify(url: string, curlExtra = ''): { verify: ReturnType<typeof sh>; stem: string } {
  const stem = newCsr();
  const r = sh(
    `base64 ${stem}.der | curl -sSf --data-binary @- -H 'Content-Type: application/pkcs10' ${curlExtra} ` +
      `${url}/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out ${stem}.crt`,
  );
  expect(r.status, r.stderr).toBe(0);
  cacertsPem(url, `${stem}.ca.pem`, curlExtra);
  return { verify: sh(`openssl verify -purpose sslclient -CAfile ${stem}.ca.pem ${stem}.crt`), stem };
}

describe('lab EST server with curl + openssl', () => {
  let server: RunningCaServer;
  beforeAll(async () => {
    server = await startCaServer({ args: ['--origin', 'http://127.0.0.1:4719'] });
  });
  afterAll(() => server?.stop());

  it('enrolls a CSR; the certificate verifies against /cacerts with openssl and keeps the CSR key and subject', async () => {
    const { verify, stem } = enrollAndVerify(server.url);
    expect(verify.stdout).toMatch(/: OK\s*$/);
    const certKey = sh(`openssl x509 -in ${stem}.crt -noout -pubkey`).stdout;
    const csrKey = sh(`openssl req -inform DER -in ${stem}.der -noout -pubkey`).stdout;
    expect(certKey).toBe(csrKey);
    expect(sh(`openssl x509 -in ${stem}.crt -noout -subject`).stdout).toMatch(/CN ?= ?device-\d+/);
    // The CA was created on first run with the key files readable by the owner only; issued copies are kept.
    expect(statSync(join(server.dir, 'issuing.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(server.dir, 'root.key')).mode & 0o777).toBe(0o600);
    expect(statSync(server.dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(server.dir, 'issued')).length).toBeGreaterThan(0);
    // One log line per request (stderr reaches us a moment after curl has its answer).
    const logged = () =>
      server.logs().some((l) => / POST \/\.well-known\/est\/simpleenroll 200 .*issued serial/.test(l));
    for (let i = 0; i < 100 && !logged(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(logged()).toBe(true);
  });

  it('serves /cacerts as base64 PKCS#7 with the issuing CA and the root whose fingerprint it printed', () => {
    const pem = cacertsPem(server.url, 'cacerts.pem');
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const fps = sh(
      `openssl crl2pkcs7 -nocrl -certfile cacerts.pem | openssl pkcs7 -print_certs | ` +
        `awk '/BEGIN/{f="c"++i".pem"} f{print > f}' && for f in c*.pem; do openssl x509 -in $f -noout -fingerprint -sha256; done`,
    ).stdout;
    expect(fps).toContain(server.rootFingerprint);
    expect(fps).toContain(server.issuingFingerprint);
  });

  it('accepts an RFC 7030 label segment in the path', () => {
    const pem = cacertsPem(`${server.url}/arbitraryLabel1`, 'label.pem');
    expect(pem).toContain('BEGIN CERTIFICATE');
    expect(enrollAndVerify(`${server.url}/arbitraryLabel1`).verify.stdout).toMatch(/: OK\s*$/);
  });

  it('refuses bad CSRs with 400 and a reason: garbage, a broken signature, a certificate instead of a CSR', () => {
    writeFileSync(join(work, 'garbage.der'), 'this is not a certificate request');
    const garbage = curlEnroll(server.url, 'garbage');
    expect(garbage.code).toBe(400);
    expect(garbage.body).toMatch(/bad CSR/);

    const stem = newCsr();
    const der = readFileSync(join(work, `${stem}.der`));
    der[der.length - 3] = der[der.length - 3]! ^ 0x01;
    writeFileSync(join(work, 'tampered.der'), der);
    const tampered = curlEnroll(server.url, 'tampered');
    expect(tampered.code).toBe(400);
    expect(tampered.body).toMatch(/signature does not verify|not valid DER|malformed/);

    sh(`openssl x509 -in cacerts.pem -outform DER -out cert.der`);
    const cert = curlEnroll(server.url, 'cert');
    expect(cert.code).toBe(400);
    expect(cert.body).toContain('certificate, not a CSR');

    const wrongType = sh(
      `base64 ${newCsr()}.der | curl -s -o /dev/null -w '%{http_code}' --data-binary @- ` +
        `-H 'Content-Type: text/plain' ${server.url}/simpleenroll`,
    );
    expect(wrongType.stdout).toBe('415');
  });

  it('CORS: allowed origin gets Allow-Origin and a preflight for Authorization/Content-Type; others get none', () => {
    const pre = sh(
      `curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: http://127.0.0.1:4719' ` +
        `-H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: authorization,content-type' ` +
        `-H 'Access-Control-Request-Private-Network: true' ${server.url}/simpleenroll`,
    ).stdout;
    expect(pre).toMatch(/^HTTP\/1.1 204/);
    expect(pre).toMatch(/access-control-allow-origin: http:\/\/127\.0\.0\.1:4719/i);
    expect(pre).toMatch(/access-control-allow-headers: .*Authorization.*Content-Type/i);
    expect(pre).toMatch(/access-control-allow-methods: .*POST/i);
    expect(pre).toMatch(/access-control-allow-private-network: true/i);

    const get = sh(`curl -s -D - -o /dev/null -H 'Origin: http://127.0.0.1:4719' ${server.url}/cacerts`).stdout;
    expect(get).toMatch(/^HTTP\/1.1 200/);
    expect(get).toMatch(/access-control-allow-origin: http:\/\/127\.0\.0\.1:4719/i);
    expect(get).toMatch(/access-control-expose-headers: .*Retry-After/i);

    for (const origin of ['http://evil.example', 'http://127.0.0.1:4720']) {
      const other = sh(`curl -s -D - -H 'Origin: ${origin}' ${server.url}/cacerts`).stdout;
      expect(other).toMatch(/^HTTP\/1.1 403/);
      expect(other).not.toMatch(/access-control-allow-origin/i);
      expect(other).toContain(`--origin ${origin}`);
      const otherPre = sh(
        `curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: ${origin}' -H 'Access-Control-Request-Method: POST' ` +
          `${server.url}/simpleenroll`,
      ).stdout;
      expect(otherPre).not.toMatch(/access-control-allow/i);
    }
    const none = sh(`curl -s -D - -o /dev/null ${server.url}/cacerts`).stdout;
    expect(none).not.toMatch(/access-control-allow-origin/i);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', () => {
    expect(sh(`curl -s -o /dev/null -w '%{http_code}' ${server.url}/serverkeygen`).stdout).toBe('404');
    expect(sh(`curl -s -o /dev/null -w '%{http_code}' ${server.url}/simpleenroll`).stdout).toBe('405');
    expect(sh(`curl -s -o /dev/null -w '%{http_code}' -X POST ${server.url}/cacerts`).stdout).toBe('405');
  });
});

describe('lab EST server options', () => {
  it('Basic auth (from the environment): required and refused without or with wrong credentials', async () => {
    const s = await startCaServer({ env: { KEYWIRE_CA_USER: 'bench', KEYWIRE_CA_PASSWORD: 's3cret pass' } });
    try {
      const none = curlEnroll(s.url, newCsr());
      expect(none.code).toBe(401);
      expect(none.headers).toMatch(/www-authenticate: Basic realm="KeyWire lab EST"/i);
      const wrong = curlEnroll(s.url, newCsr(), `-u 'bench:wrong'`);
      expect(wrong.code).toBe(401);
      expect(wrong.body).toContain('wrong user name or password');
      expect(enrollAndVerify(s.url, `-u 'bench:s3cret pass'`).verify.stdout).toMatch(/: OK\s*$/);
      // /cacerts needs no authentication (RFC 7030 §4.1.1).
      expect(sh(`curl -s -o /dev/null -w '%{http_code}' ${s.url}/cacerts`).stdout).toBe('200');
      // A value without ':' may be a password pasted as the user name: refused, and not logged in any form.
      const bare = curlEnroll(s.url, newCsr(), `-H 'Authorization: Basic ${btoa('Colonless-s3cret-9')}'`);
      expect(bare.code).toBe(401);
      // A token in the query string is not logged either.
      const withQuery = `curl -s -o /dev/null -w '%{http_code}' -X POST '${s.url}/simpleenroll?token=query-s3cret-7'`;
      expect(sh(withQuery).stdout).toBe('401');
      await expect.poll(() => s.logs().filter((l) => / 401 /.test(l)).length).toBe(4);
      const logs = s.logs().join('\n');
      expect(logs).toContain('refused credentials');
      expect(logs).toContain('/simpleenroll?…');
      expect(logs).not.toContain('s3cret');
      expect(logs).not.toContain('Colonless');
      expect(logs).not.toContain(btoa('Colonless-s3cret-9'));
    } finally {
      await s.stop();
    }
  });

  it('--pending 2: 202 + Retry-After for the first two tries of each CSR, then the certificate', async () => {
    const s = await startCaServer({ args: ['--pending', '2', '--retry-after', '3'] });
    try {
      const stem = newCsr();
      for (const attempt of [1, 2]) {
        const r = curlEnroll(s.url, stem);
        expect(r.code, `attempt ${attempt}`).toBe(202);
        expect(r.headers).toMatch(/^retry-after: 3\r?$/im);
      }
      expect(curlEnroll(s.url, stem).code).toBe(200);
      expect(curlEnroll(s.url, newCsr()).code).toBe(202);
    } finally {
      await s.stop();
    }
  });

  it('keeps its CA on disk: a restart on the same --dir loads the same CA', async () => {
    const dir = join(work, 'kept-ca');
    const first = await startCaServer({ dir });
    await first.stop();
    const second = await startCaServer({ dir });
    try {
      expect(second.rootFingerprint).toBe(first.rootFingerprint);
      expect(second.banner).toContain('(loaded)');
      expect(first.banner).toContain('(created now)');
    } finally {
      await second.stop();
    }
  });

  it('--tls: HTTPS with a server certificate curl accepts when it trusts root.pem', async () => {
    const s = await startCaServer({ args: ['--tls'] });
    try {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
      const root = join(s.dir, 'root.pem');
      expect(enrollAndVerify(s.url, `--cacert ${root}`).verify.stdout).toMatch(/: OK\s*$/);
      expect(sh(`curl -sS -o /dev/null ${s.url}/cacerts`).status).not.toBe(0);
    } finally {
      await s.stop();
    }
  });

  it('refuses to start on bad options, saying which', () => {
    const r = spawnSync(join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx'), [
      join(import.meta.dirname, 'ca-server.ts'),
      '--misissue',
      'sometimes',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toContain('--misissue must be one of other-key, expired, wrong-chain');
  });
});

describe('lab EST server --misissue (test-only defects) is caught by openssl', () => {
  const cases = [
    { mode: 'other-key', check: 'key' },
    { mode: 'expired', check: /certificate has expired/ },
    { mode: 'wrong-chain', check: /certificate signature failure|unable to get local issuer|self.signed/ },
  ] as const;
  for (const c of cases) {
    it(c.mode, async () => {
      const s = await startCaServer({ args: ['--misissue', c.mode] });
      try {
        expect(s.banner).toContain('WRONG certificates on purpose');
        const { verify, stem } = enrollAndVerify(s.url);
        if (c.check === 'key') {
          expect(verify.stdout).toMatch(/: OK\s*$/);
          const certKey = sh(`openssl x509 -in ${stem}.crt -noout -pubkey`).stdout;
          const csrKey = sh(`openssl req -inform DER -in ${stem}.der -noout -pubkey`).stdout;
          expect(certKey).not.toBe(csrKey);
        } else {
          expect(verify.status).not.toBe(0);
          expect(verify.stdout + verify.stderr).toMatch(c.check);
        }
      } finally {
        await s.stop();
      }
    });
  }
});
