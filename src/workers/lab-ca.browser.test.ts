// The lab CA in real Chromium: its private key is a non-extractable CryptoKey in IndexedDB. exportKey rejects,
// key.extractable is false, and both still hold after the database is closed and reopened (a reload) and after
// the worker is replaced; an imported PKCS#8 key becomes non-extractable too.
import { afterAll, describe, expect, it } from 'vitest';
import { CryptoClient } from './crypto-client.ts';
import { IdbLabCaStore, LAB_CA_DB } from './lab-ca-store.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { encodeName } from '../pki/csr-build.ts';
import { certExtensions, keyIdentifier, randomSerial, signTbs, tbsCertificate } from '../pki/cert-build.ts';
import { toPem } from '../pki/pem.ts';
import { OID } from '../pki/oids.ts';

const client = new CryptoClient();
afterAll(() => client.close());
const csr = v.keygen_csr_uuid_cn.response_payload.split('.')[0]!;

async function expectNonExtractable(key: CryptoKey): Promise<void> {
  expect(key.extractable).toBe(false);
  expect(key.type).toBe('private');
  for (const format of ['pkcs8', 'jwk'] as const) {
    await expect(crypto.subtle.exportKey(format, key)).rejects.toThrow();
  }
}

describe('lab CA key custody (Chromium, IndexedDB)', () => {
  it('a created CA key is non-extractable and survives a reopen of the database and a new worker', async () => {
    const created = await client.createCa({ name: 'Custody', curve: 'P-256', withIntermediate: true });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;

    const store = new IdbLabCaStore(LAB_CA_DB);
    const record = await store.get(id);
    expect(record).toBeDefined();
    await expectNonExtractable(record!.key);
    await store.close();

    const reopened = new IdbLabCaStore(LAB_CA_DB);
    const again = await reopened.get(id);
    await expectNonExtractable(again!.key);
    // The reloaded key still signs, and the signature verifies with the issuing CA certificate's key.
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, again!.key, new Uint8Array([1, 2, 3]));
    expect(sig.byteLength).toBe(64);
    await reopened.close();

    client.close();
    const fresh = new CryptoClient();
    const issued = await fresh.issueCertificate(id, csr, { validityDays: 10, commonName: { mode: 'keep' } });
    expect(issued.ok).toBe(true);
    const exported = await fresh.exportCa(id);
    expect(exported.ok && exported.value.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(exported.ok && exported.value.pem).not.toMatch(/PRIVATE/);
    expect((await fresh.deleteCa(id)).ok).toBe(true);
    fresh.close();
  });

  it('an imported PKCS#8 key (extractable where it came from) is stored non-extractable', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const name = encodeName([{ oid: OID.commonName, value: 'Imported Root' }]);
    const ski = keyIdentifier(spki.subarray(spki.length - 97));
    const now = Date.now();
    const tbs = tbsCertificate({
      serial: randomSerial(),
      curve: 'P-384',
      issuerDer: name,
      subjectDer: name,
      spkiDer: spki,
      notBefore: now - 60_000,
      notAfter: now + 86_400_000 * 30,
      extensions: certExtensions({ ca: true, keyUsage: ['keyCertSign', 'cRLSign'], subjectKeyId: ski }),
    });
    const cert = await signTbs(tbs, 'P-384', keys.privateKey);
    const imported = await client.importCa({
      name: 'Imported',
      certificate: toPem('CERTIFICATE', cert),
      privateKey: toPem('PRIVATE KEY', pkcs8),
    });
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.value.origin).toBe('imported');
    const store = new IdbLabCaStore(LAB_CA_DB);
    await expectNonExtractable((await store.get(imported.value.id))!.key);
    await store.close();
    const issued = await client.issueCertificate(imported.value.id, csr, {
      validityDays: 5,
      commonName: { mode: 'custom', cn: 'bench-7' },
    });
    expect(issued.ok && issued.value.subject).toBe('CN=bench-7');
    const listed = await client.listCas();
    expect(listed.ok && listed.value.some((c) => c.id === imported.value.id && c.curve === 'P-384')).toBe(true);
    await client.deleteCa(imported.value.id);
  });

  it('a CSR with a broken signature is refused through the worker', async () => {
    const created = await client.createCa({ name: 'Refuse', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const der = Uint8Array.from(atob(csr.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    der[der.length - 6]! ^= 0x20;
    const r = await client.issueCertificate(created.value.id, der, { validityDays: 10, commonName: { mode: 'keep' } });
    expect(r.ok ? 'ok' : r.error.code).toBe('bad-csr-signature');
    await client.deleteCa(created.value.id);
  });
});
