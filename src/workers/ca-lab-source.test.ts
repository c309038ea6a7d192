// The lab CA source over the crypto worker's own API (createCryptoApi with the memory store: the same code the
// worker runs, minus IndexedDB). Issued certificates verify with openssl against caCertificates(); worker refusals
// map to CA error codes; and openCaSource picks the right back end for each config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpensslLab } from '../pki/openssl-fixtures.ts';
import { toPem } from '../pki/pem.ts';
import { createCryptoApi } from './crypto-api.ts';
import { MemoryLabCaStore } from './lab-ca-store.ts';
import { LabCaSource, NO_LAB_CA, type LabCaClient } from '../ca/lab.ts';
import { openCaSource, isManualSource } from '../ca/factory.ts';
import { DEFAULT_CA_CONFIG } from '../ca/config.ts';
import { CaSecrets } from '../ca/secrets.ts';
import type { EnrollRequest } from '../ca/types.ts';

let lab: OpensslLab;
let n = 0;
beforeAll(() => {
  lab = new OpensslLab();
});
afterAll(() => lab?.cleanup());

function workerApi() {
  const api = createCryptoApi(new MemoryLabCaStore());
  const client: LabCaClient = {
    listCas: () => api.listCas(),
    exportCa: (id) => api.exportCa(id),
    issueCertificate: (id, csr, profile) => api.issueCertificate(id, csr, profile),
  };
  return { api, client };
}

function request(
  profile: EnrollRequest['profile'] = { validityDays: 30, commonName: { mode: 'keep' } },
): EnrollRequest {
  const key = lab.key(`l${++n}`, 'p256');
  const pem = lab.run(['req', '-new', '-key', key, '-subj', `/CN=lab-dev-${n}`]);
  return {
    csrDer: new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')),
    csrPem: pem,
    device: { id: `d${n}` },
    profile,
  };
}

