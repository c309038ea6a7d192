// Check before writing during a CA key rollover: the root to write is chosen by key identifier and verifying
// signature up to a self-signed root, not by name (old root, new root and link certificates share one name).
import { beforeAll, describe, expect, it } from 'vitest';
import { testCa, type TestCa } from './test-certs.ts';
import { checkBeforeWrite } from './write-check.ts';
import { issuing, leaf, request, root, setUpWriteCheckLab } from './testing/write-check-lab.ts';

setUpWriteCheckLab();

describe('during a CA key rollover (old root, new root and link certificates share one name)', () => {
  let oldRoot: TestCa;
  let newRoot: TestCa;
  let newWithOld: TestCa;
  let oldWithNew: TestCa;
  let newIssuing: TestCa;
  beforeAll(async () => {
    oldRoot = await testCa('Rollover Root');
    newRoot = await testCa('Rollover Root');
    newWithOld = await testCa('Rollover Root', oldRoot, Date.now(), newRoot); // new key, signed by the old one
    oldWithNew = await testCa('Rollover Root', newRoot, Date.now(), oldRoot); // old key, signed by the new one
    newIssuing = await testCa('Rollover Issuing', newRoot);
  });
  const caCert = (r: { ok: true; value: { writes: readonly { kind: string; content: string }[] } }) =>
    r.value.writes.find((w) => w.kind === 'caCert')?.content;

  it('writes the self-signed root whose key signed the issuing CA, not a link certificate or the old root', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => newIssuing), newIssuing.der],
        caCertificates: [oldWithNew.pem, oldRoot.pem, newWithOld.pem, newRoot.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(true);
    expect(caCert(r)).toBe(newRoot.pem);
    expect(r.value.anchorPem).toBe(newRoot.pem);
  });

  it('replaces a link certificate the path ended at with the self-signed root of the same key', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => newRoot)],
        caCertificates: [newWithOld.pem, oldWithNew.pem, oldRoot.pem, newRoot.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(true);
    expect(caCert(r)).toBe(newRoot.pem);
    expect(r.value.intermediatesPem).toEqual([]);
  });

  it('with an issuing CA among the CA certificates, climbs by key to the root that signed it', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => newIssuing)],
        caCertificates: [newIssuing.pem, oldWithNew.pem, newWithOld.pem, oldRoot.pem, newRoot.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(caCert(r)).toBe(newRoot.pem);
    expect(r.value.intermediatesPem).toEqual([newIssuing.pem]);
  });
});
