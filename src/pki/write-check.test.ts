// "Check before writing" (the worker's checkBeforeWrite) beyond the table of CA answers (write-check-table.test.ts):
// the plan it reports, its words, which CA certificate it writes and when, and bad input as values. Sizes, command
// lengths, line endings and digests to the byte: write-check-plan.test.ts.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../lib/bytes.ts';
import { certExtensions, randomSerial, signTbs, tbsCertificate } from './cert-build.ts';
import { bitString, explicit, sequence, smallInteger } from './der.ts';
import { OID, OID_MORE } from './oids.ts';
import { toPem } from './pem.ts';
import { DAY, notACertificate, testCa } from './test-certs.ts';
import { checkBeforeWrite } from './write-check.ts';
import {
  board,
  CN,
  csr,
  expiredIssuing,
  issuing,
  leaf,
  NRF91,
  other,
  otherRoot,
  request,
  root,
  setUpWriteCheckLab,
} from './testing/write-check-lab.ts';

import type { WriteCheckRequest } from './write-check-types.ts';

setUpWriteCheckLab();

describe('checkBeforeWrite decides, with every finding', () => {
  it('approves exact PEM content with the SHA-256 and command length the board will see', async () => {
    const der = await leaf();
    const r = await checkBeforeWrite(await request({ certificates: [der], writeCaCertificate: true }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writes.map((w) => w.kind)).toEqual(['caCert', 'clientCert']);
    const [ca, client] = r.value.writes;
    expect(client!.content).toBe(toPem('CERTIFICATE', der));
    expect(ca!.content).toBe(root.pem);
    expect(client!.sha256).toBe(await sha256Hex(client!.content));
    expect(client!.commandChars).toBe(client!.content.length + NRF91.commandOverheadChars!.clientCert);
    expect(client!.content).not.toContain('\r');
    expect(r.value.leaf).toMatchObject({ commonName: CN, keyMatchesCsr: true, sha256: await sha256Hex(der) });
    expect(r.value.anchorPem).toBe(root.pem);
  });

  it('reports the leaf it checked, field by field, and when it checked', async () => {
    const der = await leaf({}, () => issuing);
    const at = Date.now();
    const r = await checkBeforeWrite(await request({ certificates: [issuing.der, der], at }));
    if (!r.ok) throw new Error(r.error.message);
    const l = r.value.leaf!;
    expect(l.pem).toBe(toPem('CERTIFICATE', der));
    expect(l.sha256).toBe(await sha256Hex(der));
    expect(l.serialHex).toMatch(/^[0-9A-F]+$/i);
    expect(l.subject).toBe(`CN=${CN}`);
    expect(l.commonName).toBe(CN);
    expect(l.issuer).toBe('O=KeyWire Tests, CN=Test Issuing');
    expect(Date.parse(l.notBefore)).toBeLessThan(at);
    expect(Date.parse(l.notAfter)).toBeGreaterThan(at + 300 * DAY);
    expect(l.notAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(l.spkiSha256).toMatch(/^[0-9a-f:]{64,}$/i);
    expect(l.keyMatchesCsr).toBe(true);
    expect(r.value.at).toBe(new Date(at).toISOString());
    expect(r.value.chainReport?.valid).toBe(true);
    expect(r.value.chainReport?.path.map((p) => p.role)).toEqual(['leaf', 'intermediate', 'anchor']);
  });

  it('for another key, explains the mismatch on the end-entity certificate, not on a CA certificate sent first', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [
          issuing.der,
          await leaf(
            { cn: 'other-board' },
            () => issuing,
            () => other,
          ),
        ],
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.leaf).toMatchObject({ commonName: 'other-board', keyMatchesCsr: false });
    expect(r.value.findings.find((f) => f.code === 'key-mismatch')?.certificate).toBe('CN=other-board');
  });

  it('names the empty key usage and the missing client purpose in plain words', async () => {
    const noBits = await checkBeforeWrite(await request({ certificates: [await leaf({ keyUsage: [] })] }));
    if (!noBits.ok) throw new Error(noBits.error.message);
    expect(noBits.value.findings.map((f) => f.message)).toEqual([
      'The key usage is empty; a TLS client needs digitalSignature.',
    ]);
    const server = await checkBeforeWrite(
      await request({ certificates: [await leaf({ eku: [OID.serverAuth, OID_MORE.codeSigning] })] }),
    );
    if (!server.ok) throw new Error(server.error.message);
    expect(server.value.findings.map((f) => f.message)).toEqual([
      'The certificate allows serverAuth, codeSigning, not TLS client authentication.',
    ]);
  });

  it('names which certificate, CA or client, takes too long a write command', async () => {
    const der = await leaf();
    const first = await checkBeforeWrite(await request({ certificates: [der], writeCaCertificate: true }));
    if (!first.ok) throw new Error(first.error.message);
    const shortest = Math.min(...first.value.writes.map((w) => w.commandChars!));
    const r = await checkBeforeWrite(
      await request({
        certificates: [der],
        writeCaCertificate: true,
        target: { ...NRF91, maxCommandChars: shortest - 1 },
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    const tooLong = r.value.findings.filter((f) => f.code === 'too-long');
    expect(tooLong.map((f) => [f.message.slice(0, 34), f.certificate])).toEqual([
      ['Writing the CA certificate takes a', 'O=KeyWire Tests, CN=Test Root'],
      ['Writing the client certificate tak', `CN=${CN}`],
    ]);
  });

  it('files the intermediate warning under the chain check and the missing EKU under usage', async () => {
    const verdicts = async (over: Partial<WriteCheckRequest>) => {
      const r = await checkBeforeWrite(await request(over));
      if (!r.ok) throw new Error(r.error.message);
      return Object.fromEntries(r.value.checks.map((c) => [c.id, c.verdict]));
    };
    expect(await verdicts({ certificates: [await leaf({}, () => issuing), issuing.der] })).toMatchObject({
      chain: 'warning',
      usage: 'passed',
    });
    expect(await verdicts({ certificates: [await leaf({ eku: null })] })).toMatchObject({
      chain: 'passed',
      usage: 'warning',
    });
  });

  it('with no certificate in the answer, plans no write and lists no chain', async () => {
    const r = await checkBeforeWrite(await request({ certificates: [notACertificate()], writeCaCertificate: true }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ writable: false, leaf: null, writes: [], intermediatesPem: [], anchorPem: null });
  });

  it('writes no CA certificate when the path reached no trust anchor', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuing), issuing.der],
        caCertificates: [otherRoot.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.anchorPem).toBeNull();
    expect(r.value.writes.map((w) => w.kind)).toEqual(['clientCert']);
    expect(r.value.findings.map((f) => f.code)).toEqual(['chain']);
  });

  it('writes no CA certificate when the certificate is itself the chosen CA certificate', async () => {
    const self = await testCa('Board Self', undefined, Date.now(), board);
    const r = await checkBeforeWrite(
      await request({ certificates: [self.der], caCertificates: [self.pem], writeCaCertificate: true }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.anchorPem).toBeNull();
    expect(r.value.writes.map((w) => w.kind)).toEqual(['clientCert']);
  });

  it('climbs as far as the CA certificates go when the root is not among them', async () => {
    const sub = await testCa('Test Sub Issuing', issuing);
    const der = await leaf({}, () => sub);
    const onlyIssuing = await checkBeforeWrite(
      await request({ certificates: [der], caCertificates: [sub.pem, issuing.pem], writeCaCertificate: true }),
    );
    if (!onlyIssuing.ok) throw new Error(onlyIssuing.error.message);
    expect(onlyIssuing.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(issuing.pem);
    expect(onlyIssuing.value.intermediatesPem).toEqual([sub.pem]);
    const onlySub = await checkBeforeWrite(
      await request({ certificates: [der], caCertificates: [sub.pem], writeCaCertificate: true }),
    );
    if (!onlySub.ok) throw new Error(onlySub.error.message);
    expect(onlySub.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(sub.pem);
    expect(onlySub.value.anchorPem).toBe(sub.pem);
  });

  it('climbs by name and key together: a self-signed certificate with a CA key but another name is not its root', async () => {
    const renamedIssuing = await testCa('Renamed Issuing', undefined, Date.now(), issuing); // issuing's key
    const renamedRoot = await testCa('Renamed Root', undefined, Date.now(), root); // root's key
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuing)],
        caCertificates: [issuing.pem, renamedIssuing.pem, renamedRoot.pem, root.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(root.pem);
    expect(r.value.anchorPem).toBe(root.pem);
    expect(r.value.intermediatesPem).toEqual([issuing.pem]);
  });

  it('checks the chain at the time asked, not now', async () => {
    const at = Date.now() + 4000 * DAY; // the leaf and both CAs have expired by then
    const r = await checkBeforeWrite(await request({ certificates: [await leaf({}, () => issuing), issuing.der], at }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.filter((f) => f.code === 'chain').map((f) => f.chainProblem)).toEqual([
      'expired',
      'expired',
    ]);
    expect(r.value.findings.map((f) => f.code)).toContain('expired');
  });

  it('finds the CSR among other PEM blocks, and refuses a broken one or a bad time as values', async () => {
    const both = await checkBeforeWrite(await request({ csr: root.pem + toPem('CERTIFICATE REQUEST', csr) }));
    expect(both.ok && both.value.writable).toBe(true);
    const broken = await checkBeforeWrite(await request({ csr: toPem('CERTIFICATE REQUEST', notACertificate()) }));
    expect(broken.ok ? null : broken.error).toEqual({
      code: 'malformed',
      message: 'the CSR could not be read: it is needed to check the key',
    });
    const nan = await checkBeforeWrite(await request({ at: Number.NaN }));
    expect(nan.ok ? null : nan.error.code).toBe('malformed');
  });

  it('turns anything unexpected into an internal error value, never a throw', async () => {
    const r = await checkBeforeWrite({ ...(await request({})), certificates: null as never });
    expect(r.ok ? null : r.error.code).toBe('internal');
    expect(r.ok ? '' : r.error.message).toMatch(/^the check before writing failed unexpectedly \(/);
  });

  it('writes no CA certificate when the user chose not to, and only then', async () => {
    for (const writeCaCertificate of [false, true]) {
      const r = await checkBeforeWrite(
        await request({ certificates: [await leaf({}, () => issuing), issuing.der], writeCaCertificate }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.writes.map((w) => w.kind)).toEqual(writeCaCertificate ? ['caCert', 'clientCert'] : ['clientCert']);
      expect(r.value.anchorPem).toBe(root.pem); // reported either way; written only when chosen
    }
  });

  it('names the expired intermediate, and what to do, when the leaf itself is valid', async () => {
    const r = await checkBeforeWrite(
      await request({ certificates: [await leaf({}, () => expiredIssuing), expiredIssuing.der] }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(false);
    const chain = r.value.findings.find((f) => f.code === 'chain');
    expect(chain).toMatchObject({ chainProblem: 'expired', certificate: 'O=KeyWire Tests, CN=Expired Issuing' });
    expect(chain?.action).toMatch(/renew the CA/);
    expect(r.value.checks.find((c) => c.id === 'validity')?.verdict).toBe('passed');
    expect(r.value.checks.find((c) => c.id === 'chain')?.verdict).toBe('failed');
  });

  it('writes the root the path reached, not the intermediate, as the CA certificate', async () => {
    const r = await checkBeforeWrite(
      await request({ certificates: [await leaf({}, () => issuing), issuing.pem], writeCaCertificate: true }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(root.pem);
    expect(r.value.intermediatesPem).toEqual([issuing.pem]);
  });

  it('writes the root, not an issuing CA the source lists among its CA certificates', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuing)],
        caCertificates: [issuing.pem, root.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(true);
    expect(r.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(root.pem);
    expect(r.value.findings.map((f) => f.code)).toEqual(['intermediate-not-on-board']);
    expect(r.value.intermediatesPem).toEqual([issuing.pem]);
    expect(r.value.anchorPem).toBe(root.pem);
  });

  it('names the key proofs it used: the CSR signature and the certificate key', async () => {
    const r = await checkBeforeWrite(await request({}));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.proofs.map((p) => [p.id, p.passed])).toEqual([
      ['csr-signature', true],
      ['certificate-key', true],
    ]);
    expect(r.value.proofs.map((p) => p.detail)).toEqual([
      "The CSR's signature verifies with its own key.",
      "The certificate carries the CSR's key.",
    ]);
    const mismatch = await checkBeforeWrite(
      await request({
        certificates: [
          await leaf(
            {},
            () => root,
            () => other,
          ),
        ],
      }),
    );
    if (!mismatch.ok) throw new Error(mismatch.error.message);
    expect(mismatch.value.proofs[1]).toEqual({
      id: 'certificate-key',
      passed: false,
      detail: "The certificate carries another key than the CSR's.",
    });
  });

  it('refuses a CSR whose signature does not verify with its own key (no proof of possession)', async () => {
    const broken = csr.slice();
    broken[broken.length - 5] = broken[broken.length - 5]! ^ 0x01; // inside the signature's last INTEGER
    const r = await checkBeforeWrite(await request({ csr: broken }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(false);
    expect(r.value.proofs.find((p) => p.id === 'csr-signature')?.passed).toBe(false);
    expect(r.value.findings.map((f) => f.code)).toContain('no-proof-of-possession');
    expect(r.value.proofs[0]!.detail).toMatch(/^The CSR's signature does not verify with its own key \(.+\)\.$/);
    expect(r.value.findings.find((f) => f.code === 'no-proof-of-possession')).toMatchObject({
      check: 'certificate-key',
      severity: 'error',
      message: "The CSR's signature does not verify with its own key: nothing proves the board holds that key.",
      action: 'Start over so the board makes a new key and CSR.',
    });
  });

  it('refuses a returned certificate with bytes after it, and says what to do', async () => {
    const der = await leaf();
    const r = await checkBeforeWrite(await request({ certificates: [new Uint8Array([...der, 0x05, 0x00])] }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(false);
    const refused = r.value.findings.filter((f) => f.chainProblem === 'unparseable');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      code: 'chain',
      check: 'chain',
      severity: 'error',
      action: 'Fetch the certificates from the CA again; a CA that appends bytes to a certificate needs fixing.',
    });
    expect(refused[0]!.message).toMatch(/^A certificate was refused: .+/);
  });

  it('refuses a CSR-shaped block whose parts cannot be read as a CSR it cannot read, not as an internal failure', async () => {
    // a PKCS#10 outline (version, subject, key, attributes; algorithm, signature) with empty parts
    const outline = sequence(
      sequence(smallInteger(0), sequence(), sequence(), explicit(0)),
      sequence(),
      bitString(Uint8Array.of(0)),
    );
    const r = await checkBeforeWrite(await request({ csr: toPem('CERTIFICATE REQUEST', outline) }));
    expect(r.ok ? null : r.error).toEqual({
      code: 'malformed',
      message: 'the CSR could not be read: it is needed to check the key',
    });
  });

  it('for another key, explains the mismatch on a certificate without basicConstraints too', async () => {
    // Many end-entity certificates leave basicConstraints out (RFC 5280 §4.2.1.9 allows it).
    const key = other.spki;
    const der = await signTbs(
      tbsCertificate({
        serial: randomSerial(),
        curve: 'P-256',
        issuerDer: root.subjectDer,
        subjectDer: sequence(),
        spkiDer: key,
        notBefore: Date.now() - DAY,
        notAfter: Date.now() + DAY,
        extensions: certExtensions({
          ca: false,
          keyUsage: ['digitalSignature'],
          subjectKeyId: Uint8Array.of(1, 2, 3),
          authorityKeyId: root.ski,
        }).slice(1), // without basicConstraints
      }),
      'P-256',
      root.keys.privateKey,
    );
    const r = await checkBeforeWrite(await request({ certificates: [root.der, der] }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(false);
    expect(r.value.leaf).toMatchObject({ keyMatchesCsr: false, serialHex: expect.any(String) });
    expect(r.value.findings.map((f) => f.code)).toContain('key-mismatch');
  });

  it('refuses a CSR it cannot read, as a value', async () => {
    const r = await checkBeforeWrite(await request({ csr: 'not a csr' }));
    expect(r.ok ? null : r.error.code).toBe('malformed');
  });
});