describe('lab CA source', () => {
  it('without a lab CA: "not-configured" with the way out', async () => {
    const r = await LabCaSource.open(workerApi().client);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-configured', message: NO_LAB_CA } });
  });

  for (const withIntermediate of [false, true]) {
    it(`issues with the request's profile; openssl verifies it against caCertificates() (${withIntermediate ? 'root + issuing' : 'root only'})`, async () => {
      const { api, client } = workerApi();
      const created = await api.createCa({ name: 'Bench', curve: 'P-256', withIntermediate });
      if (!created.ok) throw new Error(created.error.message);
      const opened = await LabCaSource.open(client);
      if (!opened.ok) throw new Error(opened.error.message);
      // Names are not unique: the label carries the root's short fingerprint, the id the full ones.
      const short = created.value.rootFingerprint.slice(0, 8);
      expect(opened.value.label).toBe(`Lab CA "Bench" (${short})`);
      expect(opened.value.id).toBe(`lab:${created.value.rootFingerprint}/${created.value.fingerprint}`);
      const cas = await opened.value.caCertificates();
      if (!cas.ok) throw new Error(cas.error.message);
      expect(cas.value).toHaveLength(withIntermediate ? 2 : 1);
      const r = await opened.value.enroll(request({ validityDays: 7, commonName: { mode: 'custom', cn: 'bench-7' } }));
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value).toMatchObject({ format: 'der', caName: `Lab CA "Bench" (${short})` });
      expect(r.value.certificates).toHaveLength(withIntermediate ? 3 : 2);
      const leaf = toPem('CERTIFICATE', r.value.certificates[0]!);
      const verdict = lab.verify(leaf, cas.value.slice(0, -1), cas.value.slice(-1));
      expect(verdict.ok, verdict.output).toBe(true);
      expect(lab.run(['x509', '-noout', '-subject'], leaf)).toMatch(/CN ?= ?bench-7/);
    });
  }

  it('worker refusals become CA errors: bad CSR signature and bad profile ("lab-ca-failed"), CA gone ("not-configured")', async () => {
    const { api, client } = workerApi();
    const created = await api.createCa({ name: 'Refuser', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const source = await LabCaSource.open(client, { caId: created.value.id });
    if (!source.ok) throw new Error(source.error.message);
    const req = request();
    const tampered = req.csrDer.slice();
    tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 0x01;
    expect(await source.value.enroll({ ...req, csrDer: tampered })).toMatchObject({
      ok: false,
      error: { code: 'lab-ca-failed', detail: expect.stringMatching(/bad-csr-signature|malformed/) },
    });
    expect(await source.value.enroll(request({ validityDays: 0, commonName: { mode: 'keep' } }))).toMatchObject({
      ok: false,
      error: { code: 'lab-ca-failed', detail: 'bad-profile' },
    });
    await api.deleteCa(created.value.id);
    expect(await source.value.enroll(request())).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    expect(await source.value.caCertificates()).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    expect(await LabCaSource.open(client, { caId: created.value.id })).toMatchObject({
      ok: false,
      error: { code: 'not-configured' },
    });
  });
});

describe('openCaSource', () => {
  it('opens each kind from its config; bad settings are "not-configured"', async () => {
    const { api, client } = workerApi();
    await api.createCa({ name: 'Factory', curve: 'P-256', withIntermediate: false });
    const deps = { crypto: client, secrets: new CaSecrets(null) };
    const c = DEFAULT_CA_CONFIG;
    const labSource = await openCaSource(c, deps);
    expect(labSource.ok && labSource.value.kind).toBe('lab');
    const est = { ...c.est, url: 'http://127.0.0.1:7030' };
    // EST opens only once its CA certificates were confirmed for this address.
    expect(await openCaSource({ ...c, kind: 'est', est }, deps)).toMatchObject({
      ok: false,
      error: { code: 'ca-not-trusted' },
    });
    const pinned = [{ sha256: 'AB'.repeat(32), subject: 'CN=Root' }];
    const pinnedFor = 'http://127.0.0.1:7030/.well-known/est';
    const estSource = await openCaSource({ ...c, kind: 'est', est: { ...est, pinned, pinnedFor } }, deps);
    expect(estSource.ok && estSource.value.label).toBe('EST http://127.0.0.1:7030/.well-known/est');
    const signer = await openCaSource(
      { ...c, kind: 'http-signer', signer: { ...c.signer, url: 'https://s/sign' } },
      deps,
    );
    expect(signer.ok && signer.value.kind).toBe('http-signer');
    const manual = await openCaSource({ ...c, kind: 'manual' }, deps);
    expect(manual.ok && isManualSource(manual.value)).toBe(true);
    expect(await openCaSource({ ...c, kind: 'est' }, deps)).toMatchObject({
      ok: false,
      error: { code: 'not-configured' },
    });
    expect(await openCaSource({ ...c, kind: 'http-signer' }, deps)).toMatchObject({
      ok: false,
      error: { code: 'not-configured' },
    });
  });

  it('two lab CAs with the same name are two CAs: different ids and labels', async () => {
    const { api, client } = workerApi();
    const a = await api.createCa({ name: 'Twin', curve: 'P-256', withIntermediate: false });
    const b = await api.createCa({ name: 'Twin', curve: 'P-256', withIntermediate: false });
    if (!a.ok || !b.ok) throw new Error('create failed');
    const sa = await LabCaSource.open(client, { caId: a.value.id });
    const sb = await LabCaSource.open(client, { caId: b.value.id });
    if (!sa.ok || !sb.ok) throw new Error('open failed');
    expect(sa.value.id).not.toBe(sb.value.id);
    expect(sa.value.label).not.toBe(sb.value.label);
  });

  it('a back end whose code cannot be loaded (gone after a redeploy) is "load-failed", never a throw', async () => {
    const { client } = workerApi();
    const gone = () => import(/* @vite-ignore */ `./${'gone-after-redeploy'}.ts`);
    for (const kind of ['lab', 'est', 'http-signer', 'manual'] as const) {
      const r = await openCaSource(
        { ...DEFAULT_CA_CONFIG, kind },
        {
          crypto: client,
          secrets: new CaSecrets(null),
          backends: { [kind]: gone },
        },
      );
      expect(r, kind).toMatchObject({ ok: false, error: { code: 'load-failed', message: /Reload the page/ } });
    }
  });
});
