// Manual exchange: the CSR waits with a file name made from the device id; openssl signs it "offline" as a CA
// would; wrong input (CSR, private key, another board's certificate) is explained and the request keeps waiting;
// the right certificate in PEM, DER or PKCS#7 resolves enroll(); abort, cancel and a newer request end it cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { OpensslLab, type Issued } from '../pki/openssl-fixtures.ts';
import { ManualSource, csrFileName } from './manual.ts';
import type { EnrollRequest, EnrollStatus } from './types.ts';

let lab: OpensslLab;
let root: Issued;
let n = 0;

beforeAll(() => {
  lab = new OpensslLab();
  root = lab.root('Manual Root');
});
afterAll(() => lab?.cleanup());

function request(id = '352656100402182'): { req: EnrollRequest; key: string } {
  const key = lab.key(`m${++n}`, 'p256');
  const pem = lab.run(['req', '-new', '-key', key, '-subj', `/CN=${id}`]);
  const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  return {
    req: { csrDer: der, csrPem: pem, device: { id }, profile: { validityDays: 30, commonName: { mode: 'keep' } } },
    key,
  };
}

/** What a CA operator does with the downloaded CSR file. */
function signOffline(csrPem: string): { pem: string; der: Buffer; p7b: Buffer } {
  const i = ++n;
  writeFileSync(lab.path(`dl${i}.csr.pem`), csrPem);
  lab.run([
    'x509',
    '-req',
    '-in',
    lab.path(`dl${i}.csr.pem`),
    '-CA',
    root.certPath,
    '-CAkey',
    root.keyPath,
    '-days',
    '9',
    '-out',
    lab.path(`c${i}.pem`),
  ]);
  lab.run(['x509', '-in', lab.path(`c${i}.pem`), '-outform', 'DER', '-out', lab.path(`c${i}.der`)]);
  lab.run([
    'crl2pkcs7',
    '-nocrl',
    '-certfile',
    lab.path(`c${i}.pem`),
    '-certfile',
    root.certPath,
    '-outform',
    'DER',
    '-out',
    lab.path(`c${i}.p7b`),
  ]);
  return {
    pem: readFileSync(lab.path(`c${i}.pem`), 'utf8'),
    der: readFileSync(lab.path(`c${i}.der`)),
    p7b: readFileSync(lab.path(`c${i}.p7b`)),
  };
}

