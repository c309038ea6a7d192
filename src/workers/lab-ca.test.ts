// Lab CA in Node (memory store, same code as the worker's IndexedDB one): issued certificates verify with
// `openssl verify` against the exported CA; broken CSRs are refused; imported keys must match their certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LabCa } from './lab-ca.ts';
import { MemoryLabCaStore } from './lab-ca-store.ts';
import { OpensslLab } from '../pki/openssl-fixtures.ts';
import { inspectInput } from '../pki/inspect.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { splitDottedPayload } from '../pki/nrf91-cose.ts';
import type { IssueProfile } from '../pki/crypto-types.ts';

let lab: OpensslLab;
beforeAll(() => {
  lab = new OpensslLab();
});
afterAll(() => lab?.cleanup());

const profile: IssueProfile = { validityDays: 365, commonName: { mode: 'keep' } };

function opensslCsr(name: string, key: 'p256' | 'p384' | 'rsa2048' | 'rsa1024', subj = `/CN=${name}`): string {
  const k = lab.key(name, key);
  lab.run(['req', '-new', '-key', k, '-subj', subj, '-out', lab.path(`${name}.csr`)]);
  return readFileSync(lab.path(`${name}.csr`), 'utf8');
}

describe('lab CA issues certificates openssl accepts', () => {
  const table = [
    { name: 'P-256 root only, P-256 CSR', curve: 'P-256', withIntermediate: false, key: 'p256' },
    { name: 'P-384 root + intermediate, P-256 CSR', curve: 'P-384', withIntermediate: true, key: 'p256' },
    { name: 'P-256 root + intermediate, P-384 CSR', curve: 'P-256', withIntermediate: true, key: 'p384' },
    { name: 'P-256 root only, RSA-2048 CSR', curve: 'P-256', withIntermediate: false, key: 'rsa2048' },
  ] as const;
  for (const t of table) {
    it(t.name, async () => {
      const ca = new LabCa(new MemoryLabCaStore());
      const created = await ca.create({ name: 'Bench', curve: t.curve, withIntermediate: t.withIntermediate });
      if (!created.ok) throw new Error(created.error.message);
      const issued = await ca.issue(created.value.id, opensslCsr(`dev-${t.key}-${t.curve}`, t.key), {
        ...profile,
        keyAgreement: true,
      });
      if (!issued.ok) throw new Error(issued.error.message);
      const exported = await ca.exportCertificate(created.value.id);
      if (!exported.ok) throw new Error(exported.error.message);
      const inter = exported.value.pem.replace(exported.value.rootPem, '');
      const verdict = lab.verify(issued.value.leafPem, inter ? [inter] : [], [exported.value.rootPem]);
      expect(verdict.ok, verdict.output).toBe(true);
      const text = lab.run(['x509', '-noout', '-text'], issued.value.leafPem);
      expect(text).toContain('TLS Web Client Authentication');
      expect(text).toMatch(/Digital Signature, Key Agreement/);
      expect(text).toContain('X509v3 Subject Key Identifier');
      expect(text).toContain('X509v3 Authority Key Identifier');
      expect(issued.value.serialHex).toMatch(/^[4-7][0-9A-F]{31}$/);
      expect(issued.value.chainDer.length).toBe(t.withIntermediate ? 2 : 1);
    });
  }

  it('issues for the real nRF91 CSR (explicit NULL parameter) with the CN replaced by the device UUID', async () => {
    const ca = new LabCa(new MemoryLabCaStore());
    const created = await ca.create({ name: 'nRF', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const csr = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
    const uuid = v.keygen_csr_uuid_cn.expect.device_uuid.toUpperCase();
    const issued = await ca.issue(created.value.id, csr, {
      validityDays: 30,
      commonName: { mode: 'device-uuid', uuid },
    });
    if (!issued.ok) throw new Error(issued.error.message);
    expect(issued.value.subject).toBe(`CN=${uuid.toLowerCase()}`);
    const exported = await ca.exportCertificate(created.value.id);
    expect(exported.ok && lab.verify(issued.value.leafPem, [], [exported.value.rootPem]).ok).toBe(true);
    const inspected = await inspectInput(issued.value.leafPem);
    const cert = inspected.ok ? inspected.value.objects[0] : null;
    expect(cert?.kind === 'certificate' && cert.key.spkiPem).toBe(v.keygen_csr_uuid_cn.public_key_pem);
  });

  it('refuses a CSR whose signature is broken', async () => {
    const ca = new LabCa(new MemoryLabCaStore());
    const created = await ca.create({ name: 'Strict', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const csr = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first.slice();
    csr[csr.length - 5]! ^= 0x10;
    const r = await ca.issue(created.value.id, csr, profile);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad-csr-signature');
  });

  it('profile rules: bad IMEI, empty custom CN, validity out of range, weak RSA key', async () => {
    const ca = new LabCa(new MemoryLabCaStore());
    const created = await ca.create({ name: 'Rules', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const csr = opensslCsr('rules', 'p256');
    const cases = [
      { p: { validityDays: 30, commonName: { mode: 'imei', imei: '490154203237519' } }, code: 'bad-profile' },
      { p: { validityDays: 30, commonName: { mode: 'custom', cn: '  ' } }, code: 'bad-profile' },
      { p: { validityDays: 0, commonName: { mode: 'keep' } }, code: 'bad-profile' },
    ] as const;
    for (const c of cases) {
      const r = await ca.issue(created.value.id, csr, c.p as IssueProfile);
      expect(r.ok ? 'ok' : r.error.code).toBe(c.code);
    }
    const good = await ca.issue(created.value.id, csr, {
      validityDays: 30,
      commonName: { mode: 'imei', imei: '490154203237518' },
    });
    expect(good.ok && good.value.subject).toBe('CN=490154203237518');
    const weak = await ca.issue(created.value.id, opensslCsr('weak', 'rsa1024'), profile);
    expect(weak.ok ? 'ok' : weak.error.code).toBe('unsupported-algorithm');
  });

  it('imports an openssl CA (PKCS#8 and SEC1 keys), refuses a key of another CA and non-CA certificates', async () => {
    const root = lab.root('importRoot');
    const other = lab.root('otherRoot');
    const leaf = lab.issue('importLeaf', root);
    const ca = new LabCa(new MemoryLabCaStore());
    const pkcs8 = readFileSync(root.keyPath, 'utf8');
    const sec1 = lab.run(['ec', '-in', root.keyPath, '-outform', 'PEM']);
    for (const key of [pkcs8, sec1]) {
      const r = await ca.import({ name: 'Imported', certificate: root.pem, privateKey: key });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.fingerprint).toBe(r.value.rootFingerprint);
      const issued = await ca.issue(r.value.id, opensslCsr(`imp-${key.length}`, 'p256'), profile);
      expect(issued.ok && lab.verify(issued.value.leafPem, [], [root.pem]).ok).toBe(true);
    }
    const wrong = await ca.import({
      name: 'Wrong',
      certificate: root.pem,
      privateKey: readFileSync(other.keyPath, 'utf8'),
    });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('ca-key-mismatch');
    const notCa = await ca.import({
      name: 'Leaf',
      certificate: leaf.pem,
      privateKey: readFileSync(leaf.keyPath, 'utf8'),
    });
    expect(notCa.ok ? 'ok' : notCa.error.code).toBe('ca-key-mismatch');
  });

  it('lists, selects and deletes CAs by id with names and fingerprints', async () => {
    const ca = new LabCa(new MemoryLabCaStore());
    const a = await ca.create({ name: 'First', curve: 'P-256', withIntermediate: false });
    const b = await ca.create({ name: 'Second', curve: 'P-384', withIntermediate: true });
    if (!a.ok || !b.ok) throw new Error('create failed');
    expect(a.value.selected).toBe(true);
    await ca.select(b.value.id);
    const list = await ca.list();
    expect(list.ok && list.value.map((c) => [c.name, c.selected, c.hasIntermediate])).toEqual([
      ['First', false, false],
      ['Second', true, true],
    ]);
    expect(list.ok && list.value[1]!.fingerprint).not.toBe(list.ok && list.value[1]!.rootFingerprint);
    expect((await ca.delete(b.value.id)).ok).toBe(true);
    const gone = await ca.issue(b.value.id, opensslCsr('gone', 'p256'), profile);
    expect(gone.ok ? 'ok' : gone.error.code).toBe('ca-not-found');
  });
});