describe('manual exchange', () => {
  it('publishes the CSR under a file name with the device id and says it awaits an upload', async () => {
    const source = new ManualSource({ caPem: '' });
    const { req } = request('nrf-352656100402182');
    const statuses: EnrollStatus[] = [];
    let changes = 0;
    source.onChange(() => changes++);
    const done = source.enroll(req, { onStatus: (s) => statuses.push(s) });
    expect(statuses).toEqual([{ kind: 'awaiting-upload' }]);
    expect(source.pending).toMatchObject({
      deviceId: 'nrf-352656100402182',
      csrPem: req.csrPem,
      csrFileName: 'keywire-nrf-352656100402182.csr.pem',
    });
    expect(changes).toBe(1);
    source.cancel();
    expect(await done).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(source.pending).toBeNull();
  });

  for (const form of ['pem', 'der', 'p7b'] as const) {
    it(`resolves with the certificate signed offline, supplied as ${form.toUpperCase()}`, async () => {
      const source = new ManualSource({ caPem: '' });
      const { req } = request();
      const done = source.enroll(req);
      const signed = signOffline(source.pending!.csrPem);
      const input = form === 'pem' ? signed.pem : new Uint8Array(signed[form]);
      expect(source.supply(input)).toEqual({ ok: true, value: { certificates: form === 'p7b' ? 2 : 1 } });
      const r = await done;
      if (!r.ok) throw new Error(r.error.message);
      expect(Buffer.from(r.value.certificates[0]!).equals(signed.der)).toBe(true);
      expect(r.value.format).toBe(form === 'p7b' ? 'pkcs7' : form);
      expect(source.pending).toBeNull();
    });
  }

  it("explains wrong input and keeps waiting: the CSR itself, a private key, another board's certificate", async () => {
    const source = new ManualSource({ caPem: '' });
    const { req, key } = request();
    const done = source.enroll(req);
    expect(source.supply(req.csrPem)).toMatchObject({ ok: false, error: { code: 'csr' } });
    const keyPem = readFileSync(key, 'utf8');
    const refused = source.supply(keyPem);
    expect(refused).toMatchObject({ ok: false, error: { code: 'private-key', message: /It was not stored/ } });
    const other = signOffline(request().req.csrPem);
    expect(source.supply(other.pem)).toMatchObject({
      ok: false,
      error: { code: 'wrong-key', message: /another board/ },
    });
    expect(source.pending).not.toBeNull();
    expect(source.supply(signOffline(req.csrPem).pem).ok).toBe(true);
    expect((await done).ok).toBe(true);
  });

  it('accepts the same key encoded differently: a certificate whose SPKI holds the compressed point', async () => {
    const source = new ManualSource({ caPem: '' });
    const { req, key } = request();
    const done = source.enroll(req);
    const i = ++n;
    writeFileSync(lab.path(`z${i}.csr.pem`), req.csrPem);
    lab.run(['ec', '-in', key, '-pubout', '-conv_form', 'compressed', '-out', lab.path(`z${i}.pub.pem`)]);
    lab.run(
      ['x509', '-req', '-in', lab.path(`z${i}.csr.pem`), '-CA', root.certPath, '-CAkey', root.keyPath].concat([
        '-days',
        '9',
        '-force_pubkey',
        lab.path(`z${i}.pub.pem`),
        '-out',
        lab.path(`z${i}.pem`),
      ]),
    );
    const pem = readFileSync(lab.path(`z${i}.pem`), 'utf8');
    // The certificate really carries the compressed form (0x02/0x03 prefix), not the CSR's bytes.
    expect(lab.run(['x509', '-in', lab.path(`z${i}.pem`), '-noout', '-text'])).toMatch(/pub:\s+0[23]:/);
    expect(source.supply(pem)).toEqual({ ok: true, value: { certificates: 1 } });
    expect((await done).ok).toBe(true);
  });

  it('abort ends the wait; a newer request replaces an unanswered one; supply with nothing pending is explained', async () => {
    const source = new ManualSource({ caPem: '' });
    const c = new AbortController();
    const first = source.enroll(request().req, { signal: c.signal });
    c.abort();
    expect(await first).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(source.supply('x')).toMatchObject({ ok: false, error: { code: 'nothing-pending' } });
    const a = source.enroll(request().req);
    const b = source.enroll(request().req);
    expect(await a).toMatchObject({ ok: false, error: { code: 'aborted', message: /replaced/ } });
    expect(source.pending).not.toBeNull();
    source.cancel();
    expect((await b).ok).toBe(false);
    expect(await source.enroll(request().req, { signal: AbortSignal.abort() })).toMatchObject({
      ok: false,
      error: { code: 'aborted' },
    });
  });

  it('CA certificates come from the settings; missing or wrong ones are "not-configured"', async () => {
    expect(await new ManualSource({ caPem: root.pem }).caCertificates()).toEqual({ ok: true, value: [root.pem] });
    expect(await new ManualSource({ caPem: '' }).caCertificates()).toMatchObject({
      ok: false,
      error: { code: 'not-configured' },
    });
    expect(await new ManualSource({ caPem: 'junk' }).caCertificates()).toMatchObject({
      ok: false,
      error: { code: 'not-configured' },
    });
  });

  it('file names are safe for any device id', () => {
    expect(csrFileName('a/b\\c:d e')).toBe('keywire-a_b_c_d_e.csr.pem');
    expect(csrFileName('')).toBe('keywire-device.csr.pem');
  });
});
